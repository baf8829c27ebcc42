// tf data-movement and shape ops: Identity, Reshape, Squeeze, ExpandDims, Pad*, ConcatV2, Transpose, Cast, Fill, Range.
import { DenseAttr, denseGet, typeAttr } from '../../src/ir/attributes.js';
import { Operation, Value } from '../../src/ir/core.js';
import { AttrSpec, Traits, attrBool, attrEnum, attrInts, defineOp } from '../../src/ir/opdef.js';
import { normalizeAxis, resolveReshape } from '../../src/ir/shape.js';
import { ElementType, numElements, tensorType } from '../../src/ir/types.js';
import { constInts } from '../common.js';
import { castConst, concatConsts, fillConst, rangeConst, transposeConst, foldable } from './fold-array.js';
import { resolveReshapeTarget, symbolicToShape, symbolicVector } from './symbolic.js';
import { staticLength } from './util.js';

/** A type attribute (Cast's DstT, Shape's out_type): the element type of a `tensor<*xT>`. */
export const attrType = (def?: ElementType): AttrSpec => (def === undefined ? { kind: 'type' } : { kind: 'type', default: typeAttr(tensorType(null, def)) });

export function typeAttrElem(op: Operation, name: string): ElementType | undefined {
  const a = op.attr(name);
  return a?.kind === 'type' ? a.value.elem : undefined;
}

export const Identity = defineOp({
  name: 'tf.Identity',
  operands: ['input'],
  traits: [Traits.Pure],
  inferTypes: (op) => [op.operand(0).type],
  fold: (op) => [op.operand(0)],
});

/** Reshapes of constants share the data under the new type: folding never copies weights. */
function reshapeFold(op: Operation, x: DenseAttr | undefined): (DenseAttr | Value)[] | undefined {
  const t = op.result(0).type;
  if (x !== undefined && numElements(t) !== undefined && numElements(t) === numElements(x.type)) return [{ kind: 'dense', type: tensorType(t.shape, x.type.elem, x.type.quant), data: x.data }];
  const s = op.operand(0).type.shape;
  if (s !== null && t.shape !== null && s.length === t.shape.length && s.every((d, i) => d >= 0 && d === t.shape![i])) return [op.operand(0)];
  return undefined;
}

export const Reshape = defineOp({
  name: 'tf.Reshape',
  operands: ['tensor', 'shape'],
  traits: [Traits.Pure],
  verify: (op) => {
    const s = constInts(op.operand(1));
    if (s !== undefined && (s.filter((d) => d === -1).length > 1 || s.some((d) => d < -1))) return `shape [${s}] may hold at most one -1 and no other negative size`;
    const a = numElements(op.operand(0).type);
    const b = numElements(op.result(0).type);
    if (a !== undefined && b !== undefined && a !== b) return `cannot reshape ${a} elements into ${b}`;
    return undefined;
  },
  inferTypes: (op) => {
    const x = op.operand(0);
    const sym = symbolicVector(op.operand(1));
    const elem = x.type.elem;
    if (sym !== undefined) {
      const target = resolveReshapeTarget(x, sym);
      if (target !== undefined) return [tensorType(resolveReshape(numElements(x.type), target), elem)];
      return [tensorType(symbolicToShape(sym), elem)];
    }
    const n = staticLength(op.operand(1).type);
    return [tensorType(n === undefined ? null : new Array<number>(n).fill(-1), elem)];
  },
  fold: (op, c) => reshapeFold(op, c[0]),
});

export const Squeeze = defineOp({
  name: 'tf.Squeeze',
  operands: ['input'],
  attrs: { squeeze_dims: attrInts([]) },
  traits: [Traits.Pure],
  verify: (op) => {
    const s = op.operand(0).type.shape;
    if (s === null) return undefined;
    for (const d of op.ints('squeeze_dims')) {
      const a = normalizeAxis(d, s.length);
      if (a < 0 || a >= s.length) return `squeeze dim ${d} is out of range for rank ${s.length}`;
      if (s[a]! >= 0 && s[a] !== 1) return `cannot squeeze dim ${d} of size ${s[a]}`;
    }
    return undefined;
  },
  inferTypes: (op) => {
    const x = op.operand(0).type;
    if (x.shape === null) return [tensorType(null, x.elem)];
    const dims = op.ints('squeeze_dims').map((d) => normalizeAxis(d, x.shape!.length));
    // Without squeeze_dims every size-1 dim goes; a dynamic dim might be 1, so the rank is unknown.
    if (dims.length === 0 && x.shape.some((d) => d < 0)) return [tensorType(null, x.elem)];
    return [tensorType(x.shape.filter((d, i) => (dims.length === 0 ? d !== 1 : !dims.includes(i))), x.elem)];
  },
  fold: (op, c) => reshapeFold(op, c[0]),
});

