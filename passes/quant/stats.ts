// Per-tensor calibration statistics (exact min/max plus a histogram) and the range choices made from them.
//
// The histogram is kept symmetric around 0 on [-R, R] with R a power of two, so it is the same whatever the order
// and batching of the data: a value always lands in the bin of the final grid (coarser grids nest exactly).

export type CalibrationMethod = 'minmax' | 'percentile' | 'mse';

/** Counts of values in `counts.length` equal bins spanning [-range, range]. */
export interface Histogram {
  readonly range: number;
  readonly counts: Float64Array;
}

/** What calibration learned about one float tensor over the representative data. */
export interface TensorStats {
  readonly min: number;
  readonly max: number;
  /** Finite values seen. */
  readonly count: number;
  /** Present when the method needs it (percentile, mse). */
  readonly histogram?: Histogram;
}

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Value at which a fraction `q` (0..1) of the histogram's mass on [from bin, to bin) lies below; linear in a bin. */
function quantileIn(counts: Float64Array, lo: number, hi: number, q: number, binLo: (i: number) => number, width: number): number {
  let total = 0;
  for (let i = lo; i < hi; i++) total += counts[i]!;
  if (total === 0) return binLo(lo);
  const target = q * total;
  let acc = 0;
  for (let i = lo; i < hi; i++) {
    const c = counts[i]!;
    if (acc + c >= target && c > 0) return binLo(i) + width * Math.min(1, Math.max(0, (target - acc) / c));
    acc += c;
  }
  return binLo(hi);
}

/**
 * Percentile clipping, per tail: the upper bound is the p-th percentile of the positive values, the lower bound
 * minus the p-th percentile of |x| over the negative values. Never wider than the exact min/max.
 */
export function percentileRange(s: TensorStats, percentile: number): Range {
  const h = s.histogram;
  if (h === undefined) return { min: s.min, max: s.max };
  const n = h.counts.length;
  const width = (2 * h.range) / n;
  const half = n / 2;
  const q = Math.min(1, Math.max(0, percentile / 100));
  const hi = s.max > 0 ? Math.min(s.max, quantileIn(h.counts, half, n, q, (i) => -h.range + i * width, width)) : s.max;
  // Negative tail read from 0 outwards: bins half-1, half-2, ... mirrored to |x|.
  const mirrored = new Float64Array(half);
  for (let i = 0; i < half; i++) mirrored[i] = h.counts[half - 1 - i]!;
  const lo = s.min < 0 ? Math.max(s.min, -quantileIn(mirrored, 0, half, q, (i) => i * width, width)) : s.min;
  return { min: lo, max: hi };
}

/** Expected squared error of quantizing the histogram's values to 256 levels on [lo, hi] (uniform rounding noise). */
export function expectedMse(h: Histogram, lo: number, hi: number, levels = 256): number {
  const n = h.counts.length;
  const width = (2 * h.range) / n;
  const step = (hi - lo) / (levels - 1);
  const rounding = (step * step) / 12;
  let err = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = h.counts[i]!;
    if (c === 0) continue;
    const x = -h.range + (i + 0.5) * width;
    const d = x < lo ? lo - x : x > hi ? x - hi : 0;
    err += c * (d * d + rounding);
    total += c;
  }
  return total === 0 ? 0 : err / total;
}

/**
 * The clip range with the least expected quantization MSE: first both ends scaled together over a grid of
 * fractions of [min, max], then each end refined on its own with the other fixed. Deterministic.
 */
export function mseRange(s: TensorStats): Range {
  const h = s.histogram;
  if (h === undefined || s.count === 0 || s.max <= s.min) return { min: s.min, max: s.max };
  const lo0 = Math.min(0, s.min);
  const hi0 = Math.max(0, s.max);
  const STEPS = 200;
  let best = { lo: lo0, hi: hi0, err: expectedMse(h, lo0, hi0) };
  const consider = (lo: number, hi: number): void => {
    if (!(hi > lo)) return;
    const err = expectedMse(h, lo, hi);
    if (err < best.err) best = { lo, hi, err };
  };
  for (let k = 1; k < STEPS; k++) {
    const a = 1 - k / STEPS;
    consider(lo0 * a, hi0 * a);
  }
  const jointLo = best.lo;
  const jointHi = best.hi;
  for (let k = 0; k <= STEPS; k++) {
    const a = 0.5 + (k / STEPS) * 0.5;
    consider(best.lo, jointHi === 0 ? 0 : Math.min(hi0, (jointHi * a) / 0.75));
  }
  for (let k = 0; k <= STEPS; k++) {
    const a = 0.5 + (k / STEPS) * 0.5;
    consider(jointLo === 0 ? 0 : Math.max(lo0, (jointLo * a) / 0.75), best.hi);
  }
  return { min: best.lo, max: best.hi };
}

/** The range a method picks from the statistics of one tensor. */
export function chooseRange(s: TensorStats, method: CalibrationMethod, percentile: number): Range {
  switch (method) {
    case 'minmax':
      return { min: s.min, max: s.max };
    case 'percentile':
      return percentileRange(s, percentile);
    case 'mse':
      return mseRange(s);
  }
}
