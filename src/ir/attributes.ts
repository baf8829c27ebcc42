// Attributes: ints, floats, bools, strings, arrays, types and dense tensors backed by typed arrays.
import { ElementType, TensorType, numElements, printF32, printFloat, printType, storageElem, typesEqual } from './types.js';

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | BigInt64Array;

export type DenseData = TypedArray | readonly string[];

export type Attr =
  | { readonly kind: 'int'; readonly value: number; readonly width: 32 | 64 }
  | { readonly kind: 'float'; readonly value: number; readonly width: 32 | 64 }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly value: readonly Attr[] }
  | { readonly kind: 'type'; readonly value: TensorType }
  | { readonly kind: 'unit' }
  | DenseAttr;

/**
 * A dense tensor constant. `data` is in the type's storage element type: f32 → Float32Array, f16/bf16 → Uint16Array
 * (raw bits), i64 → BigInt64Array, i1/u8 → Uint8Array, quantized i8 → Int8Array, string → string[].
 * A single element with a larger shape is a splat. `elided` marks data that was not printed (and parsed as zeros).
 */
export interface DenseAttr {
  readonly kind: 'dense';
  readonly type: TensorType;
  readonly data: DenseData;
  readonly elided?: boolean;
}

export const i32 = (value: number): Attr => ({ kind: 'int', value, width: 32 });
export const i64 = (value: number): Attr => ({ kind: 'int', value, width: 64 });
export const f32 = (value: number): Attr => ({ kind: 'float', value: Math.fround(value), width: 32 });
export const f64 = (value: number): Attr => ({ kind: 'float', value, width: 64 });
export const bool = (value: boolean): Attr => ({ kind: 'bool', value });
export const str = (value: string): Attr => ({ kind: 'string', value });
export const arr = (value: readonly Attr[]): Attr => ({ kind: 'array', value });
export const i32s = (values: readonly number[]): Attr => arr(values.map(i32));
export const i64s = (values: readonly number[]): Attr => arr(values.map(i64));
export const typeAttr = (value: TensorType): Attr => ({ kind: 'type', value });
export const unit: Attr = { kind: 'unit' };

/** Allocates the typed array that holds `n` values of element type `e` (storage type for quantized). */
export function allocData(e: ElementType, n: number): DenseData {
  switch (e) {
    case 'f32':
      return new Float32Array(n);
    case 'f64':
      return new Float64Array(n);
    case 'f16':
    case 'bf16':
      return new Uint16Array(n);
    case 'i1':
    case 'u8':
      return new Uint8Array(n);
    case 'i8':
      return new Int8Array(n);
    case 'i16':
      return new Int16Array(n);
    case 'i32':
      return new Int32Array(n);
    case 'i64':
      return new BigInt64Array(n);
    case 'string':
      return new Array<string>(n).fill('');
  }
}

export function dense(type: TensorType, data: DenseData): DenseAttr {
  return { kind: 'dense', type, data };
}

/** Number of stored values (1 for a splat). */
export function denseLength(d: DenseAttr): number {
  return d.data.length;
}

export function isSplat(d: DenseAttr): boolean {
  return d.data.length === 1 && (numElements(d.type) ?? 1) !== 1;
}

/** Reads element i as a number (splat-aware). f16/bf16 are decoded; i64 converted (may lose precision > 2^53). */
export function denseGet(d: DenseAttr, i: number): number {
  const idx = d.data.length === 1 ? 0 : i;
  const v = d.data[idx];
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || v === undefined) return NaN;
  if (d.type.quant === undefined) {
    if (d.type.elem === 'f16') return halfToFloat(v);
    if (d.type.elem === 'bf16') return bf16ToFloat(v);
  }
  return v;
}

/** The whole tensor as a Float64-compatible number array (expands splats). For small tensors (shapes, attrs). */
export function denseToNumbers(d: DenseAttr): number[] {
  const n = numElements(d.type) ?? d.data.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = denseGet(d, i);
  return out;
}

/** The tensor as a Float32Array (expands splats, decodes f16/bf16, dequantizes nothing). */
export function denseToFloat32(d: DenseAttr): Float32Array {
  if (d.data instanceof Float32Array && !isSplat(d)) return d.data;
  const n = numElements(d.type) ?? d.data.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = denseGet(d, i);
  return out;
}

