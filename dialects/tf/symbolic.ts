// Symbolic shape vectors: what Keras computes with Shape → StridedSlice → Pack/ConcatV2, as constants or "dim i of x".
import { denseToNumbers } from '../../src/ir/attributes.js';
import { Operation, Value } from '../../src/ir/core.js';
import { normalizeAxis } from '../../src/ir/shape.js';
import { constOperand, constInts } from '../common.js';
import { masksOf, resolveStridedSlice } from './strided-slice.js';

/** One entry of a shape vector: a known number, or the (dynamic) size of dimension `index` of `of`. */
export type SymDim = { readonly kind: 'const'; readonly value: number } | { readonly kind: 'dim'; readonly of: Value; readonly index: number };

const known = (value: number): SymDim => ({ kind: 'const', value });
const MAX_DEPTH = 8;

function intAttr(op: Operation, name: string): number {
  const a = op.attr(name);
  return a?.kind === 'int' ? a.value : 0;
}

/** The entries of an integer vector value (rank 0 counts as one entry), when each is known or a dim of a tensor. */
export function symbolicVector(v: Value, depth = 0): SymDim[] | undefined {
  const c = constOperand(v);
  if (c !== undefined) return c.type.shape !== null && c.type.shape.length <= 1 && c.type.elem !== 'string' ? denseToNumbers(c).map(known) : undefined;
  const op = v.producer;
  if (op === undefined || depth > MAX_DEPTH) return undefined;
  switch (op.name) {
    case 'tf.Identity':
    case 'tf.Cast':
      return v.type.elem.startsWith('i') && op.operand(0).type.elem.startsWith('i') ? symbolicVector(op.operand(0), depth + 1) : undefined;
    case 'tf.Shape': {
      const x = op.operand(0);
      const s = x.type.shape;
      return s === null ? undefined : s.map((d, index) => (d >= 0 ? known(d) : { kind: 'dim', of: x, index }));
    }
    case 'tf.Pack': {
      if (v.type.shape?.length !== 1 || normalizeAxis(intAttr(op, 'axis'), 1) !== 0) return undefined;
      const out: SymDim[] = [];
      for (const x of op.operands) {
        if (x.type.shape?.length !== 0) return undefined;
        const s = symbolicVector(x, depth + 1);
        if (s?.length !== 1) return undefined;
        out.push(s[0]!);
      }
      return out;
    }
    case 'tf.ConcatV2': {
      const axis = constInts(op.operand(op.numOperands - 1));
      if (axis?.length !== 1 || normalizeAxis(axis[0]!, 1) !== 0) return undefined;
      const out: SymDim[] = [];
      for (const x of op.operands.slice(0, -1)) {
        const s = symbolicVector(x, depth + 1);
        if (s === undefined) return undefined;
        out.push(...s);
      }
      return out;
    }
    case 'tf.StridedSlice': {
      const src = symbolicVector(op.operand(0), depth + 1);
      const [b, e, s] = [constInts(op.operand(1)), constInts(op.operand(2)), constInts(op.operand(3))];
      if (src === undefined || b === undefined || e === undefined || s === undefined || op.operand(0).type.shape?.length !== 1) return undefined;
      const r = resolveStridedSlice([src.length], b, e, s, masksOf((n) => intAttr(op, n)));
      if (typeof r === 'string' || r.shape.length > 1) return undefined;
      const d = r.dims[0]!;
      const out: SymDim[] = [];
      for (let k = 0; k < d.size; k++) out.push(src[d.begin + k * d.stride]!);
      return out;
    }
    default:
      return undefined;
  }
}

/** Dims of a symbolic shape as a result type shape: dims of other tensors are dynamic (-1). */
export function symbolicToShape(dims: readonly SymDim[]): number[] {
  return dims.map((d) => (d.kind === 'const' ? d.value : -1));
}

/**
 * A reshape target for `x` with at most one -1, equivalent to the symbolic `target`: entries that are x's own
 * dims cancel against those dims, so a Keras `[batch, -1]` becomes `[-1, 3136]`. Undefined when two or more entries
 * stay unknown.
 */
export function resolveReshapeTarget(x: Value, target: readonly SymDim[]): number[] | undefined {
  const xs = x.type.shape;
  const cancelled = new Set<number>();
  let unknownAt = -1;
  let inferAt = -1;
  let knownProduct = 1;
  const out: number[] = [];
  for (let i = 0; i < target.length; i++) {
    const d = target[i]!;
    if (d.kind === 'const') {
      if (d.value === -1) {
        if (inferAt >= 0) return undefined;
        inferAt = i;
      } else if (d.value < 0) return undefined;
      else knownProduct *= d.value;
      out.push(d.value);
      continue;
    }
    if (d.of === x && xs !== null && !cancelled.has(d.index) && d.index < xs.length) cancelled.add(d.index);
    else return undefined;
    out.push(-1);
    unknownAt = unknownAt < 0 ? i : -2;
  }
  if (unknownAt === -1) return out;
  if (unknownAt === -2) return undefined;
  if (inferAt < 0) return out;
  // The explicit -1 is what is left of x once the cancelled dims are taken out: it must be static.
  const rest = xs!.filter((_, i) => !cancelled.has(i));
  if (rest.some((v) => v < 0)) return undefined;
  const total = rest.reduce((a, b) => a * b, 1);
  if (knownProduct === 0 || total % knownProduct !== 0) return undefined;
  out[inferAt] = total / knownProduct;
  return out;
}
