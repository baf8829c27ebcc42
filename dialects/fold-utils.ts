// Constant-folding helpers for op definitions: broadcast binary and unary evaluation on small constants.
import { DenseAttr, allocData, denseGet, dense } from '../src/ir/attributes.js';
import { broadcastShapes, product, stridesOf } from '../src/ir/shape.js';
import { ElementType, numElements, tensorType } from '../src/ir/types.js';

/** Folding creates new constant data; keep it to small tensors so passes never duplicate weights. */
export const FOLD_LIMIT = 1 << 20;

const FOLDABLE: ReadonlySet<ElementType> = new Set(['f32', 'f64', 'i32', 'i64', 'i8', 'u8', 'i16', 'i1']);

function writeNumber(data: ReturnType<typeof allocData>, i: number, v: number, e: ElementType): void {
  if (data instanceof BigInt64Array) data[i] = BigInt(Math.trunc(v));
  else if (Array.isArray(data)) return;
  else if (e === 'i32' || e === 'i16' || e === 'i8' || e === 'u8') (data as Int32Array)[i] = Math.trunc(v);
  else (data as Float32Array)[i] = v;
}

/** Evaluates fn elementwise with broadcasting; undefined when not foldable (quantized, strings, too large). */
export function foldBinary(a: DenseAttr | undefined, b: DenseAttr | undefined, fn: (x: number, y: number) => number, resultElem?: ElementType): DenseAttr | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a.type.quant || b.type.quant || a.type.shape === null || b.type.shape === null) return undefined;
  if (!FOLDABLE.has(a.type.elem) || a.type.elem !== b.type.elem) return undefined;
  const shape = broadcastShapes(a.type.shape, b.type.shape);
  if (shape === undefined) return undefined;
  const n = product(shape);
  if (n > FOLD_LIMIT) return undefined;
  const elem = resultElem ?? a.type.elem;
  const out = allocData(elem, n);
  const sa = stridesOf(a.type.shape);
  const sb = stridesOf(b.type.shape);
  const so = stridesOf(shape);
  const ra = shape.length - a.type.shape.length;
  const rb = shape.length - b.type.shape.length;
  for (let i = 0; i < n; i++) {
    let ia = 0;
    let ib = 0;
    let rem = i;
    for (let d = 0; d < shape.length; d++) {
      const c = Math.floor(rem / so[d]!);
      rem -= c * so[d]!;
      if (d >= ra && a.type.shape[d - ra] !== 1) ia += c * sa[d - ra]!;
      if (d >= rb && b.type.shape[d - rb] !== 1) ib += c * sb[d - rb]!;
    }
    writeNumber(out, i, fn(denseGet(a, ia), denseGet(b, ib)), elem);
  }
  return dense(tensorType(shape, elem), out);
}

export function foldUnary(a: DenseAttr | undefined, fn: (x: number) => number): DenseAttr | undefined {
  if (a === undefined || a.type.quant || !FOLDABLE.has(a.type.elem)) return undefined;
  const n = numElements(a.type);
  if (n === undefined || n > FOLD_LIMIT) return undefined;
  const out = allocData(a.type.elem, n);
  for (let i = 0; i < n; i++) writeNumber(out, i, fn(denseGet(a, i)), a.type.elem);
  return dense(a.type, out);
}

/** Rounds like an f32 tensor would store it, so folded f32 math matches runtime math. */
export const f32op = (fn: (x: number, y: number) => number) => (x: number, y: number): number => Math.fround(fn(x, y));
