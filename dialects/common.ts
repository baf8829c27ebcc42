// Helpers shared by dialect op definitions: constant operands, result-type builders, common attribute sets.
import { DenseAttr, denseToNumbers } from '../src/ir/attributes.js';
import { constantValue } from '../src/ir/builtin-ops.js';
import { Operation, Value } from '../src/ir/core.js';
import { AttrSpec, attrEnum } from '../src/ir/opdef.js';
import { broadcastShapes } from '../src/ir/shape.js';
import { ElementType, TensorType, tensorType } from '../src/ir/types.js';

export const ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const activationAttr: AttrSpec = attrEnum(ACTIVATIONS, 'NONE');
export const paddingAttr: AttrSpec = attrEnum(['SAME', 'VALID']);

/** Constant value of an operand, when its producer is a constant. */
export function constOperand(v: Value | undefined): DenseAttr | undefined {
  return v === undefined ? undefined : constantValue(v.producer);
}

/** Integer contents of a constant operand (shapes, axes, paddings). */
export function constInts(v: Value | undefined): number[] | undefined {
  const c = constOperand(v);
  return c === undefined ? undefined : denseToNumbers(c);
}

/** Result type = operand i's type without quantization (quant params are chosen by the quantizer). */
export function sameAsOperand(i = 0) {
  return (op: Operation): TensorType[] => {
    const t = op.operand(i).type;
    return [tensorType(t.shape, t.elem)];
  };
}

export function shapeOf(v: Value): readonly number[] | null {
  return v.type.shape;
}

/** Broadcast result type of a binary elementwise op. */
export function broadcastResult(elem?: ElementType) {
  return (op: Operation): TensorType[] | undefined => {
    const a = op.operand(0).type;
    const b = op.operand(1).type;
    if (a.shape === null || b.shape === null) return [tensorType(null, elem ?? a.elem)];
    const s = broadcastShapes(a.shape, b.shape);
    return s === undefined ? undefined : [tensorType(s, elem ?? a.elem)];
  };
}

/** Verify hook for binary ops: operands broadcast and have the same element type. */
export function verifyBroadcast(op: Operation): string | undefined {
  const a = op.operand(0).type;
  const b = op.operand(1).type;
  if (a.elem !== b.elem) return `operand element types differ (${a.elem} vs ${b.elem})`;
  if (a.shape && b.shape && broadcastShapes(a.shape, b.shape) === undefined) return `operand shapes [${a.shape}] and [${b.shape}] do not broadcast`;
  return undefined;
}

export function requireRank(op: Operation, i: number, r: number, what: string): string | undefined {
  const s = op.operand(i).type.shape;
  if (s !== null && s.length !== r) return `${what} must be rank ${r}, got rank ${s.length}`;
  return undefined;
}
