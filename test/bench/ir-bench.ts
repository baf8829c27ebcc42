// Benchmark of the textual IR: print and parse throughput (MB/s, IR ops/s) on a random 2,000-op tfl graph.
import { Bench } from 'tinybench';
import { registry } from '../../dialects/registry.js';
import { Module } from '../../src/ir/core.js';
import { parseModule } from '../../src/ir/parser.js';
import { IrPrintOptions, printModule } from '../../src/ir/printer.js';
import { randomTflGraph } from '../support/arbitrary-graph.js';

export const IR_BENCH_OPS = 2000;

interface TaskSize {
  /** Bytes of IR text printed or parsed per run. */
  readonly bytes: number;
  /** IR ops printed or parsed per run. */
  readonly ops: number;
}

/** Bytes and op counts per task, so throughput can be derived from the timings. */
const sizes = new WeakMap<Bench, Map<string, TaskSize>>();

function opCount(m: Module): number {
  return m.funcs.reduce((n, f) => n + f.body.size, 0);
}

/** The benchmark graph: deterministic, about IR_BENCH_OPS ops, float weights. */
export function irBenchGraph(ops = IR_BENCH_OPS): Module {
  return randomTflGraph({ seed: 2024, minSteps: ops, maxSteps: ops, maxOps: ops });
}

/** Runs print and parse tasks (elided constants and all data) and returns the finished Bench. */
export async function irBench(opts: { time?: number; ops?: number } = {}): Promise<Bench> {
  const m = irBenchGraph(opts.ops);
  const n = opCount(m);
  const bench = new Bench({ name: `textual IR, ${n} ops`, time: opts.time ?? 500 });
  const meta = new Map<string, TaskSize>();
  const variants: [string, IrPrintOptions][] = [
    ['elided constants', {}],
    ['all data', { printAllData: true }],
  ];
  for (const [label, po] of variants) {
    const text = printModule(m, po);
    const bytes = Buffer.byteLength(text, 'utf8');
    bench.add(`print (${label})`, () => {
      printModule(m, po);
    });
    bench.add(`parse (${label})`, () => {
      parseModule(text, 'bench.mlir', registry);
    });
    meta.set(`print (${label})`, { bytes, ops: n });
    meta.set(`parse (${label})`, { bytes, ops: n });
  }
  sizes.set(bench, meta);
  await bench.run();
  return bench;
}

export interface IrThroughput {
  readonly task: string;
  readonly meanMs: number;
  readonly mbPerSec: number;
  /** IR ops printed or parsed per second. */
  readonly irOpsPerSec: number;
  readonly bytes: number;
}

/** Throughput figures of a finished irBench(). */
export function irThroughput(bench: Bench): IrThroughput[] {
  const meta = sizes.get(bench);
  return bench.tasks.map((t) => {
    const r = t.result as { latency?: { mean?: number } };
    const ms = r.latency?.mean ?? NaN;
    const s = meta?.get(t.name) ?? { bytes: NaN, ops: NaN };
    return { task: t.name, meanMs: ms, mbPerSec: s.bytes / 1e6 / (ms / 1000), irOpsPerSec: s.ops / (ms / 1000), bytes: s.bytes };
  });
}

/** A printable table: one line per task. */
export function formatIrThroughput(rows: readonly IrThroughput[]): string {
  return rows
    .map((r) => `${r.task.padEnd(26)} ${r.meanMs.toFixed(2).padStart(8)} ms  ${r.mbPerSec.toFixed(1).padStart(6)} MB/s  ${Math.round(r.irOpsPerSec).toLocaleString('en-US').padStart(9)} ops/s  (${(r.bytes / 1024).toFixed(0)} KiB)`)
    .join('\n');
}
