// Operand helpers shared by the kernels: constant operands read at prepare time, 8-bit weights, int32 biases.
import { denseToNumbers, type DenseAttr } from '../../ir/attributes.js';
import { constantValue } from '../../ir/builtin-ops.js';
import type { Operation } from '../../ir/core.js';
import type { QTensor } from './tensor.js';
import { unsupported } from './tensor.js';

/** The constant behind operand i, if its producer is an arith.constant. */
export function constantOperand(op: Operation, i: number): DenseAttr | undefined {
  return i < op.numOperands ? constantValue(op.operand(i).producer) : undefined;
}

/** Integer contents of a constant operand (axes, paddings, shapes); undefined when it is not constant. */
export function constantInts(op: Operation, i: number): number[] | undefined {
  const c = constantOperand(op, i);
  return c === undefined ? undefined : denseToNumbers(c);
}

/** The `n` values of an 8-bit filter or weights operand (constant or run-time data; a splat is expanded). */
export function eightBitData(op: Operation, data: unknown, n: number, what: string): Int8Array | Uint8Array | Int16Array {
  if (!(data instanceof Int8Array || data instanceof Uint8Array)) return unsupported(op, `${what} must hold 8-bit data`);
  if (data.length === n) return data;
  if (data.length === 1) return new Int16Array(n).fill(data[0]!);
  return unsupported(op, `${what} holds ${data.length} values, expected ${n}`);
}

/** Checks an int32 bias of `channels` values (TFLite biases of 8-bit ops are int32 with scale in*filter). */
export function biasData(op: Operation, t: QTensor | undefined, channels: number): Int32Array | undefined {
  if (t === undefined) return undefined;
  if (!(t.data instanceof Int32Array)) return unsupported(op, 'bias must be int32 (quantized with scale input * filter)');
  if (t.data.length === channels) return t.data;
  if (t.data.length === 1) return new Int32Array(channels).fill(t.data[0]!);
  return unsupported(op, `bias has ${t.data.length} values for ${channels} output channels`);
}
