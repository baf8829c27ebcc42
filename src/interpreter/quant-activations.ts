// Quantized (int8/uint8) softmax and logistic, in both forms TFLite ships: gemmlowp fixed point and float LUT.
//
// Which one runs depends on the runtime:
//  - TFLite (tensorflow/lite/kernels/activations.cc, the runtime tfjs-tflite embeds): int8/uint8 SOFTMAX always
//    uses the float lookup table (PopulateSoftmaxLookupTable + optimized_ops::Softmax), and LOGISTIC uses a
//    256-entry table built with float math (PopulateLookupTable / LUTPopulate) in the default kernels.
//    -> softmaxInt8Lut / logisticInt8Lut.
//  - TFLite Micro and reference_ops (reference/softmax.h, reference/integer_ops/logistic.h): gemmlowp fixed point,
//    exp_on_negative_values + GetReciprocal for softmax, gemmlowp::logistic for logistic.
//    -> softmaxInt8Reference / logisticInt8Reference.
// The LUT variants compute in float32 (Math.fround at each step, like the C++); the one library call, exp, is
// Math.exp rounded to float32, which can differ from a C library's expf by one float ulp in rare cases.
import {
  calculateInputRadius,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierGreaterThanOne,
  quantizeMultiplierGreaterThanOne,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
  tfliteRound,
  frexp,
} from './quant-math.js';
import { expOnNegativeValues, getReciprocal, logistic, rescale } from './quant-fixedpoint.js';

type Int8Like = Int8Array | Uint8Array;

const f = Math.fround;

function rangeOf(data: Int8Like): { min: number; max: number } {
  return data instanceof Int8Array ? { min: -128, max: 127 } : { min: 0, max: 255 };
}

// ---- softmax, fixed point (reference_ops::Softmax for int8/uint8, TFLite Micro)

export interface SoftmaxFixedPointParams {
  inputMultiplier: number;
  inputLeftShift: number;
  diffMin: number;
}

const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

/** PreprocessSoftmaxScaling + CalculateInputRadius, as the int8 softmax Prepare does (double-rounding build). */
export function prepareSoftmaxFixedPoint(inputScale: number, beta = 1): SoftmaxFixedPointParams {
  const maxRealMultiplier = 2 ** 31 - 1;
  const real = Math.min(f(beta) * f(inputScale) * 2 ** (31 - SCALED_DIFF_INTEGER_BITS), maxRealMultiplier);
  const { multiplier, shift } = quantizeMultiplierGreaterThanOne(real);
  return {
    inputMultiplier: multiplier,
    inputLeftShift: shift,
    diffMin: -calculateInputRadius(SCALED_DIFF_INTEGER_BITS, shift),
  };
}

/**
 * Softmax over the last axis of `depth` elements. The output is int8 (zero point -128, scale 1/256) or uint8
 * (zero point 0, scale 1/256), chosen by the type of `output`.
 */
export function softmaxInt8Reference(
  input: Int8Like,
  depth: number,
  params: SoftmaxFixedPointParams,
  output: Int8Like,
): void {
  const outRange = rangeOf(output);
  const { inputMultiplier, inputLeftShift, diffMin } = params;
  const scaledExp = (diff: number): number =>
    expOnNegativeValues(
      multiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift),
      SCALED_DIFF_INTEGER_BITS,
    );
  for (let base = 0; base + depth <= input.length; base += depth) {
    let max = input[base]!;
    for (let c = 1; c < depth; c++) max = Math.max(max, input[base + c]!);
    let sumOfExps = 0; // Q12.19
    for (let c = 0; c < depth; c++) {
      const diff = input[base + c]! - max;
      if (diff >= diffMin) sumOfExps = (sumOfExps + rescale(scaledExp(diff), 0, ACCUMULATION_INTEGER_BITS)) | 0;
    }
    const { reciprocal, numBitsOverUnit } = getReciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
    const exponent = numBitsOverUnit + 31 - 8;
    for (let c = 0; c < depth; c++) {
      const diff = input[base + c]! - max;
      if (diff >= diffMin) {
        const unsat = roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, scaledExp(diff)), exponent);
        output[base + c] = Math.min(Math.max(unsat + outRange.min, outRange.min), outRange.max);
      } else {
        output[base + c] = outRange.min;
      }
    }
  }
}

// ---- softmax, float lookup table (TFLite's optimized_ops::Softmax with PopulateSoftmaxLookupTable)

/** table[d] = expf(-inputScale * beta * d) for d = max - x in 0..255, in float32. */
export function softmaxLookupTable(inputScale: number, beta = 1): Float32Array {
  const scale = f(-f(inputScale) * f(beta));
  const table = new Float32Array(256);
  for (let d = 0; d < 256; d++) table[d] = Math.exp(f(scale * d));
  return table;
}

