// tfl shape and data-movement ops: reshape, squeeze, transpose, pad, concatenation, reductions, softmax, resize.
import { DenseAttr, dense, denseToNumbers } from '../../src/ir/attributes.js';
import { Operation } from '../../src/ir/core.js';
import { Traits, attrBool, attrF32, attrI32, attrInts, defineOp } from '../../src/ir/opdef.js';
import { normalizeAxis, resolveReshape } from '../../src/ir/shape.js';
import { TensorType, numElements, tensorType } from '../../src/ir/types.js';
import { activationAttr, constInts, sameAsOperand } from '../common.js';

export const Reshape = defineOp({
  name: 'tfl.reshape',
  operands: ['input', 'shape'],
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  verify: (op) => {
    const inN = numElements(op.operand(0).type);
    const outN = numElements(op.result(0).type);
    if (inN !== undefined && outN !== undefined && inN !== outN) return `cannot reshape ${inN} elements into ${outN}`;
    return undefined;
  },
  inferTypes: (op) => {
    const s = constInts(op.operand(1));
    const x = op.operand(0).type;
    if (s === undefined) return undefined;
    return [tensorType(resolveReshape(numElements(x), s), x.elem)];
  },
  fold: (op, c) => {
    const x = c[0];
    if (x !== undefined && numElements(op.result(0).type) !== undefined) return [reshapeConst(x, op.result(0).type)];
    if (op.operand(0).type.shape && op.result(0).type.shape && sameStatic(op.operand(0).type, op.result(0).type)) return [op.operand(0)];
    return undefined;
  },
});

function sameStatic(a: TensorType, b: TensorType): boolean {
  return a.shape !== null && b.shape !== null && a.shape.length === b.shape.length && a.shape.every((d, i) => d >= 0 && d === b.shape![i]);
}

/** Shares the data with a new type: passes never copy weights they do not change. */
export function reshapeConst(x: DenseAttr, t: TensorType): DenseAttr {
  return dense(tensorType(t.shape, x.type.elem, x.type.quant), x.data);
}

export const Squeeze = defineOp({
  name: 'tfl.squeeze',
  operands: ['input'],
  attrs: { squeeze_dims: attrInts([]) },
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  inferTypes: (op) => {
    const x = op.operand(0).type;
    if (x.shape === null) return undefined;
    const dims = op.ints('squeeze_dims').map((d) => normalizeAxis(d, x.shape!.length));
    const shape = x.shape.filter((d, i) => (dims.length === 0 ? d !== 1 : !dims.includes(i)));
    return [tensorType(shape, x.elem)];
  },
});

export const ExpandDims = defineOp({
  name: 'tfl.expand_dims',
  operands: ['input', 'dim'],
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const d = constInts(op.operand(1));
    if (x.shape === null || d === undefined) return undefined;
    const s = [...x.shape];
    s.splice(normalizeAxis(d[0]!, s.length + 1), 0, 1);
    return [tensorType(s, x.elem)];
  },
});

export const Transpose = defineOp({
  name: 'tfl.transpose',
  operands: ['input', 'perm'],
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const p = constInts(op.operand(1));
    if (x.shape === null || p === undefined) return undefined;
    return [tensorType(p.map((i) => x.shape![i] ?? -1), x.elem)];
  },
});

export const Pad = defineOp({
  name: 'tfl.pad',
  operands: ['input', 'padding'],
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  verify: (op) => {
    const p = op.operand(1).type.shape;
    const r = op.operand(0).type.shape?.length;
    if (p && r !== undefined && (p.length !== 2 || p[0] !== r || p[1] !== 2)) return `padding must have shape [${r}, 2], got [${p}]`;
    return undefined;
  },
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const p = constInts(op.operand(1));
    if (x.shape === null || p === undefined) return undefined;
    return [tensorType(x.shape.map((d, i) => (d < 0 ? -1 : d + p[2 * i]! + p[2 * i + 1]!)), x.elem)];
  },
});

