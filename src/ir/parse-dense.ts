// Turns the literal of a parsed `dense<...>` (element tokens or a hex blob) into typed-array data for its type.
import { DenseData, allocData, floatToHalf, halfToFloat } from './attributes.js';
import type { Token } from './lexer.js';
import { TensorType, elementByteSize, numElements, printType, storageElem } from './types.js';

/** A bad dense literal; the parser turns it into a located user error. */
export class DenseError extends Error {
  constructor(
    message: string,
    readonly token?: Token,
  ) {
    super(message);
  }
}

/** Hex bits as a float: up to 4 digits with width 16 are f16 bits, 16 digits f64 bits, otherwise f32 bits. */
export function hexFloat(text: string, width: 16 | 32 | 64): number {
  const neg = text.startsWith('-');
  const digits = text.slice(neg ? 3 : 2);
  let v: number;
  if (digits.length > 8) {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setBigUint64(0, BigInt.asUintN(64, BigInt('0x' + digits)));
    v = dv.getFloat64(0);
  } else if (width === 16 && digits.length <= 4) {
    v = halfToFloat(parseInt(digits, 16));
  } else {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setUint32(0, parseInt(digits, 16) >>> 0);
    v = dv.getFloat32(0);
  }
  return neg ? -v : v;
}

export function hexInt(text: string): number {
  const neg = text.startsWith('-');
  const v = parseInt(text.slice(neg ? 3 : 2), 16);
  return neg ? -v : v;
}

/** float → bfloat16 bits, round to nearest even (NaN stays a quiet NaN). */
export function floatToBf16(x: number): number {
  if (Number.isNaN(x)) return 0x7fc0;
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  const b = dv.getUint32(0);
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  i1: [0, 1],
  i8: [-128, 127],
  u8: [0, 255],
  i16: [-32768, 32767],
  i32: [-2147483648, 2147483647],
};

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** `"0x..."`: raw little-endian element bytes, either every element or one (a splat). */
export function decodeHexDense(hex: string, type: TensorType, at?: Token): DenseData {
  const e = storageElem(type);
  const size = elementByteSize(e);
  if (size === 0) throw new DenseError(`hex data cannot hold ${printType(type)} elements`, at);
  if ((hex.length - 2) % 2 !== 0) throw new DenseError('hex data has an odd number of digits', at);
  const nbytes = (hex.length - 2) / 2;
  const n = numElements(type)!;
  if (nbytes !== n * size && nbytes !== size) throw new DenseError(`hex data has ${nbytes} bytes but ${printType(type)} needs ${n * size}`, at);
  const data = allocData(e, nbytes / size) as Exclude<DenseData, readonly string[]>;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0, p = 2; i < nbytes; i++, p += 2) {
    const hi = hexVal(hex.charCodeAt(p));
    const lo = hexVal(hex.charCodeAt(p + 1));
    if (hi < 0 || lo < 0) throw new DenseError(`bad hex digit in dense data at byte ${i}`, at);
    bytes[i] = (hi << 4) | lo;
  }
  return data;
}

function sameShape(a: readonly number[], b: readonly number[] | null): boolean {
  return b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Element tokens (int, float, hex, true/false, string) read as the type's storage elements. */
export function decodeDenseElements(elems: readonly Token[], literalShape: readonly number[] | null, type: TensorType): DenseData {
  const n = numElements(type)!;
  if (literalShape !== null && !(elems.length === 0 && n === 0) && !sameShape(literalShape, type.shape)) {
    throw new DenseError(`dense literal has shape [${literalShape.join(', ')}] but the type is ${printType(type)}`, elems[0]);
  }
  const e = storageElem(type);
  const data = allocData(e, elems.length);
  const quantized = type.quant !== undefined;
  let t: Token;
  const bad = (what: string): never => {
    throw new DenseError(`${what} in a dense ${printType(type)}`, t);
  };
  for (let i = 0; i < elems.length; i++) {
    t = elems[i]!;
    if (e === 'string') {
      if (t.kind !== 'string') bad(`${t.text} is not a string`);
      (data as string[])[i] = t.text;
      continue;
    }
    if (t.kind === 'string') bad(`a string`);
    if (!quantized && (e === 'f32' || e === 'f64' || e === 'f16' || e === 'bf16')) {
      if (t.kind === 'bare') bad(`'${t.text}'`);
      const rawBits = t.kind === 'hex' && (e === 'f16' || e === 'bf16') && t.text.length <= 6;
      if (rawBits) {
        (data as Uint16Array)[i] = parseInt(t.text.slice(2), 16);
        continue;
      }
      const v = t.kind === 'hex' ? hexFloat(t.text, e === 'f64' ? 64 : 32) : Number(t.text);
      if (e === 'f16') (data as Uint16Array)[i] = floatToHalf(v);
      else if (e === 'bf16') (data as Uint16Array)[i] = floatToBf16(v);
      else (data as Float64Array)[i] = v;
      continue;
    }
    if (t.kind === 'float') bad(`float ${t.text}`);
    if (e === 'i64') {
      if (t.kind === 'bare') bad(`'${t.text}'`);
      const neg = t.text.startsWith('-');
      const mag = BigInt(neg ? t.text.slice(1) : t.text);
      const v = neg ? -mag : mag;
      if (v !== BigInt.asIntN(64, v)) bad(`${t.text} does not fit i64 and is`);
      (data as BigInt64Array)[i] = v;
      continue;
    }
    const v = t.kind === 'bare' ? (e === 'i1' ? (t.text === 'true' ? 1 : 0) : bad(`'${t.text}'`)) : t.kind === 'hex' ? hexInt(t.text) : Number(t.text);
    const [lo, hi] = INT_RANGES[e]!;
    if (v < lo || v > hi) bad(`${t.text} is out of range`);
    (data as Int32Array)[i] = v;
  }
  return data;
}
