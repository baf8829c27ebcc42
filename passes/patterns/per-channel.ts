// Per-channel constants and conv-like weights: reading scale/offset vectors and computing rescaled filters and biases.
import { DenseAttr, dense, denseGet } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Operation, Value } from '../../src/ir/core.js';
import { TensorType, numElements, tensorType, typesEqual } from '../../src/ir/types.js';
import * as tfl from '../../dialects/tfl/index.js';

/** A float constant whose data the passes may read: f32, not quantized, and not elided (elided data is unknown). */
export function readableF32(v: Value | undefined): DenseAttr | undefined {
  const c = v === undefined ? undefined : constantValue(v.producer);
  if (c === undefined || c.elided || c.type.quant !== undefined || c.type.elem !== 'f32') return undefined;
  return numElements(c.type) === undefined ? undefined : c;
}

/** True when a result type is plain f32 (the float dialect these passes rewrite; quantized graphs are left alone). */
export function isPlainF32(t: TensorType): boolean {
  return t.elem === 'f32' && t.quant === undefined && t.shape !== null;
}

/**
 * The values of a constant that broadcasts along the last (channel) axis of a rank-`rank` tensor with `channels`
 * channels: every dimension but the last is 1 and the last is 1 or `channels`. Returns `channels` numbers (a scalar
 * or splat repeats), or undefined when the constant varies along another axis or is not readable f32.
 */
export function perChannelValues(v: Value, channels: number, rank: number): Float64Array | undefined {
  const c = readableF32(v);
  if (c === undefined || channels < 0) return undefined;
  const shape = c.type.shape!;
  if (shape.length > rank) return undefined;
  if (shape.slice(0, -1).some((d) => d !== 1)) return undefined;
  const last = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  if (last !== 1 && last !== channels) return undefined;
  const out = new Float64Array(channels);
  for (let i = 0; i < channels; i++) out[i] = denseGet(c, last === 1 ? 0 : i);
  return out;
}

export type ConvKind = 'conv' | 'depthwise' | 'fc';

/** A conv_2d / depthwise_conv_2d / fully_connected whose filter (and bias, when present) are readable f32 constants. */
export interface ConvLike {
  readonly op: Operation;
  readonly kind: ConvKind;
  readonly filter: DenseAttr;
  readonly bias: DenseAttr | undefined;
  /** Output channels (the last axis of the result). */
  readonly outChannels: number;
}

export function convKind(op: Operation | undefined): ConvKind | undefined {
  if (op === undefined) return undefined;
  if (op.isa(tfl.Conv2D)) return 'conv';
  if (op.isa(tfl.DepthwiseConv2D)) return 'depthwise';
  if (op.isa(tfl.FullyConnected)) return 'fc';
  return undefined;
}

export function convLike(op: Operation | undefined): ConvLike | undefined {
  const kind = convKind(op);
  if (op === undefined || kind === undefined) return undefined;
  const filter = readableF32(op.operand(1));
  if (filter === undefined || !isPlainF32(op.result(0).type)) return undefined;
  const biasValue = op.input('bias');
  const bias = biasValue === undefined ? undefined : readableF32(biasValue);
  if (biasValue !== undefined && bias === undefined) return undefined;
  const fs = filter.type.shape!;
  const outChannels = kind === 'depthwise' ? fs[3]! : fs[0]!;
  if (fs.length !== (kind === 'fc' ? 2 : 4)) return undefined;
  if (kind === 'fc' && op.str('weights_format') !== 'DEFAULT') return undefined;
  return { op, kind, filter, bias, outChannels };
}

/** Axis of the filter that holds output channels: OHWI → 0, depthwise 1HWC → 3, fully_connected [out, in] → 0. */
export function outputAxis(kind: ConvKind): number {
  return kind === 'depthwise' ? 3 : 0;
}

/** Multiplies every slice of `t` along `axis` by `factor(index along axis)`, into a new f32 constant. */
export function scaleAlongAxis(t: DenseAttr, axis: number, factor: (i: number) => number): DenseAttr {
  const shape = t.type.shape!;
  const n = numElements(t.type)!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const size = shape[axis]!;
  const factors = new Float64Array(size);
  for (let i = 0; i < size; i++) factors[i] = factor(i);
  const out = new Float32Array(n);
  const src = t.data;
  if (src instanceof Float32Array && src.length === n) {
    // Weights are plain f32 arrays: scale whole runs of `inner` elements by one factor (filters are megabytes).
    for (let start = 0, a = 0; start < n; start += inner, a = a + 1 === size ? 0 : a + 1) {
      const f = factors[a]!;
      for (let k = start; k < start + inner; k++) out[k] = src[k]! * f;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = denseGet(t, i) * factors[Math.floor(i / inner) % size]!;
  }
  return dense(tensorType(shape, 'f32'), out);
}

/** bias * scale + offset per output channel (a missing bias counts as zeros), as a new [channels] constant. */
export function affineBias(bias: DenseAttr | undefined, channels: number, scale?: Float64Array, offset?: Float64Array): DenseAttr {
  const out = new Float32Array(channels);
  for (let i = 0; i < channels; i++) {
    const b = bias === undefined ? 0 : denseGet(bias, i);
    out[i] = b * (scale?.[i] ?? 1) + (offset?.[i] ?? 0);
  }
  return dense(tensorType([channels], 'f32'), out);
}

/** True when `other` has exactly the type of `v` (so a broadcast by a per-channel constant did not grow it). */
export function sameType(a: Value, b: Value): boolean {
  return typesEqual(a.type, b.type);
}

export function allFinite(xs: Float64Array): boolean {
  return xs.every((x) => Number.isFinite(x));
}
