// Float kernels for tfl windowed ops: conv_2d, depthwise_conv_2d, transpose_conv, fully_connected, pools.
import * as tf from '@tensorflow/tfjs-core';
import { Codes } from '../../diag/catalogue.js';
import type { Operation } from '../../ir/core.js';
import type { FloatKernel, KernelTable } from './kernel.js';
import type { PrepTable } from './prep.js';
import { activate, followBatch, fusedActivation, intOperand, need, opError, tfjsFusable } from './op-utils.js';

type Pad = 'same' | 'valid';
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

function padding(op: Operation): Pad {
  const p = op.str('padding');
  if (p === 'SAME') return 'same';
  if (p === 'VALID') return 'valid';
  return opError(op, `padding must be SAME or VALID, got ${p}`);
}

function rank4(op: Operation, t: tf.Tensor, what: string): tf.Tensor4D {
  if (t.rank !== 4) opError(op, `${what} must be rank 4, got shape [${t.shape}]`);
  return t as tf.Tensor4D;
}

/** TF's split of SAME padding: floor(total/2) before, the rest after (TFLite does the same). */
function padsFor(size: number, filter: number, stride: number, dilation: number, pad: Pad): [number, number] {
  if (pad === 'valid') return [0, 0];
  const effective = (filter - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + effective - size);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * TFLite's padding made explicit. tfjs-backend-wasm 4.22 mis-pads 'same' when a stride is > 1 (e.g. a 1x2 filter
 * on a 2x2 input at stride 2x1 reads the wrong columns); explicit padding is right on every backend.
 */
function explicitPads(x: tf.Tensor4D, fh: number, fw: number, op: Operation, pad: Pad): ExplicitPad {
  const ph = padsFor(x.shape[1], fh, op.int('stride_h'), op.int('dilation_h_factor'), pad);
  const pw = padsFor(x.shape[2], fw, op.int('stride_w'), op.int('dilation_w_factor'), pad);
  return [[0, 0], ph, pw, [0, 0]];
}

/**
 * Runs a windowed op. tfjs refuses stride > 1 together with dilation > 1, which TFLite allows: then it runs at
 * stride 1 with the strided op's padding and keeps every stride-th output (the same windows, the same sums).
 */
function windowed(x: tf.Tensor4D, fh: number, fw: number, op: Operation, run: (pad: ExplicitPad, strides: [number, number]) => tf.Tensor4D): tf.Tensor4D {
  const strides: [number, number] = [op.int('stride_h'), op.int('stride_w')];
  const pads = explicitPads(x, fh, fw, op, padding(op));
  const dilated = op.int('dilation_h_factor') > 1 || op.int('dilation_w_factor') > 1;
  if (!dilated || (strides[0] === 1 && strides[1] === 1)) return run(pads, strides);
  const dense = run(pads, [1, 1]);
  return tf.stridedSlice(dense, [0, 0, 0, 0], dense.shape, [1, strides[0], strides[1], 1]) as tf.Tensor4D;
}

/** conv_2d; the filter arrives as HWIO (prepared). Grouped convolution when input channels are a multiple. */
const conv2d: FloatKernel = (op, inputs) => {
  const x = rank4(op, need(op, inputs, 0, 'input'), 'input');
  const w = rank4(op, need(op, inputs, 1, 'filter'), 'filter');
  const bias = inputs[2] as tf.Tensor1D | undefined;
  const act = fusedActivation(op);
  const fused = tfjsFusable(act);
  const dilations: [number, number] = [op.int('dilation_h_factor'), op.int('dilation_w_factor')];
  const [fh, fw, filterIn, outC] = w.shape;
  const inC = x.shape[3];
  if (inC % filterIn !== 0) return opError(op, `input has ${inC} channels, not a multiple of the filter's ${filterIn} input channels`);
  const groups = inC / filterIn;
  if (outC % groups !== 0) return opError(op, `${outC} output channels cannot be split into ${groups} groups`);
  const one = (xs: tf.Tensor4D, ws: tf.Tensor4D, bs: tf.Tensor1D | undefined, p: ExplicitPad, s: [number, number]): tf.Tensor4D =>
    tf.fused.conv2d({ x: xs, filter: ws, strides: s, pad: p, dataFormat: 'NHWC', dilations, bias: bs, activation: fused ?? 'linear' });
  const y = windowed(x, fh, fw, op, (p, s) => {
    if (groups === 1) return one(x, w, bias, p, s);
    const xs = tf.split(x, groups, 3);
    const ws = tf.split(w, groups, 3);
    const bs = bias === undefined ? undefined : tf.split(bias, groups, 0);
    return tf.concat(xs.map((xg, g) => one(xg as tf.Tensor4D, ws[g]! as tf.Tensor4D, bs?.[g] as tf.Tensor1D | undefined, p, s)), 3) as tf.Tensor4D;
  });
  return [fused === undefined ? activate(y, act) : y];
};

/** depthwise_conv_2d; the filter arrives as [H, W, C, multiplier] (prepared). */
const depthwiseConv2d: FloatKernel = (op, inputs) => {
  const x = rank4(op, need(op, inputs, 0, 'input'), 'input');
  const w = rank4(op, need(op, inputs, 1, 'filter'), 'filter');
  const bias = inputs[2] as tf.Tensor1D | undefined;
  if (w.shape[2] !== x.shape[3]) return opError(op, `filter is for ${w.shape[2]} channels but the input has ${x.shape[3]}`);
  const act = fusedActivation(op);
  const fused = tfjsFusable(act);
  const dilations: [number, number] = [op.int('dilation_h_factor'), op.int('dilation_w_factor')];
  const y = windowed(x, w.shape[0], w.shape[1], op, (p, s) =>
    // The fused op's typings only list 'same' | 'valid' | number, but it forwards explicit padding like the plain op.
    tf.fused.depthwiseConv2d({ x, filter: w, strides: s, pad: p as unknown as 'valid', dataFormat: 'NHWC', dilations, bias, activation: fused ?? 'linear' }),
  );
  return [fused === undefined ? activate(y, act) : y];
};

