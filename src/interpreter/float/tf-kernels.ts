// Float kernels for the tf dialect (TF's own layouts: NHWC, HWIO filters, [H, W, C, M] depthwise filters), and for
// the tfl ops legalize-tf added in dialects/tfl/extra.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { Operation } from '../../ir/core.js';
import { windowOf, type Window } from '../../../dialects/tf/util.js';
import { resolveStridedSlice, masksOf } from '../../../dialects/tf/strided-slice.js';
import type { FloatKernel, KernelTable } from './kernel.js';
import { shapeKernels } from './kernels-shape.js';
import { intOperand, need, normalizeAxes, opError } from './op-utils.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

function rank4(op: Operation, inputs: readonly tf.Tensor[], i: number, what: string): tf.Tensor4D {
  const t = need(op, inputs, i, what);
  if (t.rank !== 4) opError(op, `${what} must be rank 4, got shape [${t.shape}]`);
  return t as tf.Tensor4D;
}

function checkNhwc(op: Operation): void {
  const f = op.attr('data_format');
  if (f?.kind === 'string' && f.value !== 'NHWC') opError(op, `data_format ${f.value} is not supported (only NHWC)`);
}

/** TF's padding as tfjs takes it: SAME/VALID, or the explicit per-side amounts. */
function padOf(w: Window): Pad {
  if (w.padding === 'SAME') return 'same';
  if (w.padding === 'VALID') return 'valid';
  const [t, b, l, r] = w.explicit;
  return [[0, 0], [t, b], [l, r], [0, 0]];
}

