// The float kernel contract: each op name maps to a function from input tensors to output tensors (tfjs-core).
import type * as tf from '@tensorflow/tfjs-core';
import type { Operation } from '../../ir/core.js';

/**
 * A float kernel computes an op's results from its operand tensors. Kernels must not dispose their inputs;
 * the interpreter frees values when their last user has run. Constant operands arrive as tensors too
 * (the interpreter uploads each constant once per run and caches it).
 */
export type FloatKernel = (op: Operation, inputs: readonly tf.Tensor[]) => tf.Tensor[];

export type KernelTable = Readonly<Record<string, FloatKernel>>;