export const Concatenation = defineOp({
  name: 'tfl.concatenation',
  operands: ['values*'],
  attrs: { axis: attrI32(), fused_activation_function: activationAttr },
  traits: [Traits.Pure, Traits.Quantizable, Traits.FusedActivation],
  verify: (op) => {
    if (op.numOperands === 0) return 'needs at least one input';
    const r = op.operand(0).type.shape?.length;
    if (r === undefined) return undefined;
    const axis = normalizeAxis(op.int('axis'), r);
    if (axis < 0 || axis >= r) return `axis ${op.int('axis')} is out of range for rank ${r}`;
    for (const v of op.operands) {
      const s = v.type.shape;
      if (s && s.length !== r) return 'all inputs must have the same rank';
      if (s && s.some((d, i) => i !== axis && d >= 0 && op.operand(0).type.shape![i]! >= 0 && d !== op.operand(0).type.shape![i])) return `inputs differ outside axis ${axis}`;
    }
    return undefined;
  },
  inferTypes: (op) => {
    const first = op.operand(0).type;
    if (first.shape === null || op.operands.some((v) => v.type.shape === null)) return undefined;
    const axis = normalizeAxis(op.int('axis'), first.shape.length);
    const s = [...first.shape];
    s[axis] = op.operands.reduce((acc, v) => (acc < 0 || v.type.shape![axis]! < 0 ? -1 : acc + v.type.shape![axis]!), 0);
    return [tensorType(s, first.elem)];
  },
});

function reduceResult(op: Operation): TensorType[] | undefined {
  const x = op.operand(0).type;
  const axes = constInts(op.operand(1));
  if (x.shape === null || axes === undefined) return undefined;
  const norm = axes.map((a) => normalizeAxis(a, x.shape!.length));
  const keep = op.flag('keep_dims');
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!norm.includes(i)) shape.push(d);
    else if (keep) shape.push(1);
  });
  return [tensorType(shape, x.elem)];
}

const reducer = (name: string, sameScale: boolean) =>
  defineOp({
    name,
    operands: ['input', 'axis'],
    attrs: { keep_dims: attrBool(false) },
    traits: sameScale ? [Traits.Pure, Traits.Quantizable, Traits.SameScale] : [Traits.Pure, Traits.Quantizable],
    inferTypes: reduceResult,
  });

export const Mean = reducer('tfl.mean', false);
export const Sum = reducer('tfl.sum', false);
export const ReduceMax = reducer('tfl.reduce_max', true);

export const Softmax = defineOp({
  name: 'tfl.softmax',
  operands: ['input'],
  attrs: { beta: attrF32(1) },
  traits: [Traits.Pure, Traits.Quantizable],
  inferTypes: sameAsOperand(0),
});

export const ResizeBilinear = defineOp({
  name: 'tfl.resize_bilinear',
  operands: ['input', 'size'],
  attrs: { align_corners: attrBool(false), half_pixel_centers: attrBool(false) },
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const s = constInts(op.operand(1));
    if (x.shape === null || s === undefined) return undefined;
    return [tensorType([x.shape[0]!, s[0]!, s[1]!, x.shape[3]!], x.elem)];
  },
});

export const StridedSlice = defineOp({
  name: 'tfl.strided_slice',
  operands: ['input', 'begin', 'end', 'strides'],
  attrs: {
    begin_mask: attrI32(0),
    end_mask: attrI32(0),
    ellipsis_mask: attrI32(0),
    new_axis_mask: attrI32(0),
    shrink_axis_mask: attrI32(0),
    offset: attrBool(false),
  },
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
});

/** Shape of a constant as an i32 tensor (folds when the input shape is static). */
export const Shape = defineOp({
  name: 'tfl.shape',
  operands: ['input'],
  traits: [Traits.Pure],
  inferTypes: (op) => [tensorType([op.operand(0).type.shape?.length ?? -1], 'i32')],
  fold: (op) => {
    const s = op.operand(0).type.shape;
    if (s === null || s.some((d) => d < 0)) return undefined;
    return [dense(tensorType([s.length], 'i32'), Int32Array.from(s))];
  },
});

export const Cast = defineOp({
  name: 'tfl.cast',
  operands: ['input'],
  traits: [Traits.Pure],
});

export const Gather = defineOp({
  name: 'tfl.gather',
  operands: ['params', 'indices'],
  attrs: { axis: attrI32(0), batch_dims: attrI32(0) },
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
});

export const Pack = defineOp({
  name: 'tfl.pack',
  operands: ['values*'],
  attrs: { values_count: attrI32(), axis: attrI32(0) },
  traits: [Traits.Pure, Traits.Quantizable],
  inferTypes: (op) => {
    const x = op.operand(0).type;
    if (x.shape === null) return undefined;
    const s = [...x.shape];
    s.splice(normalizeAxis(op.int('axis'), s.length + 1), 0, op.numOperands);
    return [tensorType(s, x.elem)];
  },
});

/** Integer list of a dense attr, for callers that need it (kept here to avoid re-exports elsewhere). */
export const intsOf = denseToNumbers;