/** transpose_conv(output_shape, weights as HWOI (prepared), input, bias?). */
const transposeConv: FloatKernel = (op, inputs) => {
  const w = rank4(op, need(op, inputs, 1, 'weights'), 'weights');
  const x = rank4(op, need(op, inputs, 2, 'input'), 'input');
  const bias = inputs[3];
  const out = followBatch(op, x, 2, intOperand(op, inputs, 0, 'output_shape'));
  if (out.length !== 4) return opError(op, `output_shape must have 4 entries, got [${out}]`);
  if (out[3] !== w.shape[2]) return opError(op, `output_shape has ${out[3]} channels but the weights produce ${w.shape[2]}`);
  if (x.shape[3] !== w.shape[3]) return opError(op, `input has ${x.shape[3]} channels but the weights take ${w.shape[3]}`);
  let y: tf.Tensor = tf.conv2dTranspose(x, w, out as [number, number, number, number], [op.int('stride_h'), op.int('stride_w')], padding(op));
  if (bias !== undefined) y = tf.add(y, bias);
  return [activate(y, fusedActivation(op))];
};

/**
 * fully_connected: y = x W^T + b, W [units, in] in the IR, arriving as W^T [in, units] (prepared: tfjs-backend-wasm
 * 4.22 adds the bias wrongly when a fused matMul transposes b and has more than one row).
 */
const fullyConnected: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const w = need(op, inputs, 1, 'filter') as tf.Tensor2D;
  const bias = inputs[2];
  if (w.rank !== 2) return opError(op, `filter must be rank 2, got shape [${w.shape}]`);
  if (op.str('weights_format') !== 'DEFAULT') return opError(op, `weights_format ${op.str('weights_format')} has no float kernel`, Codes.UnsupportedOp);
  const [depth, units] = w.shape;
  const keep = op.flag('keep_num_dims');
  if (keep && x.shape[x.rank - 1] !== depth) return opError(op, `input of shape [${x.shape}] must end in ${depth} with keep_num_dims`);
  if (x.size % depth !== 0) return opError(op, `input of shape [${x.shape}] (${x.size} values) cannot be split into rows of ${depth}`);
  const act = fusedActivation(op);
  const fused = tfjsFusable(act);
  const rows = tf.reshape(x, [x.size / depth, depth]) as tf.Tensor2D;
  let y: tf.Tensor = tf.fused.matMul({ a: rows, b: w, bias, activation: fused ?? 'linear' });
  if (fused === undefined) y = activate(y, act);
  return [keep ? tf.reshape(y, [...x.shape.slice(0, -1), units]) : y];
};

function pool(kind: 'avg' | 'max'): FloatKernel {
  return (op, inputs) => {
    const x = rank4(op, need(op, inputs, 0, 'input'), 'input');
    const filter: [number, number] = [op.int('filter_height'), op.int('filter_width')];
    const strides: [number, number] = [op.int('stride_h'), op.int('stride_w')];
    // Both tfjs and TFLite divide an average by the number of in-bounds elements under SAME padding.
    const y = kind === 'avg' ? tf.avgPool(x, filter, strides, padding(op)) : tf.maxPool(x, filter, strides, padding(op));
    return [activate(y, fusedActivation(op))];
  };
}

export const convKernels: KernelTable = {
  'tfl.conv_2d': conv2d,
  'tfl.depthwise_conv_2d': depthwiseConv2d,
  'tfl.transpose_conv': transposeConv,
  'tfl.fully_connected': fullyConnected,
  'tfl.average_pool_2d': pool('avg'),
  'tfl.max_pool_2d': pool('max'),
};

/** Input channels of a depthwise conv: from the IR input type, else from the filter and the multiplier. */
function depthwiseChannels(op: Operation, filter: tf.Tensor): number {
  const c = op.operands[0]?.type.shape?.[3];
  if (c !== undefined && c > 0) return c;
  return filter.shape[3]! / op.int('depth_multiplier');
}

export const convPreps: PrepTable = {
  // TFLite OHWI → tfjs HWIO.
  'tfl.conv_2d': { 1: { key: () => 'hwio', apply: (_op, t) => tf.transpose(t, [1, 2, 3, 0]) } },
  // TFLite 1xHxWx(C*M), channel-major → tfjs [H, W, C, M]: the same bytes, another shape.
  'tfl.depthwise_conv_2d': {
    1: {
      key: (op) => `hwcm/${op.operands[0]?.type.shape?.[3] ?? '?'}/${op.int('depth_multiplier')}`,
      apply: (op, t) => {
        const c = depthwiseChannels(op, t);
        if (t.rank !== 4 || t.shape[0] !== 1 || !Number.isInteger(c) || t.shape[3]! % c !== 0)
          return opError(op, `filter of shape [${t.shape}] does not fit an input with ${c} channels`);
        return tf.reshape(t, [t.shape[1]!, t.shape[2]!, c, t.shape[3]! / c]);
      },
    },
  },
  // [units, in] → [in, units], see fullyConnected.
  'tfl.fully_connected': { 1: { key: () => 'io', apply: (_op, t) => (t.rank === 2 ? tf.transpose(t, [1, 0]) : t) } },
  // TFLite OHWI → tfjs conv2dTranspose's [H, W, out, in].
  'tfl.transpose_conv': { 1: { key: () => 'hwoi', apply: (_op, t) => tf.transpose(t, [1, 2, 0, 3]) } },
};
