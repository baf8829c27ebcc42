// TFLite's integer arithmetic, bit for bit: multiplier quantization, gemmlowp's rounding primitives, (de)quantize.
//
// Sources followed (read, not copied): tensorflow/lite/kernels/internal/{common.h,common.cc,quantization_util.cc},
// tensorflow/lite/kernels/kernel_util.cc (activation ranges), reference/{quantize.h,dequantize.h}, and gemmlowp's
// fixedpoint/fixedpoint.h. All int32 values are JS numbers holding int32s; where C++ relies on int32 wrap-around
// (x * (1 << left_shift)), the wrap is emulated with Math.imul / `| 0`.
//
// MultiplyByQuantizedMultiplier: TFLite has two variants. The default build (TFLITE_SINGLE_ROUNDING=0) uses the
// double-rounding one (SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT) - that is
// multiplyByQuantizedMultiplier here, and what the int8 conv / fully-connected / depthwise reference kernels use.
// The single-rounding variant is multiplyByQuantizedMultiplierSingleRounding, for comparison only.

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const TWO_POW_31 = 2147483648;
const TWO_POW_52 = 4503599627370496;

/** TfLiteRound / std::round: round half away from zero. */
export function tfliteRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** std::frexp: x = fraction * 2^exponent with 0.5 <= |fraction| < 1 (fraction 0, exponent 0 for x = 0). Exact. */
export function frexp(x: number): { fraction: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { fraction: x, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let bias = 0;
  let bits = (view.getUint16(0) >> 4) & 0x7ff;
  if (bits === 0) {
    // Subnormal: scale into the normal range first.
    view.setFloat64(0, x * 2 ** 64);
    bits = (view.getUint16(0) >> 4) & 0x7ff;
    bias = 64;
  }
  const exponent = bits - 1022 - bias;
  // Set the biased exponent to 1022 so the value is in [0.5, 1).
  view.setUint16(0, (view.getUint16(0) & 0x800f) | (1022 << 4));
  return { fraction: view.getFloat64(0), exponent };
}

export interface QuantizedMultiplier {
  /** Q0.31 fixed-point multiplier in [2^30, 2^31) (or 0); negative reals give a negative multiplier. */
  multiplier: number;
  /** Power-of-two exponent: real ~= multiplier / 2^31 * 2^shift (positive = left shift). */
  shift: number;
}

/**
 * QuantizeMultiplier (quantization_util.cc): frexp, round the fraction to Q0.31; a fraction that rounds up to 2^31
 * is halved with the shift incremented; shifts below -31 flush to (0, 0). With `singleRounding` the shift is
 * also capped at 30 as the TFLITE_SINGLE_ROUNDING build does.
 */
export function quantizeMultiplier(realMultiplier: number, opts: { singleRounding?: boolean } = {}): QuantizedMultiplier {
  if (!Number.isFinite(realMultiplier)) throw new RangeError(`quantizeMultiplier: non-finite multiplier ${realMultiplier}`);
  if (realMultiplier === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(realMultiplier);
  let shift = exponent;
  let qFixed = tfliteRound(fraction * TWO_POW_31);
  if (qFixed === TWO_POW_31) {
    qFixed /= 2;
    shift++;
  }
  if (shift < -31) {
    shift = 0;
    qFixed = 0;
  }
  if (opts.singleRounding && shift > 30) {
    shift = 30;
    qFixed = INT32_MAX;
  }
  return { multiplier: qFixed, shift };
}

/** QuantizeMultiplierSmallerThanOneExp: for 0 < real < 1; `shift` is <= 0. */
export function quantizeMultiplierSmallerThanOneExp(realMultiplier: number): QuantizedMultiplier {
  if (!(realMultiplier > 0 && realMultiplier < 1)) {
    throw new RangeError(`quantizeMultiplierSmallerThanOneExp: ${realMultiplier} is not in (0, 1)`);
  }
  const q = quantizeMultiplier(realMultiplier);
  // So close to 1 that the fraction rounds up to 1.0: TFLite's CHECK(shift <= 0) fails here too.
  if (q.shift > 0) throw new RangeError(`quantizeMultiplierSmallerThanOneExp: ${realMultiplier} rounds to 1`);
  return q;
}

/** QuantizeMultiplierGreaterThanOne: for real > 1; `shift` is >= 0. */
export function quantizeMultiplierGreaterThanOne(realMultiplier: number): QuantizedMultiplier {
  if (!(realMultiplier > 1)) throw new RangeError(`quantizeMultiplierGreaterThanOne: ${realMultiplier} is not > 1`);
  const q = quantizeMultiplier(realMultiplier);
  if (q.shift < 0) throw new RangeError(`quantizeMultiplierGreaterThanOne: ${realMultiplier} gave a negative shift`);
  return q;
}

/**
 * gemmlowp SaturatingRoundingDoublingHighMul (ARM VQRDMULH): (a*b + nudge) / 2^31 truncated toward zero, where
 * nudge = 2^30 for a*b >= 0 else 1 - 2^30; INT32_MIN * INT32_MIN saturates to INT32_MAX.
 * Exact without BigInt: products below 2^52 are exact doubles; larger ones are split into 16-bit halves.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  const p = a * b;
  if (p < TWO_POW_52 && p > -TWO_POW_52) {
    // Exact: p is an integer below 2^52, adding the nudge stays exact, dividing by 2^31 only moves the exponent.
    return Math.trunc((p >= 0 ? p + 1073741824 : p - 1073741823) / TWO_POW_31) | 0;
  }
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // |a|*|b| = ah*bh*2^32 + (ah*bl + al*bh)*2^16 + al*bl, every partial product exact below 2^49.
  const negative = a < 0 !== b < 0;
  const ua = Math.abs(a);
  const ub = Math.abs(b);
  const ah = Math.floor(ua / 65536);
  const al = ua - ah * 65536;
  const bh = Math.floor(ub / 65536);
  const bl = ub - bh * 65536;
  // For a*b < 0, trunc((a*b + 1 - 2^30) / 2^31) = -floor((|a*b| + 2^30 - 1) / 2^31).
  const nudge = negative ? 1073741823 : 1073741824;
  const r = 2 * ah * bh + Math.floor(((ah * bl + al * bh) * 65536 + al * bl + nudge) / TWO_POW_31);
  return (negative ? -r : r) | 0;
}

/** gemmlowp RoundingDivideByPOT: arithmetic right shift by 0..31 rounding to nearest, ties away from zero. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent >= 31 ? 0x7fffffff : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * gemmlowp SaturatingRoundingMultiplyByPOT for a run-time exponent (TFLite's ...POTParam): a saturating left shift
 * for exponent > 0, RoundingDivideByPOT for exponent < 0.
 */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  const threshold = exponent >= 31 ? 0 : (1 << (31 - exponent)) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return Math.imul(x, 2 ** exponent | 0);
}

/**
 * TFLite MultiplyByQuantizedMultiplier (default double-rounding build): left shift (wrapping like the C++), then
 * SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT. This is the requantization step of the int8
 * conv / depthwise / fully-connected kernels: acc * (inputScale * filterScale / outputScale).
 */
export function multiplyByQuantizedMultiplier(x: number, quantizedMultiplier: number, shift: number): number {
  const leftShift = shift > 0 ? shift : 0;
  const rightShift = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(Math.imul(x, 1 << leftShift), quantizedMultiplier), rightShift);
}

