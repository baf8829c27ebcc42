// Float kernels for tfl elementwise ops: broadcasting binary arithmetic with fused activations, and activations.
import * as tf from '@tensorflow/tfjs-core';
import type { Operation } from '../../ir/core.js';
import type { FloatKernel, KernelTable } from './kernel.js';
import { activate, fusedActivation, need } from './op-utils.js';

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function binary(fn: Binary, withActivation: boolean): FloatKernel {
  return (op, inputs) => {
    const y = fn(need(op, inputs, 0, 'lhs'), need(op, inputs, 1, 'rhs'));
    return [withActivation ? activate(y, fusedActivation(op)) : y];
  };
}

/** Integer division truncates toward zero in TFLite; tfjs divides int32 with floor. */
const divide: Binary = (a, b) => {
  if (a.dtype !== 'int32') return tf.div(a, b);
  const q = tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
  return tf.cast(tf.mul(tf.sign(q), tf.floor(tf.abs(q))), 'int32');
};

function unary(fn: (x: tf.Tensor, op: Operation) => tf.Tensor): FloatKernel {
  return (op, inputs) => [fn(need(op, inputs, 0, 'input'), op)];
}

/** TFLite's float hard_swish: x * min(6, max(0, x + 3)) / 6, in that order. */
const hardSwish = (x: tf.Tensor): tf.Tensor => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6);

/** prelu with TFLite's broadcasting alpha: x for x >= 0, alpha * x otherwise (exact: one of the terms is zero). */
const prelu: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const alpha = need(op, inputs, 1, 'alpha');
  return [tf.add(tf.relu(x), tf.mul(alpha, tf.minimum(x, 0)))];
};

/** leaky_relu: x for x > 0, alpha * x otherwise (tfjs tests x < 0; both give 0 at 0). */
const leakyRelu: FloatKernel = (op, inputs) => [tf.leakyRelu(need(op, inputs, 0, 'input'), op.float('alpha'))];

export const elementwiseKernels: KernelTable = {
  'tfl.add': binary(tf.add, true),
  'tfl.sub': binary(tf.sub, true),
  'tfl.mul': binary(tf.mul, true),
  'tfl.div': binary(divide, true),
  'tfl.maximum': binary(tf.maximum, false),
  'tfl.minimum': binary(tf.minimum, false),
  'tfl.squared_difference': binary(tf.squaredDifference, false),
  'tfl.relu': unary((x) => tf.relu(x)),
  'tfl.relu6': unary((x) => tf.relu6(x)),
  'tfl.relu_n1_to_1': unary((x) => tf.clipByValue(x, -1, 1)),
  'tfl.logistic': unary((x) => tf.sigmoid(x)),
  'tfl.tanh': unary((x) => tf.tanh(x)),
  'tfl.hard_swish': unary(hardSwish),
  'tfl.exp': unary((x) => tf.exp(x)),
  'tfl.neg': unary((x) => tf.neg(x)),
  'tfl.abs': unary((x) => tf.abs(x)),
  'tfl.sqrt': unary((x) => tf.sqrt(x)),
  'tfl.rsqrt': unary((x) => tf.rsqrt(x)),
  'tfl.square': unary((x) => tf.square(x)),
  'tfl.leaky_relu': leakyRelu,
  'tfl.prelu': prelu,
};
