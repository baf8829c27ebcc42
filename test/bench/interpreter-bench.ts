// Benchmark of the float interpreter: images/s and peak tensor memory on the MobileNetV2-shaped tfl graph.
import * as tf from '@tensorflow/tfjs-core';
import { Bench } from 'tinybench';
import { Interpreter, type BackendName } from '../../src/interpreter/index.js';
import { mobileNetV2Graph } from '../../src/interpreter/testing/mobilenet-v2-graph.js';

export interface InterpreterBenchOptions {
  /** tinybench time budget per task in ms (default 2000). */
  readonly time?: number;
  readonly inputSize?: number;
  readonly batch?: number;
  /** Force a tfjs backend (default: wasm, else cpu). */
  readonly backend?: BackendName;
}

export interface InterpreterBenchResult {
  readonly backend: BackendName;
  readonly inputSize: number;
  readonly batch: number;
  readonly ops: number;
  readonly params: number;
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly imagesPerSec: number;
  /** Peak bytes of live tfjs tensors during one run (tf.profile), constants included. */
  readonly peakBytes: number;
  /** Bytes of the cached constants (weights in kernel layout). */
  readonly constantBytes: number;
  /** Time of the first run (constant upload and layout changes included). */
  readonly firstRunMs: number;
}

/** Runs the MobileNetV2-shaped graph (default 224x224, batch 1) and measures throughput and memory. */
export async function interpreterBench(opts: InterpreterBenchOptions = {}): Promise<InterpreterBenchResult> {
  const inputSize = opts.inputSize ?? 224;
  const batch = opts.batch ?? 1;
  const g = mobileNetV2Graph({ inputSize, batch, seed: 7 });
  const it = await Interpreter.create(g.module, opts.backend === undefined ? {} : { backend: opts.backend });
  try {
    const x = new Float32Array(batch * inputSize * inputSize * 3);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) >>> 0) / 2 ** 32;
    const t0 = performance.now();
    await it.run([x]);
    const firstRunMs = performance.now() - t0;

    const input = tf.tensor(x, [batch, inputSize, inputSize, 3]);
    const profile = await tf.profile(() => {
      for (const t of it.runTensors([input])) t.dispose();
    });
    input.dispose();

    const bench = new Bench({ name: 'float interpreter', time: opts.time ?? 2000, warmup: true });
    const name = `mobilenet-v2 ${inputSize}x${inputSize} batch ${batch}`;
    bench.add(name, async () => {
      await it.run([x]);
    });
    await bench.run();
    const r = bench.tasks[0]?.result as { latency?: { mean?: number; p99?: number } } | undefined;
    const meanMs = r?.latency?.mean ?? NaN;
    return {
      backend: it.backend.name,
      inputSize,
      batch,
      ops: g.module.main().body.size,
      params: g.params,
      meanMs,
      p99Ms: r?.latency?.p99 ?? NaN,
      imagesPerSec: (1000 * batch) / meanMs,
      peakBytes: profile.peakBytes,
      constantBytes: it.cachedBytes,
      firstRunMs,
    };
  } finally {
    it.dispose();
  }
}

/** One printable line per result. */
export function formatInterpreterBench(rows: readonly InterpreterBenchResult[]): string {
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
  return rows
    .map(
      (r) =>
        `mobilenet-v2 ${r.inputSize}x${r.inputSize} b${r.batch} [${r.backend}]  ${r.meanMs.toFixed(1)} ms/run (p99 ${r.p99Ms.toFixed(1)})  ` +
        `${r.imagesPerSec.toFixed(1)} images/s  peak ${mb(r.peakBytes)} (weights ${mb(r.constantBytes)})  first run ${r.firstRunMs.toFixed(0)} ms`,
    )
    .join('\n');
}