/** MultiplyByQuantizedMultiplierSmallerThanOneExp: SRDHM then RoundingDivideByPOT(-leftShift); leftShift <= 0. */
export function multiplyByQuantizedMultiplierSmallerThanOneExp(x: number, quantizedMultiplier: number, leftShift: number): number {
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, quantizedMultiplier), -leftShift);
}

/** MultiplyByQuantizedMultiplierGreaterThanOne: SRDHM(x * 2^leftShift, m); leftShift >= 0. */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, quantizedMultiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(Math.imul(x, 1 << leftShift), quantizedMultiplier);
}

/**
 * The TFLITE_SINGLE_ROUNDING variant: (x * m + 2^(30 - shift)) >> (31 - shift), one rounding (half up). Not what the
 * default TFLite build runs; here to measure the difference.
 */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, quantizedMultiplier: number, shift: number): number {
  const totalShift = 31 - shift;
  const p = x * quantizedMultiplier;
  if (p < TWO_POW_52 && p > -TWO_POW_52) {
    const v = p / 2 ** totalShift; // exact: division by a power of two
    const q = Math.floor(v);
    return (v - q >= 0.5 ? q + 1 : q) | 0;
  }
  const big = (BigInt(x) * BigInt(quantizedMultiplier) + (1n << BigInt(totalShift - 1))) >> BigInt(totalShift);
  return Number(BigInt.asIntN(32, big));
}

/**
 * MultiplyByQuantizedMultiplier for a 64-bit accumulator (int16x8 kernels): the multiplier is reduced to 16 bits
 * and one rounding shift applies. |x| < 2^47 as in TFLite.
 */
