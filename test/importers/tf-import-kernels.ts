// Test helper: float kernels for the few tf ops the shared models use, for runs before src/interpreter has tf ones.
//
// The interpreter's own tf kernels always win (they are spread over these), so once the tf dialect work fills
// `tfKernels` these are unused and the tests exercise the real thing. `missingTfKernels` says which were needed.
import * as tf from '@tensorflow/tfjs-core';
import type { Module, Operation } from '../../src/ir/core.js';
import { Interpreter, tfKernels, type KernelTable } from '../../src/interpreter/index.js';

function ints(op: Operation, name: string, def: number[]): number[] {
  const a = op.attr(name);
  return a?.kind === 'array' ? a.value.map((x) => (x.kind === 'int' ? x.value : 0)) : def;
}
function text(op: Operation, name: string, def: string): string {
  const a = op.attr(name);
  return a?.kind === 'string' ? a.value : def;
}
function flag(op: Operation, name: string): boolean {
  const a = op.attr(name);
  return a?.kind === 'bool' ? a.value : false;
}
function pad(op: Operation): 'same' | 'valid' {
  return text(op, 'padding', 'VALID') === 'SAME' ? 'same' : 'valid';
}
function pair(v: number[]): [number, number] {
  return [v[1] ?? 1, v[2] ?? 1];
}

const FALLBACK: KernelTable = {
  'tf.Conv2D': (op, [x, w]) => [tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, pair(ints(op, 'strides', [1, 1, 1, 1])), pad(op), 'NHWC', pair(ints(op, 'dilations', [1, 1, 1, 1])))],
  'tf.DepthwiseConv2dNative': (op, [x, w]) => [tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, pair(ints(op, 'strides', [1, 1, 1, 1])), pad(op), 'NHWC', pair(ints(op, 'dilations', [1, 1, 1, 1])))],
  'tf.BiasAdd': (_op, [x, b]) => [tf.add(x!, b!)],
  'tf.Relu': (_op, [x]) => [tf.relu(x!)],
  'tf.Relu6': (_op, [x]) => [tf.relu6(x!)],
  'tf.Softmax': (_op, [x]) => [tf.softmax(x!)],
  'tf.Mul': (_op, [a, b]) => [tf.mul(a!, b!)],
  'tf.Add': (_op, [a, b]) => [tf.add(a!, b!)],
  'tf.AddV2': (_op, [a, b]) => [tf.add(a!, b!)],
  'tf.MatMul': (op, [a, b]) => [tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, flag(op, 'transpose_a'), flag(op, 'transpose_b'))],
  'tf.MaxPool': (op, [x]) => [tf.maxPool(x as tf.Tensor4D, pair(ints(op, 'ksize', [1, 1, 1, 1])), pair(ints(op, 'strides', [1, 1, 1, 1])), pad(op))],
  'tf.Reshape': (_op, [x, s]) => [tf.reshape(x!, Array.from(s!.dataSync()))],
  'tf.FusedBatchNormV3': (op, [x, scale, offset, mean, variance]) => {
    const a = op.attr('epsilon');
    const eps = a?.kind === 'float' ? a.value : 1e-3;
    const y = tf.batchNorm(x!, mean!, variance!, offset!, scale!, eps);
    return [y, tf.clone(mean!), tf.clone(variance!), tf.clone(mean!), tf.clone(variance!), tf.zeros([0])];
  },
};

/** tf ops of `module` the interpreter has no kernel for yet (the fallback ones are used for them). */
export function missingTfKernels(module: Module): string[] {
  const names = new Set<string>();
  for (const op of module.allOps()) if (op.name.startsWith('tf.') && tfKernels[op.name] === undefined) names.add(op.name);
  return [...names].sort();
}

/** An interpreter for a tf-dialect module: the real tf kernels, with the fallbacks where there is none yet. */
export async function tfInterpreter(module: Module): Promise<Interpreter> {
  return Interpreter.create(module, { kernels: { ...FALLBACK, ...tfKernels } });
}