export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);

export function bf16ToFloat(b: number): number {
  u32buf[0] = b << 16;
  return f32buf[0]!;
}

/** float → IEEE half bits, round to nearest even (used by float16 quantization). */
export function floatToHalf(x: number): number {
  f32buf[0] = x;
  const b = u32buf[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  e = h >>> 10;
  return sign | h;
}

export function attrsEqual(a: Attr, b: Attr): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
    case 'float':
      return a.value === (b as typeof a).value || (Number.isNaN(a.value) && Number.isNaN((b as typeof a).value));
    case 'bool':
    case 'string':
      return a.value === (b as typeof a).value;
    case 'unit':
      return true;
    case 'type':
      return typesEqual(a.value, (b as typeof a).value);
    case 'array': {
      const bv = (b as typeof a).value;
      return a.value.length === bv.length && a.value.every((x, i) => attrsEqual(x, bv[i]!));
    }
    case 'dense': {
      const bd = b as DenseAttr;
      if (!typesEqual(a.type, bd.type) || a.data.length !== bd.data.length) return false;
      for (let i = 0; i < a.data.length; i++) {
        const x = a.data[i];
        const y = bd.data[i];
        if (x !== y && !(typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y))) return false;
      }
      return true;
    }
  }
}

/** Options for printing dense data. */
export interface PrintOptions {
  /** Print every constant in full (default: elide tensors with more than `elideLimit` elements). */
  printAllData?: boolean;
  elideLimit?: number;
}

function printScalar(d: DenseAttr, i: number): string {
  const v = d.data[i]!;
  const e = storageElem(d.type);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (e === 'i1') return v ? 'true' : 'false';
  if (d.type.quant === undefined && (e === 'f32' || e === 'f64' || e === 'f16' || e === 'bf16')) {
    const x = denseGet(d, i);
    if (Number.isNaN(x)) return '0x7FC00000';
    if (!Number.isFinite(x)) return x > 0 ? '0x7F800000' : '0xFF800000';
    return e === 'f64' ? printFloat(x) : printF32(x);
  }
  return String(v);
}

function bytesOf(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function printNested(d: DenseAttr): string {
  const shape = d.type.shape ?? [d.data.length];
  if (isSplat(d)) return printScalar(d, 0);
  if (shape.length === 0) return printScalar(d, 0);
  let pos = 0;
  const rec = (dim: number): string => {
    const n = shape[dim]!;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(dim === shape.length - 1 ? printScalar(d, pos++) : rec(dim + 1));
    return `[${parts.join(', ')}]`;
  };
  return rec(0);
}

export function printDense(d: DenseAttr, opts: PrintOptions = {}): string {
  const limit = opts.elideLimit ?? 16;
  const typeText = printType(d.type);
  if (d.elided || (!opts.printAllData && d.data.length > limit)) return `dense_resource<__elided__> : ${typeText}`;
  if (d.data.length > limit && !(d.data instanceof Array)) {
    let hex = '';
    for (const b of bytesOf(d.data as TypedArray)) hex += b.toString(16).padStart(2, '0');
    return `dense<"0x${hex.toUpperCase()}"> : ${typeText}`;
  }
  return `dense<${printNested(d)}> : ${typeText}`;
}

export function printAttr(a: Attr, opts: PrintOptions = {}): string {
  switch (a.kind) {
    case 'int':
      return `${a.value} : i${a.width}`;
    case 'float':
      return `${Number.isFinite(a.value) ? (a.width === 32 ? printF32(a.value) : printFloat(a.value)) : a.value > 0 ? '0x7F800000' : a.value < 0 ? '0xFF800000' : '0x7FC00000'} : f${a.width}`;
    case 'bool':
      return a.value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(a.value);
    case 'unit':
      return 'unit';
    case 'type':
      return printType(a.value);
    case 'array':
      return `[${a.value.map((x) => printAttr(x, opts)).join(', ')}]`;
    case 'dense':
      return printDense(a, opts);
  }
}
