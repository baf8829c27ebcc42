// Quantization parameters as TFLite's converter chooses them: activations, symmetric weights, int32 biases.
//
// Scales are rounded to float32 when chosen, because that is what the .tflite file stores and what kernels use.
import { QuantParams, QuantStorage, perAxisQuant, perTensorQuant } from '../../src/ir/types.js';
import { Range } from './stats.js';

const f = Math.fround;

/** std::round: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** The scale TFLite's converter gives an all-zero weight channel (its files store 1e-6 there). */
export const ZERO_CHANNEL_SCALE = f(1e-6);

const INT32_MAX = 2147483647;

/**
 * Asymmetric per-tensor parameters for a range, nudged so that 0.0 is exact: the range is widened to include 0,
 * scale = (max - min) / (qmax - qmin), zero point = round(qmin - min / scale) clamped. A degenerate range (all
 * zeros) gets scale 1, zero point 0, as the converter's FakeQuant support does.
 */
export function activationParams(r: Range, storage: QuantStorage = 'i8'): QuantParams {
  const [qmin, qmax] = storage === 'u8' ? [0, 255] : [-128, 127];
  const lo = Math.min(0, r.min);
  const hi = Math.max(0, r.max);
  if (!(hi - lo > Number.EPSILON) || !Number.isFinite(hi - lo)) return perTensorQuant(storage, 1, storage === 'u8' ? 0 : 0);
  const scale = (hi - lo) / (qmax - qmin);
  const zp = Math.min(qmax, Math.max(qmin, roundHalfAway(qmin - lo / scale)));
  return perTensorQuant(storage, f(scale), zp);
}

/** Fixed output parameters of softmax/logistic (1/256, -128) and tanh (1/128, 0) in int8. */
export function fixedParams(opName: string): QuantParams | undefined {
  if (opName === 'tfl.softmax' || opName === 'tfl.logistic') return perTensorQuant('i8', 1 / 256, -128);
  if (opName === 'tfl.tanh') return perTensorQuant('i8', 1 / 128, 0);
  return undefined;
}

/** The same real grid stored as uint8 instead of int8 (zero point + 128), as inference_input_type=uint8 does. */
export function asUint8(q: QuantParams): QuantParams {
  return perTensorQuant('u8', q.scales[0]!, q.zeroPoints[0]! + 128);
}

export interface QuantizedWeights {
  readonly data: Int8Array;
  /** One scale per channel of `axis`, or one scale when per tensor. */
  readonly scales: number[];
  readonly axis: number | undefined;
}

/** Channel index of element i of a row-major tensor of `shape`, for channels along `axis`. */
export function channelIndexer(shape: readonly number[], axis: number): (i: number) => number {
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const n = shape[axis]!;
  return (i) => Math.floor(i / inner) % n;
}

/** max |w| per channel along `axis` (one value when axis is undefined). */
export function absMaxPerChannel(w: Float32Array, shape: readonly number[], axis: number | undefined): Float64Array {
  if (axis === undefined) {
    let m = 0;
    for (let i = 0; i < w.length; i++) m = Math.max(m, Math.abs(w[i]!));
    return Float64Array.of(m);
  }
  const at = channelIndexer(shape, axis);
  const out = new Float64Array(shape[axis]!);
  for (let i = 0; i < w.length; i++) {
    const c = at(i);
    out[c] = Math.max(out[c]!, Math.abs(w[i]!));
  }
  return out;
}

/**
 * Symmetric narrow-range scales: max|w| / 127 per channel in float32. Channels whose max|w| is below double
 * epsilon count as all zero (as the converter's fake-quant support treats such ranges) and get ZERO_CHANNEL_SCALE,
 * so that scale products (bias scales) stay normal float32 numbers.
 */
export function symmetricScales(absMax: Float64Array): number[] {
  return Array.from(absMax, (m) => (m >= Number.EPSILON ? f(m / 127) : ZERO_CHANNEL_SCALE));
}