/**
 * Softmax over the last axis with the float table; output quantized with (outputScale, outputZeroPoint),
 * normally 1/256 and -128 (int8) or 0 (uint8). uint8 output rounds by adding 0.5 and truncating, as the
 * non-aarch64 build does.
 */
export function softmaxInt8Lut(
  input: Int8Like,
  depth: number,
  table: Float32Array,
  outputScale: number,
  outputZeroPoint: number,
  output: Int8Like,
): void {
  const outRange = rangeOf(output);
  const uint8Out = output instanceof Uint8Array;
  for (let base = 0; base + depth <= input.length; base += depth) {
    let max = input[base]!;
    for (let c = 1; c < depth; c++) max = Math.max(max, input[base + c]!);
    let sum = 0;
    for (let c = 0; c < depth; c++) sum = f(sum + table[max - input[base + c]!]!);
    const invSum = f(1 / f(sum * f(outputScale)));
    for (let c = 0; c < depth; c++) {
      const p = f(table[max - input[base + c]!]! * invSum);
      const q = (uint8Out ? Math.trunc(f(p + 0.5)) : tfliteRound(p)) + outputZeroPoint;
      output[base + c] = Math.min(Math.max(q, outRange.min), outRange.max);
    }
  }
}

// ---- logistic, fixed point (reference_integer_ops::Logistic, TFLite Micro's Prepare)

export interface LogisticFixedPointParams {
  inputZeroPoint: number;
  inputMultiplier: number;
  inputLeftShift: number;
  inputRangeRadius: number;
}

const LOGISTIC_INPUT_INTEGER_BITS = 4;

/** The int8 logistic Prepare: input scale * 2^27 as a Q0.31 multiplier plus shift (plain frexp, no overflow fix). */
export function prepareLogisticFixedPoint(inputScale: number, inputZeroPoint: number): LogisticFixedPointParams {
  const real = f(inputScale) * 2 ** (31 - LOGISTIC_INPUT_INTEGER_BITS);
  const { fraction, exponent } = frexp(real);
  return {
    inputZeroPoint,
    inputMultiplier: tfliteRound(fraction * 2 ** 31) | 0,
    inputLeftShift: exponent,
    inputRangeRadius: calculateInputRadius(LOGISTIC_INPUT_INTEGER_BITS, exponent, 31),
  };
}

/** int8 logistic; output scale 1/256, zero point -128. */
export function logisticInt8Reference(input: Int8Array, params: LogisticFixedPointParams, output: Int8Array): void {
  const { inputZeroPoint, inputMultiplier, inputLeftShift, inputRangeRadius } = params;
  for (let i = 0; i < input.length; i++) {
    const x = input[i]! - inputZeroPoint;
    if (x <= -inputRangeRadius) {
      output[i] = -128;
    } else if (x >= inputRangeRadius) {
      output[i] = 127;
    } else {
      const inQ4 = multiplyByQuantizedMultiplier(x, inputMultiplier, inputLeftShift);
      const outQ0 = logistic(inQ4, LOGISTIC_INPUT_INTEGER_BITS);
      const outQ23 = roundingDivideByPOT(outQ0, 31 - 8) - 128;
      output[i] = Math.min(Math.max(outQ23, -128), 127);
    }
  }
}

// ---- logistic, lookup table (TFLite PopulateLookupTable / LUTPopulate with 1 / (1 + exp(-x)) in float)

/**
 * A 256-entry table indexed by the input's byte (for int8: value & 0xff), holding the output values, built
 * exactly as LUTPopulate does it in float32.
 */
export function logisticLookupTable(
  inputScale: number,
  inputZeroPoint: number,
  outputScale: number,
  outputZeroPoint: number,
  signed: boolean,
): Int16Array {
  const table = new Int16Array(256);
  const inverseScale = f(1 / f(outputScale));
  const [minval, maxval] = signed ? [-128, 127] : [0, 255];
  for (let val = minval; val <= maxval; val++) {
    const dequantized = f(f(inputScale) * (val - inputZeroPoint));
    const transformed = f(1 / f(1 + f(Math.exp(-dequantized))));
    const rescaled = tfliteRound(f(transformed * inverseScale));
    const quantized = Math.trunc(f(rescaled + outputZeroPoint));
    table[val & 0xff] = Math.max(Math.min(maxval, quantized), minval);
  }
  return table;
}

/** Applies a table from logisticLookupTable (int8 or uint8 data). */
export function logisticInt8Lut(input: Int8Like, table: Int16Array, output: Int8Like): void {
  for (let i = 0; i < input.length; i++) output[i] = table[input[i]! & 0xff]!;
}
