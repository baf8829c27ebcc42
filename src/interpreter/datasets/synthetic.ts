// Seeded random tensors, for when no real data is at hand. Marked synthetic: ranges calibrated on them are guesses.
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { formatShape, makeDataset, sampleShapeOf } from './dataset.js';
import type { Dataset } from './dataset.js';

/** Largest sample (in float32 values) synthetic data will make: 2 GiB, the size of the largest tensor litec imports. */
export const MAX_SAMPLE_ELEMENTS = 2 ** 29;

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` tensors of `shape` (a leading batch dim of 1/-1 is dropped) with values uniform in [range[0], range[1]] (float32).
 * Sample i is drawn from its own stream seeded by (seed, i), so a prefix does not depend on n.
 */
export function syntheticDataset(
  shape: readonly number[],
  n: number,
  seed = 0,
  range: readonly [number, number] = [-1, 1],
): Dataset {
  const s = sampleShapeOf(shape);
  if (s.some((d) => !Number.isSafeInteger(d) || d <= 0)) {
    userError(Codes.BadFlag, `synthetic data needs a fully known positive shape, got ${formatShape(shape)}`);
  }
  if (!Number.isSafeInteger(n) || n < 0) userError(Codes.BadFlag, `synthetic sample count must be >= 0, got ${n}`);
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    userError(Codes.BadFlag, `synthetic range must be finite with low <= high, got [${lo}, ${hi}]`);
  }
  const count = s.reduce((a, b) => a * b, 1);
  // A damaged model or a mistyped shape can ask for more than a Float32Array can hold: say so, do not throw RangeError.
  if (count > MAX_SAMPLE_ELEMENTS) {
    userError(Codes.BadInput, `synthetic data: one sample of ${formatShape(s)} would hold ${count.toExponential(2)} values, more than ${MAX_SAMPLE_ELEMENTS} (2 GiB of float32); check the model input shape`);
  }
  return makeDataset(
    {
      description: `synthetic data: ${n} random tensor${n === 1 ? '' : 's'} of ${formatShape(s)}, uniform in [${lo}, ${hi}], seed ${seed} (not real inputs)`,
      synthetic: true,
      size: n,
    },
    async function* () {
      for (let i = 0; i < n; i++) {
        const next = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35));
        const data = new Float32Array(count);
        for (let j = 0; j < count; j++) data[j] = lo + (hi - lo) * next();
        yield { name: `synthetic[${i}]`, data, shape: [...s] };
      }
    },
  );
}