export const ExpandDims = defineOp({
  name: 'tf.ExpandDims',
  operands: ['input', 'dim'],
  traits: [Traits.Pure],
  verify: (op) => {
    const d = constInts(op.operand(1));
    const r = op.operand(0).type.shape?.length;
    if (d === undefined || r === undefined) return undefined;
    if (d.length !== 1) return `dim must hold one value, got [${d}]`;
    return d[0]! < -r - 1 || d[0]! > r ? `dim ${d[0]} is out of range for rank ${r}` : undefined;
  },
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const d = constInts(op.operand(1));
    if (x.shape === null) return [tensorType(null, x.elem)];
    if (d === undefined) return [tensorType([...x.shape, -1].map(() => -1), x.elem)];
    const s = [...x.shape];
    s.splice(normalizeAxis(d[0] ?? 0, s.length + 1), 0, 1);
    return [tensorType(s, x.elem)];
  },
  fold: (op, c) => reshapeFold(op, c[0]),
});

function verifyPaddings(op: Operation): string | undefined {
  const r = op.operand(0).type.shape?.length;
  const p = op.operand(1).type.shape;
  if (r !== undefined && p !== null && (p.length !== 2 || (p[0]! >= 0 && p[0] !== r) || (p[1]! >= 0 && p[1] !== 2))) return `paddings must have shape [${r}, 2], got [${p}]`;
  const v = constInts(op.operand(1));
  if (v?.some((x) => x < 0)) return `paddings [${v}] must be non-negative`;
  return undefined;
}

function padResult(op: Operation) {
  const x = op.operand(0).type;
  const p = constInts(op.operand(1));
  if (x.shape === null) return [tensorType(null, x.elem)];
  return [tensorType(x.shape.map((d, i) => (d < 0 || p === undefined ? -1 : d + p[2 * i]! + p[2 * i + 1]!)), x.elem)];
}

export const Pad = defineOp({ name: 'tf.Pad', operands: ['input', 'paddings'], traits: [Traits.Pure], verify: verifyPaddings, inferTypes: padResult });
export const PadV2 = defineOp({
  name: 'tf.PadV2',
  operands: ['input', 'paddings', 'constant_values'],
  traits: [Traits.Pure],
  verify: (op) => verifyPaddings(op) ?? (op.operand(2).type.shape !== null && (numElements(op.operand(2).type) ?? 1) !== 1 ? 'constant_values must be a scalar' : undefined),
  inferTypes: padResult,
});
export const MirrorPad = defineOp({
  name: 'tf.MirrorPad',
  operands: ['input', 'paddings'],
  attrs: { mode: attrEnum(['REFLECT', 'SYMMETRIC']) },
  traits: [Traits.Pure],
  verify: verifyPaddings,
  inferTypes: padResult,
});

export const ConcatV2 = defineOp({
  name: 'tf.ConcatV2',
  operands: ['values*', 'axis'],
  traits: [Traits.Pure],
  verify: (op) => {
    if (op.numOperands < 2) return 'needs at least one value and the axis';
    const axis = constInts(op.operand(op.numOperands - 1));
    const r = op.operand(0).type.shape?.length;
    if (axis === undefined || r === undefined) return undefined;
    if (axis.length !== 1 || axis[0]! < -r || axis[0]! >= r) return `axis [${axis}] is out of range for rank ${r}`;
    const a = normalizeAxis(axis[0]!, r);
    for (const v of op.operands.slice(0, -1)) {
      const s = v.type.shape;
      if (s === null) continue;
      if (s.length !== r) return 'all values must have the same rank';
      const f = op.operand(0).type.shape!;
      if (s.some((d, i) => i !== a && d >= 0 && f[i]! >= 0 && d !== f[i])) return `values of shapes [${f}] and [${s}] differ outside axis ${a}`;
    }
    return undefined;
  },
  inferTypes: (op) => {
    const values = op.operands.slice(0, -1);
    const axis = constInts(op.operand(op.numOperands - 1));
    const elem = op.operand(0).type.elem;
    const ranked = values.find((v) => v.type.shape !== null);
    if (ranked === undefined) return [tensorType(null, elem)];
    const r = ranked.type.shape!.length;
    if (axis === undefined) return [tensorType(new Array<number>(r).fill(-1), elem)];
    const a = normalizeAxis(axis[0] ?? 0, r);
    const out = ranked.type.shape!.map((_, i) => {
      if (i === a) return values.reduce((acc, v) => (acc < 0 || v.type.shape === null || v.type.shape[i]! < 0 ? -1 : acc + v.type.shape[i]!), 0);
      const known = values.map((v) => v.type.shape?.[i] ?? -1).find((d) => d >= 0);
      return known ?? -1;
    });
    return [tensorType(out, elem)];
  },
  fold: (op, c) => {
    const axis = constInts(op.operand(op.numOperands - 1));
    const r = axis?.length === 1 ? concatConsts(c.slice(0, -1), axis[0]!) : undefined;
    return r === undefined ? undefined : [r];
  },
});

