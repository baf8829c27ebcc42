// Writes a built-in architecture's weights as a TF checkpoint with the official variable names (litec export-ckpt).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeTensorBundle, type BundleTensor } from '../importers/tf/tensor-bundle/index.js';
import { buildEfficientNet } from './efficientnet.js';
import { WeightSource, seededWeights } from './weights.js';

export interface ExportOptions {
  /** Also write `<name>/ExponentialMovingAverage` shadows (scaled by `emaScale` so tests can tell them apart). */
  ema?: boolean;
  emaScale?: number;
  seed?: number;
}

/** Records every variable the builder asks for, with the values a source gives. */
function recording(source: WeightSource, out: BundleTensor[]): WeightSource {
  return {
    synthetic: source.synthetic,
    description: source.description,
    get(name, shape, kind) {
      const data = source.get(name, shape, kind);
      out.push({ name, dtype: 'float32', shape, data });
      return data;
    },
  };
}

export function exportCheckpoint(model: string, prefix: string, opts: ExportOptions = {}): { variables: number; indexFile: string; dataFile: string } {
  const tensors: BundleTensor[] = [];
  buildEfficientNet(model, { weights: recording(seededWeights(opts.seed ?? 0), tensors) });
  const all = [...tensors];
  if (opts.ema) {
    const k = opts.emaScale ?? 1;
    for (const t of tensors) {
      const src = t.data as Float32Array;
      all.push({ name: `${t.name}/ExponentialMovingAverage`, dtype: 'float32', shape: t.shape, data: k === 1 ? src : src.map((x) => x * k) });
    }
  }
  mkdirSync(dirname(prefix) || '.', { recursive: true });
  const written = writeTensorBundle(prefix, all);
  return { variables: all.length, ...written };
}