/** Padding before/after along one axis, as TF places it for SAME (floor(total/2) first), VALID or EXPLICIT. */
function pads(size: number, filter: number, stride: number, dilation: number, w: Window, axis: 0 | 1): [number, number] {
  if (w.padding === 'VALID') return [0, 0];
  if (w.padding === 'EXPLICIT') return axis === 0 ? [w.explicit[0], w.explicit[1]] : [w.explicit[2], w.explicit[3]];
  const effective = (filter - 1) * dilation + 1;
  const total = Math.max(0, (Math.ceil(size / stride) - 1) * stride + effective - size);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * tfjs refuses stride > 1 together with dilation > 1: run at stride 1 with the strided op's padding made explicit,
 * then keep every stride-th output (the same windows, the same sums).
 */
function windowed(x: tf.Tensor4D, fh: number, fw: number, w: Window, run: (strides: [number, number], pad: Pad) => tf.Tensor4D): tf.Tensor4D {
  const strided = w.strides[0] > 1 || w.strides[1] > 1;
  const both = strided && (w.dilations[0] > 1 || w.dilations[1] > 1);
  const ph = pads(x.shape[1], fh, w.strides[0], w.dilations[0], w, 0);
  const pw = pads(x.shape[2], fw, w.strides[1], w.dilations[1], w, 1);
  // tfjs-backend-wasm 4.22 mis-pads 'same' at stride > 1 (see kernels-conv.ts): give it the explicit amounts.
  if (!both) return run(w.strides, strided && w.padding === 'SAME' ? [[0, 0], ph, pw, [0, 0]] : padOf(w));
  const y = run([1, 1], [[0, 0], ph, pw, [0, 0]]);
  return tf.stridedSlice(y, [0, 0, 0, 0], y.shape, [1, w.strides[0], w.strides[1], 1]) as tf.Tensor4D;
}

/** Conv2D with an HWIO filter; grouped when the input has a multiple of the filter's input channels. */
const conv2d: FloatKernel = (op, inputs) => {
  checkNhwc(op);
  const x = rank4(op, inputs, 0, 'input');
  const f = rank4(op, inputs, 1, 'filter');
  const w = windowOf(op);
  const [fh, fw, ic, oc] = f.shape;
  if (x.shape[3] % ic !== 0 || oc % (x.shape[3] / ic) !== 0) return opError(op, `input of shape [${x.shape}] does not fit a filter of shape [${f.shape}]`);
  const groups = x.shape[3] / ic;
  const one = (xs: tf.Tensor4D, fs: tf.Tensor4D): tf.Tensor4D => windowed(xs, fh, fw, w, (s, p) => tf.conv2d(xs, fs, s, p, 'NHWC', w.dilations));
  if (groups === 1) return [one(x, f)];
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const fs = tf.split(f, groups, 3) as tf.Tensor4D[];
  return [tf.concat(xs.map((xg, g) => one(xg, fs[g]!)), 3)];
};

const depthwiseConv2d: FloatKernel = (op, inputs) => {
  checkNhwc(op);
  const x = rank4(op, inputs, 0, 'input');
  const f = rank4(op, inputs, 1, 'filter');
  if (f.shape[2] !== x.shape[3]) return opError(op, `filter is for ${f.shape[2]} channels but the input has ${x.shape[3]}`);
  const w = windowOf(op);
  return [windowed(x, f.shape[0], f.shape[1], w, (s, p) => tf.depthwiseConv2d(x, f, s, p, 'NHWC', w.dilations))];
};

/** Inference batch norm; the side outputs are the population statistics, as TF returns them when not training. */
const fusedBatchNorm: FloatKernel = (op, inputs) => {
  checkNhwc(op);
  if (op.flag('is_training')) return opError(op, 'is_training = true (training-mode batch norm) has no inference kernel');
  const [x, scale, offset, mean, variance] = [0, 1, 2, 3, 4].map((i) => need(op, inputs, i, ['x', 'scale', 'offset', 'mean', 'variance'][i]!));
  const y = tf.batchNorm(x!, mean!, variance!, offset!, scale!, op.float('epsilon'));
  const side = [mean!, variance!, mean!, variance!, tf.zeros([0])];
  return [y, ...side.slice(0, op.results.length - 1)];
};

function pool(kind: 'max' | 'avg'): FloatKernel {
  return (op, inputs) => {
    checkNhwc(op);
    const x = rank4(op, inputs, 0, 'input');
    const k = op.ints('ksize');
    const w = windowOf(op);
    const size: [number, number] = [k[1]!, k[2]!];
    return [kind === 'max' ? tf.maxPool(x, size, w.strides, padOf(w)) : tf.avgPool(x, size, w.strides, padOf(w))];
  };
}

const unary = (fn: (x: tf.Tensor, op: Operation) => tf.Tensor): FloatKernel => (op, inputs) => [fn(need(op, inputs, 0, 'x'), op)];
const binary = (fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): FloatKernel => (op, inputs) => [fn(need(op, inputs, 0, 'x'), need(op, inputs, 1, 'y'))];

type Reducer = (x: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor;
/** Reductions over an axis list; no axes reduces nothing (tfjs would reduce everything); integer means truncate. */
function reduce(fn: Reducer): FloatKernel {
  return (op, inputs) => {
    const x = need(op, inputs, 0, 'input');
    const axes = normalizeAxes(op, intOperand(op, inputs, 1, 'axes'), x.rank);
    if (axes.length === 0) return [x];
    const y = fn(x, axes, op.flag('keep_dims'));
    return [y.dtype === x.dtype ? y : tf.cast(y, x.dtype)];
  };
}

function pairs(op: Operation, inputs: readonly tf.Tensor[], x: tf.Tensor): [number, number][] {
  const p = intOperand(op, inputs, 1, 'paddings');
  if (p.length !== 2 * x.rank || p.some((v) => v < 0)) return opError(op, `paddings [${p}] must be ${x.rank} non-negative (before, after) pairs`);
  return Array.from({ length: x.rank }, (_, i): [number, number] => [p[2 * i]!, p[2 * i + 1]!]);
}

const scalar = (op: Operation, t: tf.Tensor, what: string): number => {
  if (t.size !== 1) return opError(op, `${what} must be a scalar, got shape [${t.shape}]`);
  return (t.dataSync() as ArrayLike<number>)[0]!;
};

const padV2: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  return [tf.pad(x, pairs(op, inputs, x), scalar(op, need(op, inputs, 2, 'constant_values'), 'constant_values'))];
};

const mirrorPad: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const p = pairs(op, inputs, x);
  const mode = op.str('mode') === 'REFLECT' ? 'reflect' : 'symmetric';
  // REFLECT leaves out the edge, so it can pad at most size - 1; SYMMETRIC at most size.
  p.forEach(([a, b], i) => {
    const max = x.shape[i]! - (mode === 'reflect' ? 1 : 0);
    if (a > max || b > max) opError(op, `paddings [${a}, ${b}] are too large for dim ${i} of size ${x.shape[i]} in ${op.str('mode')} mode`);
  });
  return [tf.mirrorPad(x, p, mode)];
};

