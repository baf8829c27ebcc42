// Constant evaluation of tf data-movement and shape ops (Cast, Pack, ConcatV2, StridedSlice, Range, Fill, Prod...).
import { DenseAttr, DenseData, allocData, dense, denseGet } from '../../src/ir/attributes.js';
import { normalizeAxis, product, stridesOf } from '../../src/ir/shape.js';
import { ElementType, isFloatElem, numElements, tensorType } from '../../src/ir/types.js';
import { FOLD_LIMIT } from '../fold-utils.js';
import { ResolvedSlice, sliceIndices } from './strided-slice.js';

const NUMERIC: ReadonlySet<ElementType> = new Set(['f32', 'f64', 'i1', 'i8', 'u8', 'i16', 'i32', 'i64']);

/** Whether a constant's values can be read and rewritten here (plain numeric, small, not elided). */
export function foldable(c: DenseAttr | undefined): c is DenseAttr {
  if (c === undefined || c.elided || c.type.quant !== undefined || !NUMERIC.has(c.type.elem)) return false;
  const n = numElements(c.type);
  return n !== undefined && n <= FOLD_LIMIT;
}

/** Converts a number the way a cast to `e` stores it (float → int truncates toward zero, as TF's Cast does). */
export function convertNumber(v: number, e: ElementType): number {
  switch (e) {
    case 'f32':
      return Math.fround(v);
    case 'f64':
      return v;
    case 'i1':
      return v !== 0 ? 1 : 0;
    case 'i8':
      return (Math.trunc(v) << 24) >> 24;
    case 'u8':
      return Math.trunc(v) & 0xff;
    case 'i16':
      return (Math.trunc(v) << 16) >> 16;
    case 'i32':
      return Math.trunc(v) | 0;
    default:
      return Math.trunc(v);
  }
}

/** A dense constant of element type `e` and `shape` from plain numbers. */
export function denseFromNumbers(shape: readonly number[], e: ElementType, values: ArrayLike<number>): DenseAttr {
  const data: DenseData = allocData(e, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = convertNumber(values[i]!, e);
    if (data instanceof BigInt64Array) data[i] = BigInt(v);
    else (data as Float32Array)[i] = v;
  }
  return dense(tensorType(shape, e), data);
}

/** All values of a foldable constant (splats expanded). */
export function valuesOf(c: DenseAttr): number[] {
  const n = numElements(c.type)!;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = denseGet(c, i);
  return out;
}

export function castConst(c: DenseAttr | undefined, e: ElementType): DenseAttr | undefined {
  if (!foldable(c) || !NUMERIC.has(e)) return undefined;
  // Float → integer casts of NaN/Inf are implementation-defined in TF: leave them to the runtime.
  const vs = valuesOf(c);
  if (isFloatElem(c.type.elem) && !isFloatElem(e) && e !== 'i1' && vs.some((v) => !Number.isFinite(v))) return undefined;
  return denseFromNumbers(c.type.shape!, e, vs);
}

/** Concatenation of constants along `axis` (they share rank and the other dims). */
export function concatConsts(cs: readonly (DenseAttr | undefined)[], axis: number): DenseAttr | undefined {
  if (cs.length === 0 || !cs.every(foldable)) return undefined;
  const list = cs as DenseAttr[];
  const first = list[0]!;
  const rank = first.type.shape!.length;
  const a = normalizeAxis(axis, rank);
  if (a < 0 || a >= rank) return undefined;
  if (list.some((c) => c.type.elem !== first.type.elem || c.type.shape!.length !== rank || c.type.shape!.some((d, i) => i !== a && d !== first.type.shape![i]))) return undefined;
  const outer = product(first.type.shape!.slice(0, a));
  const out: number[] = [];
  const parts = list.map((c) => ({ vs: valuesOf(c), inner: product(c.type.shape!.slice(a)) }));
  for (let o = 0; o < outer; o++) for (const p of parts) for (let k = 0; k < p.inner; k++) out.push(p.vs[o * p.inner + k]!);
  const shape = [...first.type.shape!];
  shape[a] = list.reduce((acc, c) => acc + c.type.shape![a]!, 0);
  return denseFromNumbers(shape, first.type.elem, out);
}