/** q = round(w / scale) clamped to [-127, 127], per channel. */
export function quantizeWithScales(w: Float32Array, shape: readonly number[], axis: number | undefined, scales: readonly number[]): Int8Array {
  const at = axis === undefined ? () => 0 : channelIndexer(shape, axis);
  const out = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const q = roundHalfAway(w[i]! / scales[at(i)]!);
    out[i] = q > 127 ? 127 : q < -127 ? -127 : q;
  }
  return out;
}

/** Int8 symmetric weights (per channel along `axis`, or per tensor when axis is undefined). */
export function quantizeWeights(w: Float32Array, shape: readonly number[], axis: number | undefined): QuantizedWeights {
  const scales = symmetricScales(absMaxPerChannel(w, shape, axis));
  return { data: quantizeWithScales(w, shape, axis, scales), scales, axis };
}

export function weightParams(qw: QuantizedWeights): QuantParams {
  return qw.axis === undefined ? perTensorQuant('i8', qw.scales[0]!, 0, true) : perAxisQuant('i8', qw.axis, qw.scales, undefined, true);
}

/** Real values of quantized weights: q * scale per channel. */
export function dequantizeWeights(qw: QuantizedWeights, shape: readonly number[]): Float32Array {
  const at = qw.axis === undefined ? () => 0 : channelIndexer(shape, qw.axis);
  const out = new Float32Array(qw.data.length);
  for (let i = 0; i < out.length; i++) out[i] = qw.data[i]! * qw.scales[at(i)]!;
  return out;
}

/**
 * Widens weight scales whose bias would not fit int32 at scale input_scale * weight_scale (the converter does the
 * same): returns the scales to use, unchanged when every bias fits.
 */
export function fitScalesToBias(scales: readonly number[], bias: Float32Array | undefined, inputScale: number): number[] {
  if (bias === undefined) return [...scales];
  return scales.map((s, c) => {
    const b = Math.abs(bias[scales.length === 1 ? 0 : c] ?? 0);
    const worst = scales.length === 1 ? Math.max(...Array.from(bias, Math.abs)) : b;
    const limit = (INT32_MAX - 1) * inputScale * s;
    return worst > limit ? f((worst / ((INT32_MAX - 1) * inputScale)) * (1 + 1e-6)) : s;
  });
}

export interface QuantizedBias {
  readonly data: Int32Array;
  readonly params: QuantParams;
}

/** Int32 bias with scale input_scale * weight_scale[c] (per axis 0 when the weights are per channel), zero point 0. */
export function quantizeBias(b: Float32Array, inputScale: number, weightScales: readonly number[], perChannel: boolean): QuantizedBias {
  const scales = weightScales.map((s) => f(inputScale * s));
  const out = new Int32Array(b.length);
  for (let i = 0; i < b.length; i++) {
    const s = scales[scales.length === 1 ? 0 : i]!;
    const q = roundHalfAway(b[i]! / s);
    out[i] = q > INT32_MAX ? INT32_MAX : q < -INT32_MAX - 1 ? -INT32_MAX - 1 : q;
  }
  const params = perChannel ? perAxisQuant('i32', 0, scales) : perTensorQuant('i32', scales[0]!, 0);
  return { data: out, params };
}

/** Real range of a float constant (for constant operands quantized like activations). */
export function dataRange(x: Float32Array): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > max ? { min: 0, max: 0 } : { min, max };
}

/** Per-tensor quantization of a float constant with given params: clamp(round(x / scale) + zp). */
export function quantizeConstant(x: Float32Array, q: QuantParams): Int8Array | Uint8Array {
  const s = q.scales[0]!;
  const zp = q.zeroPoints[0]!;
  const out = q.storage === 'u8' ? new Uint8Array(x.length) : new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = roundHalfAway(x[i]! / s) + zp;
    out[i] = v < q.storageMin ? q.storageMin : v > q.storageMax ? q.storageMax : v;
  }
  return out;
}

/** Stable text key of quantization parameters (caches of inserted quantize ops). */
export function paramsKey(q: QuantParams): string {
  return `${q.storage}:${q.axis ?? ''}:${q.scales.join(',')}:${q.zeroPoints.join(',')}:${q.storageMin}`;
}

export function sameParams(a: QuantParams, b: QuantParams): boolean {
  return paramsKey(a) === paramsKey(b);
}