export const Transpose = defineOp({
  name: 'tf.Transpose',
  operands: ['x', 'perm'],
  traits: [Traits.Pure],
  verify: (op) => {
    const p = constInts(op.operand(1));
    const r = op.operand(0).type.shape?.length;
    if (p === undefined || r === undefined) return undefined;
    const sorted = [...p].sort((a, b) => a - b);
    return p.length !== r || sorted.some((v, i) => v !== i) ? `perm [${p}] is not a permutation of ${r} dims` : undefined;
  },
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const p = constInts(op.operand(1));
    if (x.shape === null) return [tensorType(null, x.elem)];
    return [tensorType(p === undefined ? x.shape.map(() => -1) : p.map((i) => x.shape![i] ?? -1), x.elem)];
  },
  fold: (op, c) => {
    const p = constInts(op.operand(1));
    return foldable(c[0]) && p !== undefined && p.length === c[0].type.shape!.length ? [transposeConst(c[0], p)] : undefined;
  },
});

export const Cast = defineOp({
  name: 'tf.Cast',
  operands: ['x'],
  attrs: { DstT: attrType(), Truncate: attrBool(false) },
  traits: [Traits.Pure],
  inferTypes: (op) => {
    const e = typeAttrElem(op, 'DstT');
    return e === undefined ? undefined : [tensorType(op.operand(0).type.shape, e)];
  },
  fold: (op, c) => {
    if (op.operand(0).type.elem === op.result(0).type.elem && op.operand(0).type.quant === undefined) return [op.operand(0)];
    const r = castConst(c[0], op.result(0).type.elem);
    return r === undefined ? undefined : [r];
  },
});

export const Fill = defineOp({
  name: 'tf.Fill',
  operands: ['dims', 'value'],
  traits: [Traits.Pure],
  verify: (op) => ((numElements(op.operand(1).type) ?? 1) !== 1 ? 'value must be a scalar' : undefined),
  inferTypes: (op) => {
    const sym = symbolicVector(op.operand(0));
    const n = staticLength(op.operand(0).type);
    const elem = op.operand(1).type.elem;
    if (sym !== undefined) return [tensorType(symbolicToShape(sym), elem)];
    return [tensorType(n === undefined ? null : new Array<number>(n).fill(-1), elem)];
  },
  fold: (op, c) => {
    const dims = constInts(op.operand(0));
    const r = dims === undefined ? undefined : fillConst(dims, c[1]);
    return r === undefined ? undefined : [r];
  },
});

export const Range = defineOp({
  name: 'tf.Range',
  operands: ['start', 'limit', 'delta'],
  traits: [Traits.Pure],
  verify: (op) => {
    const d = op.operands.map((v) => constInts(v));
    if (d[2]?.[0] === 0) return 'delta must not be 0';
    if (d[0] && d[1] && d[2] && (d[2][0]! > 0 ? d[0][0]! > d[1][0]! : d[0][0]! < d[1][0]!)) return `start ${d[0][0]} cannot reach limit ${d[1][0]} with delta ${d[2][0]}`;
    return undefined;
  },
  inferTypes: (op) => {
    const [s, l, d] = op.operands.map((v) => constInts(v)?.[0]);
    const elem = op.operand(0).type.elem;
    const r = s !== undefined && l !== undefined && d !== undefined ? rangeConst(s, l, d, elem) : undefined;
    return [tensorType([r === undefined ? -1 : r.type.shape![0]!], elem)];
  },
  fold: (op, c) => {
    if (c.some((x) => x === undefined || numElements(x.type) !== 1)) return undefined;
    const [s, l, d] = c.map((x) => denseGet(x!, 0));
    const r = rangeConst(s!, l!, d!, op.result(0).type.elem);
    return r === undefined ? undefined : [r];
  },
});
