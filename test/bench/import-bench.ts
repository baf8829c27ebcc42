// Benchmark of the TF importers: SavedModel import times (trained Keras CNN, MobileNetV2 with seeded weights) and
// TensorBundle read throughput (MB/s of checkpoint tensor data).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { importSavedModel } from '../../src/importers/tf/import-tf.js';
import { decodeSavedModel } from '../../src/importers/tf/proto/index.js';
import { TensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';
import { sharedModel } from '../support/shared-models.js';

const MNIST = 'savedmodel/mnist_cnn_bn';
const MOBILENET = 'savedmodel/mobilenet_v2_no_weights';

/** Bytes each task handles per run (0 when throughput means nothing for it). */
const sizes = new WeakMap<Bench, Map<string, number>>();

/** Bytes of tensor data in a bundle (every entry with a data shard). */
function bundleBytes(prefix: string): number {
  const b = TensorBundle.open(prefix);
  return b.keys().reduce((n, k) => n + b.entry(k).size, 0);
}

/** Runs the import tasks (needs ../shared/models) and returns the finished Bench. */
export async function importBench(opts: { time?: number; iterations?: number } = {}): Promise<Bench> {
  // A MobileNet import takes about half a second: a few iterations give a stable mean without minutes of work.
  const iterations = opts.iterations ?? 8;
  const bench = new Bench({ name: 'TF importers', time: opts.time ?? 1000, iterations, warmupIterations: Math.min(2, iterations), warmupTime: 0 });
  const meta = new Map<string, number>();
  const mnist = sharedModel(MNIST);
  const mobilenet = sharedModel(MOBILENET);
  const prefix = join(mnist, 'variables', 'variables');
  const mobilenetPb = readFileSync(join(mobilenet, 'saved_model.pb'));

  bench.add('import mnist_cnn_bn', () => {
    importSavedModel(mnist);
  });
  meta.set('import mnist_cnn_bn', 0);
  bench.add('import mobilenet_v2 (seeded weights)', () => {
    importSavedModel(mobilenet, { allowMissingWeights: true });
  });
  meta.set('import mobilenet_v2 (seeded weights)', 0);
  bench.add('decode mobilenet_v2 saved_model.pb', () => {
    decodeSavedModel(mobilenetPb, 'saved_model.pb');
  });
  meta.set('decode mobilenet_v2 saved_model.pb', mobilenetPb.length);
  bench.add('TensorBundle read all (mnist_cnn_bn)', () => {
    const b = TensorBundle.open(prefix);
    for (const k of b.keys()) b.read(k);
  });
  meta.set('TensorBundle read all (mnist_cnn_bn)', bundleBytes(prefix));
  sizes.set(bench, meta);
  await bench.run();
  return bench;
}

export interface ImportTiming {
  readonly task: string;
  readonly meanMs: number;
  /** MB/s of file bytes handled; NaN for tasks without a byte count. */
  readonly mbPerSec: number;
  readonly bytes: number;
}

export function importTimings(bench: Bench): ImportTiming[] {
  const meta = sizes.get(bench);
  return bench.tasks.map((t) => {
    const r = t.result as { latency?: { mean?: number } };
    const ms = r.latency?.mean ?? NaN;
    const bytes = meta?.get(t.name) ?? 0;
    return { task: t.name, meanMs: ms, mbPerSec: bytes > 0 ? bytes / 1e6 / (ms / 1000) : NaN, bytes };
  });
}

export function formatImportTimings(rows: readonly ImportTiming[]): string {
  return rows
    .map((r) => `${r.task.padEnd(40)} ${r.meanMs.toFixed(2).padStart(9)} ms${Number.isNaN(r.mbPerSec) ? '' : `  ${r.mbPerSec.toFixed(1).padStart(7)} MB/s (${(r.bytes / 1e6).toFixed(2)} MB)`}`)
    .join('\n');
}