const concatV2: FloatKernel = (op, inputs) => {
  const values = inputs.slice(0, -1);
  if (values.length === 0) return opError(op, 'needs at least one value');
  const [axis] = normalizeAxes(op, intOperand(op, inputs, inputs.length - 1, 'axis'), values[0]!.rank);
  return [tf.concat([...values], axis)];
};

/** Slices with TF's mask semantics: a dense slice of the stride-1 dims, a gather per strided dim, then the shape. */
const stridedSlice: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const [b, e, s] = [1, 2, 3].map((i) => intOperand(op, inputs, i, ['begin', 'end', 'strides'][i - 1]!));
  const r = resolveStridedSlice(x.shape, b!, e!, s!, masksOf((n) => op.int(n)));
  if (typeof r === 'string') return opError(op, r);
  let y = tf.slice(x, r.dims.map((d) => (d.stride === 1 ? d.begin : 0)), r.dims.map((d, i) => (d.stride === 1 ? d.size : x.shape[i]!)));
  r.dims.forEach((d, i) => {
    if (d.stride === 1) return;
    const idx = Array.from({ length: d.size }, (_, k) => d.begin + k * d.stride);
    y = tf.gather(y, tf.tensor1d(idx, 'int32'), i);
  });
  return [tf.reshape(y, [...r.shape])];
};

const pack: FloatKernel = (op, inputs) => {
  if (inputs.length === 0) return opError(op, 'needs at least one value');
  const r = inputs[0]!.rank;
  const a = op.int('axis') < 0 ? op.int('axis') + r + 1 : op.int('axis');
  if (a < 0 || a > r) return opError(op, `axis ${op.int('axis')} is out of range for rank ${r + 1}`);
  return [tf.stack([...inputs], a)];
};

const fill: FloatKernel = (op, inputs) => {
  const dims = intOperand(op, inputs, 0, 'dims');
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) return opError(op, `dims [${dims}] must be non-negative`);
  const v = need(op, inputs, 1, 'value');
  if (v.size !== 1) return opError(op, `value must be a scalar, got shape [${v.shape}]`);
  return [tf.broadcastTo(tf.reshape(v, []), dims)];
};

