// Helpers float kernels share: naming an op in errors, integer operands, fused activations, batch-aware shapes.
import * as tf from '@tensorflow/tfjs-core';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import type { Operation } from '../../ir/core.js';
import { constInts } from '../../../dialects/common.js';

/** Where an op is: its loc (`node "a/b"`), or its position (`op #3 of @main`) when it has none. */
export function opWhere(op: Operation): string {
  const where = op.loc.describe();
  if (where) return where;
  const f = op.parent?.func;
  if (f === undefined) return 'detached op';
  let i = 0;
  for (const o of f.ops()) {
    if (o === op) break;
    i++;
  }
  return `op #${i} of @${f.name}`;
}

/** `tfl.conv_2d (node "a/b")`: how errors name an op. */
export function describeOp(op: Operation): string {
  return `${op.name} (${opWhere(op)})`;
}

/** A user error about an op: bad attribute, shapes a kernel cannot run, unsupported variant. */
export function opError(op: Operation, message: string, code: string = Codes.BadInput): never {
  return userError(code, `${describeOp(op)}: ${message}`, { loc: op.loc });
}

/**
 * Integer contents of operand i (shapes, axes, paddings): from the IR when it is a constant (no device read),
 * else read back from the tensor.
 */
export function intOperand(op: Operation, inputs: readonly tf.Tensor[], i: number, what: string): number[] {
  const c = constInts(op.operands[i]);
  if (c !== undefined) return c;
  const t = inputs[i];
  if (t === undefined) return opError(op, `missing operand ${i} (${what})`);
  if (t.dtype !== 'int32') return opError(op, `${what} must be an integer tensor, got ${t.dtype}`);
  return Array.from(t.dataSync() as Int32Array);
}

/** The operand tensor at i, which the op definition requires. */
export function need(op: Operation, inputs: readonly tf.Tensor[], i: number, what: string): tf.Tensor {
  const t = inputs[i];
  if (t === undefined) return opError(op, `missing operand ${i} (${what})`);
  return t;
}

export type Activation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH';

/** The op's fused activation; SIGN_BIT has no float meaning in TFLite, so it is refused. */
export function fusedActivation(op: Operation): Activation {
  const a = op.attr('fused_activation_function');
  const name = a?.kind === 'string' ? a.value : 'NONE';
  switch (name) {
    case 'NONE':
    case 'RELU':
    case 'RELU_N1_TO_1':
    case 'RELU6':
    case 'TANH':
      return name;
    default:
      return opError(op, `fused activation ${name} has no float kernel`, Codes.UnsupportedOp);
  }
}

/** Applies a fused activation after the op, as TFLite does (on the float result). */
export function activate(t: tf.Tensor, act: Activation): tf.Tensor {
  switch (act) {
    case 'NONE':
      return t;
    case 'RELU':
      return tf.relu(t);
    case 'RELU6':
      return tf.relu6(t);
    case 'RELU_N1_TO_1':
      return tf.clipByValue(t, -1, 1);
    case 'TANH':
      return tf.tanh(t);
  }
}

/** The activation tfjs can fuse into conv/matmul, or undefined when it must be applied afterwards. */
export function tfjsFusable(act: Activation): 'linear' | 'relu' | 'relu6' | undefined {
  return act === 'NONE' ? 'linear' : act === 'RELU' ? 'relu' : act === 'RELU6' ? 'relu6' : undefined;
}

/**
 * Sizes baked into an op (a reshape target, a transpose_conv output shape) are for the batch in the IR; when the
 * input arrives with another leading dim (a batch run), the leading size follows it.
 */
export function followBatch(op: Operation, input: tf.Tensor, operandIndex: number, dims: number[]): number[] {
  const irBatch = op.operands[operandIndex]?.type.shape?.[0];
  const batch = input.shape[0];
  if (irBatch === undefined || irBatch < 0 || batch === undefined || batch === irBatch || dims[0] !== irBatch) return dims;
  return [batch, ...dims.slice(1)];
}

/** Normalized, de-duplicated axes for a rank. */
export function normalizeAxes(op: Operation, axes: readonly number[], rank: number): number[] {
  const out: number[] = [];
  for (const a of axes) {
    const n = a < 0 ? a + rank : a;
    if (n < 0 || n >= rank) return opError(op, `axis ${a} is out of range for rank ${rank}`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}
