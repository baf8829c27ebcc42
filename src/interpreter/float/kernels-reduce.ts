// Float kernels for tfl reductions (mean, sum, reduce_max), softmax and resize_bilinear.
import * as tf from '@tensorflow/tfjs-core';
import type { FloatKernel, KernelTable } from './kernel.js';
import { intOperand, need, normalizeAxes, opError } from './op-utils.js';

type Reducer = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

function reduce(fn: Reducer): FloatKernel {
  return (op, inputs) => {
    const x = need(op, inputs, 0, 'input');
    const axes = normalizeAxes(op, intOperand(op, inputs, 1, 'axis'), x.rank);
    // No axes: nothing is reduced (tfjs would reduce everything).
    if (axes.length === 0) return [tf.clone(x)];
    return [fn(x, axes, op.flag('keep_dims'))];
  };
}

/** softmax over the last axis of x * beta. */
const softmax: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  if (x.rank < 1) return opError(op, 'input must have at least one dimension');
  const beta = op.float('beta');
  return [tf.softmax(beta === 1 ? x : tf.mul(x, beta))];
};

const resizeBilinear: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  if (x.rank !== 4) return opError(op, `input must be rank 4, got shape [${x.shape}]`);
  const size = intOperand(op, inputs, 1, 'size');
  if (size.length !== 2 || size.some((d) => d <= 0)) return opError(op, `size must be two positive sizes, got [${size}]`);
  const align = op.flag('align_corners');
  const half = op.flag('half_pixel_centers');
  if (align && half) return opError(op, 'align_corners and half_pixel_centers cannot both be set');
  return [tf.image.resizeBilinear(x as tf.Tensor4D, [size[0]!, size[1]!], align, half)];
};

export const reduceKernels: KernelTable = {
  'tfl.mean': reduce((x, a, k) => tf.mean(x, a, k)),
  'tfl.sum': reduce((x, a, k) => tf.sum(x, a, k)),
  'tfl.reduce_max': reduce((x, a, k) => tf.max(x, a, k)),
  'tfl.softmax': softmax,
  'tfl.resize_bilinear': resizeBilinear,
};
