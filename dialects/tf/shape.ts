// tf shape ops Keras uses for shape arithmetic: Shape, StridedSlice, Pack; they fold whenever the dims they read are static.
import { DenseAttr } from '../../src/ir/attributes.js';
import { Operation } from '../../src/ir/core.js';
import { Traits, attrI64, defineOp } from '../../src/ir/opdef.js';
import { normalizeAxis } from '../../src/ir/shape.js';
import { isStatic, tensorType } from '../../src/ir/types.js';
import { constInts } from '../common.js';
import { attrType, typeAttrElem } from './array.js';
import { denseFromNumbers, packConsts, sliceConst } from './fold-array.js';
import { ResolvedSlice, masksOf, resolveStridedSlice } from './strided-slice.js';
import { symbolicVector } from './symbolic.js';

/** A small integer result whose every entry is a known number (e.g. static dims read through Shape) folds. */
function foldSymbolic(op: Operation): DenseAttr | undefined {
  const t = op.result(0).type;
  if (t.shape === null || t.shape.length > 1 || !isStatic(t) || !(t.elem === 'i32' || t.elem === 'i64')) return undefined;
  const sym = symbolicVector(op.result(0));
  if (sym === undefined || sym.some((d) => d.kind !== 'const')) return undefined;
  const values = sym.map((d) => (d.kind === 'const' ? d.value : 0));
  if (values.length !== (t.shape.length === 0 ? 1 : t.shape[0])) return undefined;
  return denseFromNumbers(t.shape, t.elem, values);
}

export const Shape = defineOp({
  name: 'tf.Shape',
  operands: ['input'],
  attrs: { out_type: attrType('i32') },
  traits: [Traits.Pure],
  inferTypes: (op) => [tensorType([op.operand(0).type.shape?.length ?? -1], typeAttrElem(op, 'out_type') ?? 'i32')],
  fold: (op) => {
    const s = op.operand(0).type.shape;
    const t = op.result(0).type;
    if (s === null || s.some((d) => d < 0) || t.shape === null) return undefined;
    return [denseFromNumbers([s.length], t.elem, s)];
  },
});

/** The slice an op describes, when begin/end/strides are constant and the input is ranked. */
export function stridedSliceOf(op: Operation): ResolvedSlice | string | undefined {
  const x = op.operand(0).type.shape;
  const [b, e, s] = [constInts(op.operand(1)), constInts(op.operand(2)), constInts(op.operand(3))];
  if (x === null || b === undefined || e === undefined || s === undefined) return undefined;
  return resolveStridedSlice(x, b, e, s, masksOf((n) => op.int(n)));
}

export const StridedSlice = defineOp({
  name: 'tf.StridedSlice',
  operands: ['input', 'begin', 'end', 'strides'],
  attrs: { begin_mask: attrI64(0), end_mask: attrI64(0), ellipsis_mask: attrI64(0), new_axis_mask: attrI64(0), shrink_axis_mask: attrI64(0) },
  traits: [Traits.Pure],
  verify: (op) => {
    const r = stridedSliceOf(op);
    return typeof r === 'string' ? r : undefined;
  },
  inferTypes: (op) => {
    const r = stridedSliceOf(op);
    const elem = op.operand(0).type.elem;
    return [tensorType(r === undefined || typeof r === 'string' ? null : r.shape, elem)];
  },
  fold: (op, c) => {
    const r = stridedSliceOf(op);
    if (r === undefined || typeof r === 'string') return undefined;
    const folded = sliceConst(c[0], r) ?? foldSymbolic(op);
    return folded === undefined ? undefined : [folded];
  },
});

export const Pack = defineOp({
  name: 'tf.Pack',
  operands: ['values*'],
  attrs: { axis: attrI64(0) },
  traits: [Traits.Pure],
  verify: (op) => {
    if (op.numOperands === 0) return 'needs at least one value';
    const shapes = op.operands.map((v) => v.type.shape).filter((s): s is readonly number[] => s !== null);
    const first = shapes[0];
    if (first === undefined) return undefined;
    for (const s of shapes) {
      if (s.length !== first.length || s.some((d, i) => d >= 0 && first[i]! >= 0 && d !== first[i])) return `values of shapes [${first}] and [${s}] cannot be packed`;
    }
    const a = op.int('axis');
    return a < -first.length - 1 || a > first.length ? `axis ${a} is out of range for rank ${first.length + 1}` : undefined;
  },
  inferTypes: (op) => {
    const elem = op.operand(0).type.elem;
    const ranked = op.operands.map((v) => v.type.shape).filter((s): s is readonly number[] => s !== null);
    if (ranked.length === 0) return [tensorType(null, elem)];
    const merged = ranked[0]!.map((_, i) => ranked.map((s) => s[i] ?? -1).find((d) => d >= 0) ?? -1);
    merged.splice(normalizeAxis(op.int('axis'), merged.length + 1), 0, op.numOperands);
    return [tensorType(merged, elem)];
  },
  fold: (op, c) => {
    const r = packConsts(c, op.int('axis')) ?? foldSymbolic(op);
    return r === undefined ? undefined : [r];
  },
});