/** Stacks same-shaped constants along a new axis. */
export function packConsts(cs: readonly (DenseAttr | undefined)[], axis: number): DenseAttr | undefined {
  if (cs.length === 0 || !cs.every(foldable)) return undefined;
  const list = cs as DenseAttr[];
  const s = list[0]!.type.shape!;
  if (list.some((c) => c.type.elem !== list[0]!.type.elem || c.type.shape!.length !== s.length || c.type.shape!.some((d, i) => d !== s[i]))) return undefined;
  const a = normalizeAxis(axis, s.length + 1);
  if (a < 0 || a > s.length) return undefined;
  const expanded = list.map((c) => ({ ...c, type: tensorType([...s.slice(0, a), 1, ...s.slice(a)], c.type.elem) }));
  return concatConsts(expanded, a);
}

export function sliceConst(c: DenseAttr | undefined, r: ResolvedSlice): DenseAttr | undefined {
  if (!foldable(c) || r.shape.some((d) => d < 0)) return undefined;
  const vs = valuesOf(c);
  return denseFromNumbers(r.shape, c.type.elem, sliceIndices(c.type.shape!, r).map((i) => vs[i]!));
}

/** TF's Range: start, start + delta, ... up to (not including) limit. */
export function rangeConst(start: number, limit: number, delta: number, e: ElementType): DenseAttr | undefined {
  if (delta === 0 || !Number.isFinite(start) || !Number.isFinite(limit) || !Number.isFinite(delta)) return undefined;
  if ((delta > 0 && start > limit) || (delta < 0 && start < limit)) return undefined;
  const n = isFloatElem(e) ? Math.ceil(Math.abs((limit - start) / delta)) : Math.ceil(Math.abs(limit - start) / Math.abs(delta));
  if (n > FOLD_LIMIT) return undefined;
  const vs: number[] = [];
  for (let i = 0; i < n; i++) vs.push(start + i * delta);
  return denseFromNumbers([n], e, vs);
}

/** A splat constant of `dims` filled with a scalar constant's value. */
export function fillConst(dims: readonly number[], value: DenseAttr | undefined): DenseAttr | undefined {
  if (!foldable(value) || numElements(value.type) !== 1 || dims.some((d) => !Number.isInteger(d) || d < 0)) return undefined;
  const n = product(dims);
  if (n > FOLD_LIMIT) return undefined;
  return dense(tensorType(dims, value.type.elem), value.data.slice(0, 1) as DenseData);
}

/** Reduction of a constant over `axes` (empty = nothing reduced), starting from `init`. */
export function reduceConst(c: DenseAttr | undefined, axes: readonly number[], keepDims: boolean, init: number, fn: (acc: number, x: number) => number, finish?: (acc: number, count: number) => number): DenseAttr | undefined {
  if (!foldable(c)) return undefined;
  const shape = c.type.shape!;
  const norm = axes.map((a) => normalizeAxis(a, shape.length));
  if (norm.some((a) => a < 0 || a >= shape.length)) return undefined;
  const outFull = shape.map((d, i) => (norm.includes(i) ? 1 : d));
  const n = product(outFull);
  const acc = new Array<number>(n).fill(init);
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(outFull);
  const vs = valuesOf(c);
  for (let i = 0; i < vs.length; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (!norm.includes(d)) o += (Math.floor(i / inStrides[d]!) % shape[d]!) * outStrides[d]!;
    acc[o] = fn(acc[o]!, vs[i]!);
  }
  const count = n === 0 ? 0 : vs.length / n;
  const out = finish ? acc.map((a) => finish(a, count)) : acc;
  const outShape = keepDims ? outFull : shape.filter((_, i) => !norm.includes(i));
  return denseFromNumbers(outShape, c.type.elem, out);
}

/** Transposes a constant (new data in the new order; used for layout changes of weights). */
export function transposeConst(c: DenseAttr, perm: readonly number[]): DenseAttr {
  const shape = c.type.shape!;
  const outShape = perm.map((p) => shape[p]!);
  const n = product(shape);
  const inStrides = stridesOf(shape);
  const out = allocData(c.type.elem, n);
  const src = c.data;
  const splat = src.length === 1;
  const idx = new Array<number>(outShape.length).fill(0);
  // Walks the output in order while tracking the matching input offset.
  let inOff = 0;
  for (let o = 0; o < n; o++) {
    (out as Float32Array)[o] = (splat ? src[0] : src[inOff]) as number;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d]!++;
      inOff += inStrides[perm[d]!]!;
      if (idx[d]! < outShape[d]!) break;
      inOff -= idx[d]! * inStrides[perm[d]!]!;
      idx[d] = 0;
    }
  }
  return dense(tensorType(outShape, c.type.elem, c.type.quant), out);
}