export function multiplyByQuantizedMultiplierInt64(x: number, quantizedMultiplier: number, shift: number): number {
  const reduced = quantizedMultiplier < 0x7fff0000 ? (quantizedMultiplier + (1 << 15)) >> 16 : 0x7fff;
  const totalShift = 15 - shift;
  const p = x * reduced;
  if (p < TWO_POW_52 && p > -TWO_POW_52) {
    const v = p / 2 ** totalShift;
    const q = Math.floor(v);
    return (v - q >= 0.5 ? q + 1 : q) | 0;
  }
  const big = (BigInt(x) * BigInt(reduced) + (1n << BigInt(totalShift - 1))) >> BigInt(totalShift);
  return Number(BigInt.asIntN(32, big));
}

/** CountLeadingZeros for uint32 (32 for 0). */
export function countLeadingZeros32(x: number): number {
  return Math.clz32(x);
}

/** CalculateInputRadius (quantization_util.cc): the largest input difference the fixed-point exp/logistic takes. */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31): number {
  const maxInputRescaled =
    (((1 << inputIntegerBits) - 1) * 2 ** (totalSignedBits - inputIntegerBits)) / 2 ** inputLeftShift;
  return Math.floor(maxInputRescaled);
}

// ---- quantize / dequantize (reference_ops::AffineQuantize and Dequantize)

export interface QuantRange {
  min: number;
  max: number;
}

export const INT8_RANGE: QuantRange = { min: -128, max: 127 };
export const UINT8_RANGE: QuantRange = { min: 0, max: 255 };
export const INT16_RANGE: QuantRange = { min: -32768, max: 32767 };

/**
 * AffineQuantize: q = clamp(TfLiteRound(x / float(scale)) + zeroPoint). The division is float32 like the kernel
 * (a double division rounded to float32 equals the float32 division).
 */
export function quantizeValue(x: number, scale: number, zeroPoint: number, range: QuantRange = INT8_RANGE): number {
  const q = tfliteRound(Math.fround(Math.fround(x) / Math.fround(scale))) + zeroPoint;
  // Out-of-range values saturate (the C++ cast would be undefined); NaN maps to range.min.
  if (!(q >= range.min)) return range.min;
  return q > range.max ? range.max : q;
}

/** Quantizes a float array to int8 (TFLite's QUANTIZE kernel / input quantization). */
export function quantizeInt8(values: ArrayLike<number>, scale: number, zeroPoint: number): Int8Array {
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = quantizeValue(values[i]!, scale, zeroPoint, INT8_RANGE);
  return out;
}

/** Quantizes a float array to uint8. */
export function quantizeUint8(values: ArrayLike<number>, scale: number, zeroPoint: number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = quantizeValue(values[i]!, scale, zeroPoint, UINT8_RANGE);
  return out;
}

/** Dequantize: float(scale * (q - zeroPoint)) with the scale as a double, like the reference kernel. */
export function dequantize(values: ArrayLike<number>, scale: number, zeroPoint: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = scale * (values[i]! - zeroPoint);
  return out;
}

/** Dequantizes int8 data (same arithmetic as dequantize; named for call sites that read better). */
export function dequantizeInt8(values: Int8Array, scale: number, zeroPoint: number): Float32Array {
  return dequantize(values, scale, zeroPoint);
}

// ---- fused activation clamps (kernel_util.cc CalculateActivationRangeQuantized)

/** TFLite's ActivationFunctionType names as they appear in the schema. */
export type FusedActivation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';

/**
 * The [min, max] clamp a quantized kernel applies for a fused activation: quantize(f) = zeroPoint +
 * TfLiteRound(f / scale) in float32, intersected with [qmin, qmax]. TANH and SIGN_BIT cannot be fused into
 * quantized kernels (TFLite returns an error), so they throw.
 */
export function calculateActivationRangeQuantized(
  activation: FusedActivation,
  scale: number,
  zeroPoint: number,
  range: QuantRange,
): QuantRange {
  const q = (f: number): number => zeroPoint + tfliteRound(Math.fround(f / Math.fround(scale)));
  switch (activation) {
    case 'NONE':
      return { min: range.min, max: range.max };
    case 'RELU':
      return { min: Math.max(range.min, q(0)), max: range.max };
    case 'RELU6':
      return { min: Math.max(range.min, q(0)), max: Math.min(range.max, q(6)) };
    case 'RELU_N1_TO_1':
      return { min: Math.max(range.min, q(-1)), max: Math.min(range.max, q(1)) };
    default:
      throw new RangeError(`fused activation ${activation} is not supported by quantized kernels`);
  }
}

/** calculateActivationRangeQuantized for int8 outputs. */
export function calculateActivationRangeInt8(activation: FusedActivation, scale: number, zeroPoint: number): QuantRange {
  return calculateActivationRangeQuantized(activation, scale, zeroPoint, INT8_RANGE);
}
