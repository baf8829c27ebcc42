// The requantization tail of conv / depthwise / fully connected, once per output element, fast and bit-exact.
//
// out = clamp(MultiplyByQuantizedMultiplier(acc + bias, m, shift) + zp): the same steps as quant-math's functions
// (int32-wrapping left shift, SaturatingRoundingDoublingHighMul, RoundingDivideByPOT), with the same results, but
// without data-dependent branches, which mispredict on the random signs of real accumulators:
// - SRDHM's (p + nudge) / 2^31 truncated, nudge = 2^30 or 1 - 2^30 by the sign of p = x * m, equals
//   floor((p + 2^30) / 2^31) for every integer p (for p < 0, trunc = ceil, and ceil(n / d) = floor((n + d - 1) / d)).
//   requantizeExact splits x into 16-bit halves so every partial product is exact for any int32 x. requantizeFast,
//   for channels whose accumulators are bounded so that nothing wraps and |x * m| < 2^53 - 2^30, computes
//   (x * m + 2^30) / 2^31 as v * scale + offset from the exact sum v, with the bias, left shift, nudge and 2^-31
//   folded into two per-channel constants; every step is exact there. (SRDHM's one saturating case,
//   INT32_MIN * INT32_MIN, needs a multiplier of -2^31, which QuantizeMultiplier of a positive scale never gives;
//   convQuant rejects it.)
// - RoundingDivideByPOT adds 1 to (high >> e) when the remainder exceeds its threshold: -((threshold - rem) >> 31);
// - the clamps are masks of the signs of the differences, after a predictable cut to +-2^16 that keeps the
//   differences in int32 range and changes nothing (the clamp bounds are 8-bit values).
// Which of the two a channel uses is decided once per run from a bound on its accumulators (outputStage), so no
// loop ever computes a value it must throw away: feeding V8's compiled loops out-of-range values slows them down.
import type { Requantize } from './conv-params.js';

/** Products below this in magnitude are exact doubles, and so is adding 2^30 to them. */
const EXACT_PRODUCT = 2 ** 53 - 2 ** 30;
const TWO_POW_MINUS_31 = 2 ** -31;
const TWO_POW_MINUS_15 = 2 ** -15;
const LANE = 2 ** 26;
const INV_LANE = 2 ** -26;

/** TFLite's int32 accumulator for an exact sum v: ((v | 0) + bias) | 0, then the int32-wrapping left shift. */
export function accumulator(v: number, bias: number, leftFactor: number): number {
  return Math.imul(((v | 0) + bias) | 0, leftFactor);
}

function finish(high: number, e: number, mask: number, zp: number, lo: number, hi: number): number {
  const threshold = (mask >> 1) + (high >>> 31);
  let y = (high >> e) - ((threshold - (high & mask)) >> 31);
  if (y > 65536) y = 65536;
  else if (y < -65536) y = -65536;
  y += zp;
  y += (lo - y) & ((y - lo) >> 31);
  y -= (y - hi) & ((hi - y) >> 31);
  return y;
}

/**
 * The output for exact sum v of a channel whose accumulators stay bounded (OutputStage.fast), with that channel's
 * scale = m * 2^leftShift / 2^31 and offset = (bias * m * 2^leftShift + 2^30) / 2^31 (fastConstants).
 */
export function requantizeFast(v: number, scale: number, offset: number, e: number, mask: number, zp: number, lo: number, hi: number): number {
  const high = Math.floor(v * scale + offset);
  // |high| < 2^22 here, so no cut is needed before the clamp masks.
  let y = (high >> e) - (((mask >> 1) + (high >>> 31) - (high & mask)) >> 31) + zp;
  y += (lo - y) & ((y - lo) >> 31);
  y -= (y - hi) & ((hi - y) >> 31);
  return y;
}

/** requantizeFast's per-channel constants (exact when the channel's bound holds; see outputStage). */
export function fastConstants(m: number, leftFactor: number, bias: number): { scale: number; offset: number } {
  const ml = m * leftFactor;
  return { scale: ml * TWO_POW_MINUS_31, offset: (bias * ml + 1073741824) * TWO_POW_MINUS_31 };
}

/** The output for any int32 accumulator x: SRDHM from 16-bit halves of x, every partial product exact. */
export function requantizeExact(x: number, m: number, e: number, mask: number, zp: number, lo: number, hi: number): number {
  // x * m + 2^30 = (x >> 16) * m * 2^16 + ((x & 0xffff) * m + 2^30); the first term = (qa * 2^15 + ra) * 2^16.
  const a = (x >> 16) * m;
  const qa = Math.floor(a * TWO_POW_MINUS_15);
  const high = qa + Math.floor(((a - qa * 32768) * 65536 + (x & 0xffff) * m + 1073741824) * TWO_POW_MINUS_31);
  return finish(high, e, mask, zp, lo, hi);
}