const range: FloatKernel = (op, inputs) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => scalar(op, need(op, inputs, i, ['start', 'limit', 'delta'][i]!), ['start', 'limit', 'delta'][i]!));
  if (delta === 0 || (delta! > 0 ? start! > limit! : start! < limit!)) return opError(op, `start ${start} cannot reach limit ${limit} with delta ${delta}`);
  return [tf.range(start!, limit!, delta!, inputs[0]!.dtype === 'int32' ? 'int32' : 'float32')];
};

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export const tfKernels: KernelTable = {
  'tf.Identity': (op, inputs) => [need(op, inputs, 0, 'input')],
  'tf.Conv2D': conv2d,
  'tf.DepthwiseConv2dNative': depthwiseConv2d,
  'tf.BiasAdd': (op, inputs) => (checkNhwc(op), [tf.add(need(op, inputs, 0, 'value'), need(op, inputs, 1, 'bias'))]),
  'tf.FusedBatchNorm': fusedBatchNorm,
  'tf.FusedBatchNormV2': fusedBatchNorm,
  'tf.FusedBatchNormV3': fusedBatchNorm,
  'tf.MaxPool': pool('max'),
  'tf.AvgPool': pool('avg'),
  'tf.MatMul': (op, inputs) => [tf.matMul(need(op, inputs, 0, 'a'), need(op, inputs, 1, 'b'), op.flag('transpose_a'), op.flag('transpose_b'))],
  'tf.Softmax': unary((x) => tf.softmax(x)),
  'tf.Relu': unary((x) => tf.relu(x)),
  'tf.Relu6': unary((x) => tf.relu6(x)),
  'tf.Elu': unary((x) => tf.elu(x)),
  // SELU with TF's constants, written out so it does not depend on tfjs's rounding of them.
  'tf.Selu': unary((x) => tf.mul(SELU_SCALE, tf.where(tf.greater(x, 0), x, tf.mul(SELU_ALPHA, tf.sub(tf.exp(tf.minimum(x, 0)), 1))))),
  'tf.Softplus': unary((x) => tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x)))))),
  'tf.LeakyRelu': unary((x, op) => tf.leakyRelu(x, op.float('alpha'))),
  'tf.Sigmoid': unary((x) => tf.sigmoid(x)),
  'tf.Tanh': unary((x) => tf.tanh(x)),
  'tf.Rsqrt': unary((x) => tf.rsqrt(x)),
  'tf.Sqrt': unary((x) => tf.sqrt(x)),
  'tf.Square': unary((x) => tf.square(x)),
  'tf.Neg': unary((x) => tf.neg(x)),
  'tf.Exp': unary((x) => tf.exp(x)),
  'tf.Add': binary(tf.add),
  'tf.AddV2': binary(tf.add),
  'tf.Sub': binary(tf.sub),
  'tf.Mul': binary(tf.mul),
  'tf.RealDiv': binary(tf.div),
  'tf.Maximum': binary(tf.maximum),
  'tf.Minimum': binary(tf.minimum),
  'tf.SquaredDifference': binary(tf.squaredDifference),
  'tf.Mean': reduce((x, a, k) => tf.mean(x, a, k)),
  'tf.Sum': reduce((x, a, k) => tf.sum(x, a, k)),
  'tf.Max': reduce((x, a, k) => tf.max(x, a, k)),
  'tf.Prod': reduce((x, a, k) => tf.prod(x, a, k)),
  // Same operands and attributes as their tfl forms.
  'tf.Reshape': shapeKernels['tfl.reshape']!,
  'tf.Squeeze': shapeKernels['tfl.squeeze']!,
  'tf.ExpandDims': shapeKernels['tfl.expand_dims']!,
  'tf.Pad': (op, inputs) => [tf.pad(need(op, inputs, 0, 'input'), pairs(op, inputs, need(op, inputs, 0, 'input')))],
  'tf.PadV2': padV2,
  'tf.MirrorPad': mirrorPad,
  'tf.ConcatV2': concatV2,
  'tf.Transpose': (op, inputs) => [tf.transpose(need(op, inputs, 0, 'x'), intOperand(op, inputs, 1, 'perm'))],
  'tf.Shape': (op, inputs) => [tf.tensor1d(need(op, inputs, 0, 'input').shape, 'int32')],
  'tf.StridedSlice': stridedSlice,
  'tf.Pack': pack,
  'tf.Cast': shapeKernels['tfl.cast']!,
  'tf.Fill': fill,
  'tf.Range': range,
  // tfl ops from dialects/tfl/extra.ts (TFLite ELU, LOG, PADV2, MIRROR_PAD, REDUCE_PROD, FILL, RANGE).
  'tfl.elu': unary((x) => tf.elu(x)),
  'tfl.log': unary((x) => tf.log(x)),
  'tfl.pad_v2': padV2,
  'tfl.mirror_pad': mirrorPad,
  'tfl.reduce_prod': reduce((x, a, k) => tf.prod(x, a, k)),
  'tfl.fill': fill,
  'tfl.range': range,
};
