// Operand helpers shared by the kernels: constant operands read at prepare time, offset copies, int32 biases.
import { denseToNumbers, type DenseAttr } from '../../ir/attributes.js';
import { constantValue } from '../../ir/builtin-ops.js';
import type { Operation } from '../../ir/core.js';
import { numElements } from '../../ir/types.js';
import type { QTensor, TensorData } from './tensor.js';
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

/**
 * `data[i] + offset` as int16 (an 8-bit value plus a zero-point offset always fits): TFLite adds the input and
 * filter offsets inside its inner loops; adding them once up front gives the same products.
 */
export function withOffset(data: ArrayLike<number>, offset: number, n = data.length): Int16Array {
  const out = new Int16Array(n);
  if (data.length === 1 && n !== 1) {
    out.fill(data[0]! + offset);
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = data[i]! + offset;
  return out;
}

/** Offset copy of a constant 8-bit operand, made once at prepare time. */
export function constantWithOffset(op: Operation, i: number, offset: number): Int16Array | undefined {
  const c = constantOperand(op, i);
  if (c === undefined) return undefined;
  if (!(c.data instanceof Int8Array || c.data instanceof Uint8Array)) return unsupported(op, `operand ${i} must hold 8-bit data`);
  return withOffset(c.data, offset, numElements(c.type) ?? c.data.length);
}

/** Checks an int32 bias of `channels` values (TFLite biases of 8-bit ops are int32 with scale in*filter). */
export function biasData(op: Operation, t: QTensor | undefined, channels: number): Int32Array | undefined {
  if (t === undefined) return undefined;
  if (!(t.data instanceof Int32Array)) return unsupported(op, 'bias must be int32 (quantized with scale input * filter)');
  if (t.data.length === channels) return t.data;
  if (t.data.length === 1) return new Int32Array(channels).fill(t.data[0]!);
  return unsupported(op, `bias has ${t.data.length} values for ${channels} output channels`);
}

/** Filter or weights data at run time: the prepared offset copy, or an offset copy of the operand. */
export function offsetOperand(prepared: Int16Array | undefined, t: QTensor, offset: number, n: number): Int16Array {
  return prepared ?? withOffset(t.data as TensorData, offset, n);
}
