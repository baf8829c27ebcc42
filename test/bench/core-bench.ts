// Benchmarks of the compiler core: greedy driver and canonicalize on 2,000 ops; TFLite emit/import throughput.
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { passRegistry } from '../../passes/index.js';
import { PassManager } from '../../src/pass/manager.js';
import { Module } from '../../src/ir/core.js';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { importTflite } from '../../src/importers/tflite/import.js';
import { readTfliteModel } from '../../src/emitters/tflite/schema/reader.js';
import { parseModule } from '../../src/ir/parser.js';
import { printModule } from '../../src/ir/printer.js';
import { registry } from '../../dialects/registry.js';
import { randomTflGraph } from '../support/arbitrary-graph.js';
import { sharedModel, sharedModelsPresent } from '../support/shared-models.js';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** Same-run baseline this figure is compared with, and the ratio (figure / baseline). */
  baseline?: string;
  ratio?: number;
}

function opCount(m: Module): number {
  return m.funcs.reduce((a, f) => a + f.body.size, 0);
}

function meanMs(b: Bench, name: string): number {
  const t = b.tasks.find((x) => x.name === name);
  const r = t?.result as { latency?: { mean?: number } } | undefined;
  return r?.latency?.mean ?? NaN;
}

/** A graph of about `target` ops made of random well-typed tfl steps. */
export function syntheticGraph(target = 2000): Module {
  let best = randomTflGraph({ seed: 1, maxOps: target, minSteps: target, maxSteps: target });
  return best;
}

export async function coreBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const text = printModule(syntheticGraph(), { printAllData: true });
  const ops = opCount(parseModule(text, 'bench.mlir', registry));
  const b = new Bench({ time: 400 });
  b.add('walk ops (baseline)', () => {
    let n = 0;
    const m = parseModule(text, 'bench.mlir', registry);
    for (const op of m.main().ops()) n += op.numOperands;
    return n;
  });
  // canonicalize rewrites its module, so every iteration gets a freshly parsed one, outside the timed window.
  let fresh: Module | undefined;
  b.add(
    'canonicalize',
    async () => {
      await PassManager.fromPipeline('canonicalize', passRegistry, { verifyEach: false }).run(fresh!);
    },
    { beforeEach: () => void (fresh = parseModule(text, 'bench.mlir', registry)) },
  );
  b.add('parse', () => parseModule(text, 'bench.mlir', registry));
  await b.run();
  const parseMs = meanMs(b, 'parse');
  const canonMs = meanMs(b, 'canonicalize');
  figures.push({ name: `canonicalize on ${ops} ops (greedy driver)`, value: canonMs, unit: 'ms', baseline: 'parse of the same text', ratio: canonMs / parseMs });

  if (sharedModelsPresent()) {
    const path = sharedModel('tflite/tf2_mobilenet_v2_1.0_224_ptq.tflite');
    const bytes = new Uint8Array(readFileSync(path));
    const module = importTflite(readTfliteModel(bytes, path), path);
    const e = new Bench({ time: 400 });
    e.add('memcpy (baseline)', () => bytes.slice());
    e.add('emit', () => emitTflite(module));
    e.add('import', () => importTflite(readTfliteModel(bytes, path), path));
    await e.run();
    const mb = bytes.length / 1e6;
    const copy = meanMs(e, 'memcpy (baseline)');
    for (const n of ['emit', 'import']) {
      const ms = meanMs(e, n);
      figures.push({ name: `TFLite ${n} (MobileNetV2 int8, ${mb.toFixed(1)} MB)`, value: mb / (ms / 1000), unit: 'MB/s', baseline: 'memcpy of the file', ratio: ms / copy });
    }
  }
  return figures;
}
