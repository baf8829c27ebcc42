// Float kernels for tfl data-movement ops: reshape, squeeze, expand_dims, transpose, pad, concat, slice, gather, ...
import * as tf from '@tensorflow/tfjs-core';
import { bf16ToFloat, floatToHalf, halfToFloat } from '../../ir/attributes.js';
import type { FloatKernel, KernelTable } from './kernel.js';
import { tfDTypeOf } from './dtypes.js';
import type { Operation } from '../../ir/core.js';
import { activate, followBatch, fusedActivation, intOperand, need, normalizeAxes, opError, product } from './op-utils.js';

const reshape: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const target = followBatch(op, x, 0, intOperand(op, inputs, 1, 'shape'));
  const unknown = target.filter((d) => d === -1).length;
  const known = product(target.filter((d) => d !== -1));
  if (unknown > 1 || target.some((d) => d < -1)) return opError(op, `shape [${target}] is not a valid reshape target`);
  if (unknown === 0 ? known !== x.size : known === 0 || x.size % known !== 0)
    return opError(op, `cannot reshape [${x.shape}] (${x.size} values) into [${target}]`);
  return [tf.reshape(x, target)];
};

const squeeze: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const dims = normalizeAxes(op, op.ints('squeeze_dims'), x.rank);
  for (const d of dims) if (x.shape[d] !== 1) return opError(op, `cannot squeeze dim ${d} of size ${x.shape[d]} (shape [${x.shape}])`);
  return [tf.squeeze(x, dims.length > 0 ? dims : undefined)];
};

const expandDims: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const dim = intOperand(op, inputs, 1, 'dim');
  if (dim.length !== 1) return opError(op, `dim must hold one value, got [${dim}]`);
  const axis = dim[0]! < 0 ? dim[0]! + x.rank + 1 : dim[0]!;
  if (axis < 0 || axis > x.rank) return opError(op, `dim ${dim[0]} is out of range for rank ${x.rank}`);
  return [tf.expandDims(x, axis)];
};

const transpose: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const perm = intOperand(op, inputs, 1, 'perm');
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) return opError(op, `perm [${perm}] is not a permutation of rank ${x.rank}`);
  return [tf.transpose(x, perm)];
};

function padPairs(op: Operation, inputs: readonly tf.Tensor[], x: tf.Tensor): [number, number][] {
  const p = intOperand(op, inputs, 1, 'padding');
  if (p.length !== 2 * x.rank || p.some((v) => v < 0)) return opError(op, `padding [${p}] must be ${x.rank} non-negative (before, after) pairs`);
  return Array.from({ length: x.rank }, (_, i): [number, number] => [p[2 * i]!, p[2 * i + 1]!]);
}

const pad: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  return [tf.pad(x, padPairs(op, inputs, x))];
};

const concatenation: FloatKernel = (op, inputs) => {
  if (inputs.length === 0) return opError(op, 'needs at least one input');
  const first = inputs[0]!;
  const [axis] = normalizeAxes(op, [op.int('axis')], first.rank);
  for (const t of inputs) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i]))
      return opError(op, `inputs of shapes [${first.shape}] and [${t.shape}] differ outside axis ${axis}`);
  }
  return [activate(tf.concat([...inputs], axis), fusedActivation(op))];
};

const stridedSlice: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const begin = intOperand(op, inputs, 1, 'begin');
  const rawEnd = intOperand(op, inputs, 2, 'end');
  const strides = intOperand(op, inputs, 3, 'strides');
  if (begin.length !== rawEnd.length || begin.length !== strides.length) return opError(op, `begin, end and strides differ in length (${begin.length}, ${rawEnd.length}, ${strides.length})`);
  if (strides.some((s) => s === 0)) return opError(op, `strides [${strides}] must not contain 0`);
  // With `offset`, end counts from begin (TFLite's StridedSliceOptions.offset).
  const end = op.flag('offset') ? rawEnd.map((e, i) => begin[i]! + e) : rawEnd;
  const m = (n: string): number => op.int(n);
  return [tf.stridedSlice(x, begin, end, strides, m('begin_mask'), m('end_mask'), m('ellipsis_mask'), m('new_axis_mask'), m('shrink_axis_mask'))];
};

const shape: FloatKernel = (op, inputs) => [tf.tensor1d(need(op, inputs, 0, 'input').shape, 'int32')];

/** Rounds float32 values to the nearest bfloat16 (ties to even), as a cast to bf16 does. */
function toBf16(x: number): number {
  const u = new Uint32Array(new Float32Array([x]).buffer)[0]!;
  if ((u & 0x7f800000) === 0x7f800000) return x;
  const r = (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
  return bf16ToFloat(r);
}

const cast: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const t = op.result(0).type;
  const dtype = tfDTypeOf(t);
  if (dtype === undefined || t.quant !== undefined) return opError(op, `cannot cast to ${t.elem}${t.quant ? ' (quantized)' : ''}`);
  // tfjs-backend-wasm 4.22 casts to bool without normalizing to 0/1; a comparison does.
  const y = dtype === 'bool' ? tf.notEqual(x, tf.scalar(0, x.dtype)) : tf.cast(x, dtype);
  const narrow = (fn: (v: number) => number): tf.Tensor => tf.tensor(Array.from(y.dataSync() as ArrayLike<number>, fn), y.shape, dtype);
  switch (t.elem) {
    // float32 → narrower floats round their values; integers narrower than int32 wrap like a C++ cast.
    case 'f16':
      return [narrow((v) => halfToFloat(floatToHalf(v)))];
    case 'bf16':
      return [narrow(toBf16)];
    case 'i8':
      return [narrow((v) => (v << 24) >> 24)];
    case 'u8':
      return [narrow((v) => v & 0xff)];
    case 'i16':
      return [narrow((v) => (v << 16) >> 16)];
    default:
      return [y];
  }
};

const gather: FloatKernel = (op, inputs) => {
  const params = need(op, inputs, 0, 'params');
  const indices = need(op, inputs, 1, 'indices');
  const [axis] = normalizeAxes(op, [op.int('axis')], params.rank);
  const n = params.shape[axis!]!;
  // TFLite rejects out-of-range indices; tfjs would quietly produce zeros.
  const bad = intOperand(op, inputs, 1, 'indices').find((i) => i < 0 || i >= n);
  if (bad !== undefined) return opError(op, `index ${bad} is out of range [0, ${n}) on axis ${axis}`);
  return [tf.gather(params, indices, axis, op.int('batch_dims'))];
};

const pack: FloatKernel = (op, inputs) => {
  if (inputs.length === 0) return opError(op, 'needs at least one input');
  const first = inputs[0]!;
  for (const t of inputs) if (t.shape.length !== first.shape.length || t.shape.some((d, i) => d !== first.shape[i])) return opError(op, `inputs of shapes [${first.shape}] and [${t.shape}] cannot be packed`);
  const axis = op.int('axis');
  const a = axis < 0 ? axis + first.rank + 1 : axis;
  if (a < 0 || a > first.rank) return opError(op, `axis ${axis} is out of range for rank ${first.rank + 1}`);
  return [tf.stack([...inputs], a)];
};

export const shapeKernels: KernelTable = {
  'tfl.reshape': reshape,
  'tfl.squeeze': squeeze,
  'tfl.expand_dims': expandDims,
  'tfl.transpose': transpose,
  'tfl.pad': pad,
  'tfl.concatenation': concatenation,
  'tfl.strided_slice': stridedSlice,
  'tfl.shape': shape,
  'tfl.cast': cast,
  'tfl.gather': gather,
  'tfl.pack': pack,
};
