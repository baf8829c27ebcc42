// Benchmark: calibration throughput (images/s) and quantize-pass time on the MobileNetV2-sized graph.
import { pathToFileURL } from 'node:url';
import { Module } from '../../src/ir/core.js';
import { cloneModule } from '../../src/ir/clone.js';
import { PassManager } from '../../src/pass/manager.js';
import { PassContext } from '../../src/pass/pass.js';
import { passRegistry } from '../../passes/index.js';
import { CalibrationKey } from '../../passes/calibrate.js';
import { Interpreter } from '../../src/interpreter/interpreter.js';
import { collectSamples } from '../../src/interpreter/datasets/dataset.js';
import { syntheticDataset } from '../../src/interpreter/datasets/synthetic.js';
import { mobileNetV2Graph } from '../../src/interpreter/testing/mobilenet-v2-graph.js';
import { datasetCalibration } from '../../src/quant/calibration.js';
import type { BenchFigure } from './core-bench.js';

export interface QuantBenchOptions {
  /** Images calibrated on (and run plainly for the baseline). Default 8. */
  readonly images?: number;
  /** Timed runs of each quantize mode. Default 5. */
  readonly quantizeRuns?: number;
}

const INPUT = [224, 224, 3];

async function pipeline(m: Module, text: string, ctx = new PassContext()): Promise<number> {
  const pm = PassManager.fromPipeline(text, passRegistry, { verifyEach: false });
  const t0 = performance.now();
  await pm.run(m, ctx);
  return performance.now() - t0;
}

/** Mean of `runs` timings of `fn` on fresh copies of `m` (the copying is not timed). */
async function meanOnCopies(m: Module, runs: number, fn: (copy: Module) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < runs; i++) total += await fn(cloneModule(m));
  return total / runs;
}

/**
 * Calibration (minmax and histogram-based percentile) in images/s against plain float-interpreter inference of the
 * same images, and the quantize pass (int8, dynamic-range, float16) in ms against copying the graph.
 */
export async function quantBench(options: QuantBenchOptions = {}): Promise<BenchFigure[]> {
  const images = options.images ?? 8;
  const runs = options.quantizeRuns ?? 5;
  const { module, params } = mobileNetV2Graph();
  const data = syntheticDataset(INPUT, images, 7);
  const samples = await collectSamples(data);
  const figures: BenchFigure[] = [];

  // Like calibration, the baseline plans the graph and uploads its weights once, then runs every image.
  const warm = await Interpreter.create(module);
  await warm.run([samples[0]!.data]);
  warm.dispose();
  const t0 = performance.now();
  const interp = await Interpreter.create(module);
  try {
    for (const s of samples) await interp.run([s.data]);
  } finally {
    interp.dispose();
  }
  const plainMs = performance.now() - t0;
  const plainRate = (images * 1000) / plainMs;
  figures.push({ name: `float interpreter, MobileNetV2 224x224 (${(params / 1e6).toFixed(1)}M params)`, value: plainRate, unit: 'images/s' });

  let calibrated: Module | undefined;
  for (const method of ['minmax', 'percentile'] as const) {
    const m = cloneModule(module);
    const ctx = new PassContext();
    ctx.provide(CalibrationKey, datasetCalibration(data, { progressLabel: null }));
    const ms = await pipeline(m, `calibrate{method=${method} samples=0}`, ctx);
    const rate = (images * 1000) / ms;
    figures.push({ name: `calibrate{method=${method}} on MobileNetV2 224x224`, value: rate, unit: 'images/s', baseline: 'float interpreter inference of the same images (create + runs)', ratio: rate / plainRate });
    if (method === 'minmax') calibrated = m;
  }

  const copyMs = await meanOnCopies(calibrated!, runs, async (c) => {
    const t0 = performance.now();
    cloneModule(c);
    return performance.now() - t0;
  });
  for (const mode of ['int8', 'dynamic-range', 'float16'] as const) {
    const ms = await meanOnCopies(calibrated!, runs, (c) => pipeline(c, `quantize{mode=${mode}}`));
    figures.push({ name: `quantize{mode=${mode}} on MobileNetV2 (${calibrated!.main().body.size} ops)`, value: ms, unit: 'ms', baseline: 'copying the graph (cloneModule)', ratio: ms / copyMs });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await quantBench()) {
    const ratio = f.ratio === undefined ? '' : `  (${f.ratio.toFixed(3)}x ${f.baseline})`;
    console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${ratio}`);
  }
}
