// The representative-dataset interface (what calibration iterates) and the option checks its sources share.
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';

/** One model input without the batch dimension, e.g. shape [224, 224, 3]. */
export interface Sample {
  /** Where it came from: a file name, `file.npy[3]`, `mnist/7/12`, `synthetic[0]`. */
  name: string;
  data: Float32Array;
  shape: number[];
  /** The class, when the source knows it (mnist digits). */
  label?: number;
}

/**
 * A source of samples. Every call to [Symbol.asyncIterator]() starts again from the first sample, in the same
 * order, so a dataset can be walked more than once (e.g. calibrate, then check accuracy).
 */
export interface Dataset {
  readonly description: string;
  /** True for made-up data (random tensors); reports must say so. */
  readonly synthetic: boolean;
  /** Number of samples, when known before iterating. */
  readonly size: number | undefined;
  [Symbol.asyncIterator](): AsyncIterator<Sample>;
}

/** Options every source understands; images also use mean/std/centerCrop. */
export interface DatasetOptions {
  /** The model input's shape; a leading batch dim (1 or -1, rank >= 2) is dropped. Images need [H, W, C]. */
  shape?: readonly number[];
  /** Per-channel (or scalar) values for (x - mean) / std on 0..255 pixels. Default 127.5 / 127.5 -> [-1, 1]. */
  mean?: number | readonly number[];
  std?: number | readonly number[];
  /** Keep the central fraction (0, 1] of the image before resizing, like Inception's eval (0.875). */
  centerCrop?: number;
  /** Use at most this many samples. */
  samples?: number;
}

/**
 * A model input shape without its batch dimension: a leading 1 or -1 is dropped when the rank is at least 2
 * ([1,224,224,3] -> [224,224,3], [-1,784] -> [784]); rank-0/1 shapes such as [1] are kept as they are.
 */
export function sampleShapeOf(shape: readonly number[]): number[] {
  const s = [...shape];
  return s.length >= 2 && (s[0] === 1 || s[0] === -1) ? s.slice(1) : s;
}

export function checkSamples(samples: number | undefined): number | undefined {
  if (samples === undefined) return undefined;
  if (!Number.isSafeInteger(samples) || samples < 0) {
    userError(Codes.BadFlag, `samples must be a non-negative integer, got ${samples}`);
  }
  return samples;
}

/** Expands a scalar or per-channel option to one value per channel. */
export function perChannel(
  value: number | readonly number[] | undefined,
  channels: number,
  fallback: number,
  what: string,
): number[] {
  const list = value === undefined ? [fallback] : typeof value === 'number' ? [value] : [...value];
  if (list.length === 1) return new Array<number>(channels).fill(list[0]!);
  if (list.length !== channels) {
    userError(Codes.BadFlag, `${what} has ${list.length} values but the input has ${channels} channels`);
  }
  for (const v of list) if (!Number.isFinite(v)) userError(Codes.BadFlag, `${what} value ${v} is not a finite number`);
  return list;
}

/** True when `actual` equals `expected`, where a negative (unknown) dim in `expected` matches any size. */
export function shapeMatches(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.length === expected.length && expected.every((d, i) => d < 0 || d === actual[i]);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Wraps a generator factory as a Dataset. */
export function makeDataset(
  init: { description: string; synthetic: boolean; size: number | undefined },
  iterate: () => AsyncGenerator<Sample, void, undefined>,
): Dataset {
  return {
    description: init.description,
    synthetic: init.synthetic,
    size: init.size,
    [Symbol.asyncIterator]: iterate,
  };
}

/** Reads a whole dataset into memory (tests and small sets). */
export async function collectSamples(dataset: Dataset, limit = Infinity): Promise<Sample[]> {
  const out: Sample[] = [];
  if (limit <= 0) return out;
  for await (const s of dataset) {
    out.push(s);
    if (out.length >= limit) break;
  }
  return out;
}