/**
 * The per-run constants of an op's output channels: bias + inputOffset * sum_k w[c][k] wrapped to int32 (TFLite
 * adds the bias to its int32 accumulator; the offset's products are part of it), and whether requantizeFast is exact
 * for every accumulator the channel can have. Raw inputs are in int8 range, so |sum_k w[c][k] * x[k]| <= 128 *
 * weightL1[c]; with the bias that bounds the accumulator before and after the left shift.
 */
export interface OutputStage {
  readonly q: Requantize;
  readonly bias: Int32Array;
  readonly fast: Uint8Array;
  /** requantizeFast's constants of the fast channels. */
  readonly scale: Float64Array;
  readonly offset: Float64Array;
}

export function outputStage(q: Requantize, bias: Int32Array | undefined, inputOffset: number, weightSums: Int32Array, weightL1: Float64Array): OutputStage {
  const channels = weightSums.length;
  const folded = new Int32Array(channels);
  const fast = new Uint8Array(channels);
  const scale = new Float64Array(channels);
  const offset = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const b = ((bias === undefined ? 0 : bias[c]!) + Math.imul(inputOffset, weightSums[c]!)) | 0;
    folded[c] = b;
    // |sum| <= 128 * L1 before the bias; the left shift must not wrap either.
    const bound = (128 * weightL1[c]! + Math.abs(b)) * Math.abs(q.leftFactors[c]!);
    if (bound < 2 ** 31 && bound * Math.abs(q.multipliers[c]!) < EXACT_PRODUCT) {
      fast[c] = 1;
      const k = fastConstants(q.multipliers[c]!, q.leftFactors[c]!, b);
      scale[c] = k.scale;
      offset[c] = k.offset;
    }
  }
  return { q, bias: folded, fast, scale, offset };
}

/** The two lanes of a packed sum s = low + 2^26 * high with |low| < 2^25: the high lane (low = s - high * 2^26). */
export function highLane(s: number): number {
  // s + 2^25 = high * 2^26 + (low + 2^25) with 0 <= low + 2^25 < 2^26.
  return Math.floor((s + 33554432) * INV_LANE);
}

/**
 * Requantizes `rows` rows of exact sums held in float64s (row r at sums[r * stride]), one channel per number or two
 * packed as low + 2^26 * high (see packed-gemm.ts), into out[outAt + r * channels + c]. Channels are the outer loop
 * so a channel's parameters are read once per call.
 */
export function requantizeSums(sums: Float64Array, rows: number, stride: number, lanes: 1 | 2, channels: number, stage: OutputStage, out: Int8Array | Uint8Array, outAt: number): void {
  const { q, bias, fast, scale, offset } = stage;
  const { multipliers, leftFactors, rightShifts, masks, outputZeroPoint: zp, actMin: lo, actMax: hi } = q;
  let c = 0;
  if (lanes === 2) {
    for (let j = 0; c + 1 < channels; c += 2, j++) {
      const b0 = bias[c]!, l0 = leftFactors[c]!, m0 = multipliers[c]!, e0 = rightShifts[c]!, k0 = masks[c]!;
      const b1 = bias[c + 1]!, l1 = leftFactors[c + 1]!, m1 = multipliers[c + 1]!, e1 = rightShifts[c + 1]!, k1 = masks[c + 1]!;
      if (fast[c] === 1 && fast[c + 1] === 1) {
        const s0 = scale[c]!, f0 = offset[c]!, s1 = scale[c + 1]!, f1 = offset[c + 1]!;
        for (let r = 0, i = j, o = outAt + c; r < rows; r++, i += stride, o += channels) {
          const s = sums[i]!;
          const high = highLane(s);
          out[o] = requantizeFast(s - high * LANE, s0, f0, e0, k0, zp, lo, hi);
          out[o + 1] = requantizeFast(high, s1, f1, e1, k1, zp, lo, hi);
        }
      } else {
        for (let r = 0, i = j, o = outAt + c; r < rows; r++, i += stride, o += channels) {
          const s = sums[i]!;
          const high = highLane(s);
          out[o] = requantizeExact(accumulator(s - high * LANE, b0, l0), m0, e0, k0, zp, lo, hi);
          out[o + 1] = requantizeExact(accumulator(high, b1, l1), m1, e1, k1, zp, lo, hi);
        }
      }
    }
  }
  // One channel per number, or an odd last channel (its pair's high lane is 0).
  for (; c < channels; c++) {
    const b = bias[c]!, l = leftFactors[c]!, m = multipliers[c]!, e = rightShifts[c]!, k = masks[c]!;
    for (let r = 0, i = lanes === 2 ? c >> 1 : c, o = outAt + c; r < rows; r++, i += stride, o += channels) {
      out[o] = requantizeExact(accumulator(sums[i]!, b, l), m, e, k, zp, lo, hi);
    }
  }
}
