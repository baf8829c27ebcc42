// Benchmark of the float rewrite pipeline on MobileNetV2 (imported with seeded weights; import time excluded).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { passRegistry } from '../../passes/index.js';
import { importModel } from '../../src/importers/load.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module } from '../../src/ir/core.js';
import { PassManager } from '../../src/pass/manager.js';
import { sharedModel, sharedModelsPresent } from '../support/shared-models.js';
import type { GoalFigure } from './report.js';

export const FLOAT_PIPELINE = 'legalize-tf,canonicalize,fold-constants,fold-batchnorm,fuse-bias,fuse-activation,pad-to-same,cse,dce';
const MOBILENET = 'savedmodel/mobilenet_v2_no_weights';

export interface PassesBenchOptions {
  /** Timed pipeline runs (each on a freshly imported module); default 10. */
  iterations?: number;
  /** Untimed runs first, so the figure is the JIT-compiled steady state; default 2. */
  warmup?: number;
}

/**
 * A full garbage collection, so the import's garbage (hundreds of MB of protobuf and seeded-weight temporaries) is
 * not collected inside the timed pipeline run. Node exposes gc() only behind --expose-gc; setting the flag at run
 * time and reading gc from a fresh context is the documented way around that.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

async function importMobilenet(): Promise<Module> {
  return (await importModel(sharedModel(MOBILENET), { allowMissingWeights: true, batchSize: 1 })).module;
}

/** Float32 elements of every constant: the weights the pipeline transposes and rescales. */
function weightElements(m: Module): number {
  let n = 0;
  for (const op of m.allOps()) {
    const c = constantValue(op);
    if (c?.data instanceof Float32Array) n += c.data.length;
  }
  return n;
}

/**
 * Times `FLOAT_PIPELINE` on MobileNetV2 (verify-each off, as `litec compile` runs it), its CPU time, and each pass. The
 * pipeline rewrites every weight once or twice (filters to TFLite layouts, batch norm scales), so the baseline is a
 * copy of all the weights' data; the ratio says how many such copies the pipeline costs. Empty without the shared
 * models.
 */
export async function passesBench(opts: PassesBenchOptions = {}): Promise<GoalFigure[]> {
  if (!sharedModelsPresent()) return [];
  const iterations = opts.iterations ?? 10;
  const warmup = opts.warmup ?? 2;
  let module: Module | undefined;
  const perPass = new Map<string, number[]>();
  const cpuMs: number[] = [];
  let elements = 0;
  let ops = 0;
  const bench = new Bench({ name: 'float passes', time: 0, iterations, warmupIterations: warmup, warmupTime: 0 });
  bench.add(
    'float pipeline on MobileNetV2',
    async () => {
      const cpu = process.cpuUsage();
      const r = await PassManager.fromPipeline(FLOAT_PIPELINE, passRegistry, { verifyEach: false }).run(module!);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
      for (const t of r.timings) perPass.set(t.pass, [...(perPass.get(t.pass) ?? []), t.ms]);
    },
    {
      beforeEach: async () => {
        module = await importMobilenet();
        elements = weightElements(module);
        ops = module.main().body.size;
        collectGarbage();
      },
    },
  );
  await bench.run();
  const weights = await importMobilenet();
  const arrays = [...weights.allOps()].map((op) => constantValue(op)?.data).filter((d): d is Float32Array => d instanceof Float32Array);
  const copy = new Bench({ time: 200, iterations: 5 });
  copy.add('copy every weight (baseline)', () => arrays.map((a) => a.slice()));
  await copy.run();
  const meanOf = (b: Bench): number => (b.tasks[0]!.result as { latency?: { mean?: number } }).latency?.mean ?? NaN;
  const pipelineMs = meanOf(bench);
  const copyMs = meanOf(copy);
  // The first `warmup` entries of each list are the warm-up runs.
  const passMean = (xs: number[]): number => {
    const timed = xs.slice(-iterations);
    return timed.reduce((a, b) => a + b, 0) / timed.length;
  };
  const cpu = passMean(cpuMs);
  const figures: GoalFigure[] = [
    {
      name: `float pipeline on MobileNetV2 (${ops} ops, ${(elements / 1e6).toFixed(2)}M weights)`,
      value: pipelineMs,
      unit: 'ms',
      baseline: 'copy of every weight',
      ratio: pipelineMs / copyMs,
      goal: '< 100 ms',
      met: pipelineMs < 100,
    },
    // On a shared machine wall time includes waiting for a core; CPU time (all threads, GC included) does not.
    { name: '  CPU time of the same runs', value: cpu, unit: 'ms', baseline: 'float pipeline (wall)', ratio: cpu / pipelineMs },
  ];
  for (const [pass, xs] of perPass) figures.push({ name: `  ${pass}`, value: passMean(xs), unit: 'ms', baseline: 'float pipeline', ratio: passMean(xs) / pipelineMs });
  return figures;
}
