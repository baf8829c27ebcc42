// Turns a decoded TensorProto into { dtype, shape, data } (tensor_content bytes or the typed *_val fields).
import { userError } from '../../../diag/diagnostic.js';
import { Codes } from '../../../diag/catalogue.js';
import { DT, dtypeInfo, dtypeName } from '../dtypes.js';
import { bfloat16BitsToFloats, halfBitsToFloats } from '../tensor-bundle/half.js';
import {
  arrayBytes,
  byteLength,
  decodeTensorBytes,
  decodeUtf8,
  elementCount,
  type NumericArray,
  type TensorValue,
} from '../tensor-bundle/tensor-bytes.js';
import type { TensorProto, TensorShapeProto } from './types-framework.js';

/** Where a tensor came from, for error messages: `file` and e.g. `node "Const" attr "value"`. */
export interface TensorSource {
  file?: string;
  what?: string;
}

/** Largest tensor (in bytes) litec materialises from a TensorProto; beyond it the proto is treated as corrupt. */
const MAX_TENSOR_BYTES = 2 ** 31;

/**
 * Decodes a TensorProto. tensor_content is little-endian element bytes (viewed without copying when aligned). The
 * typed *_val fields follow TensorFlow's rule: fewer values than elements repeat the last value (so a single value
 * fills the whole shape), no values means zeros, more values than elements is an error.
 */
export function tensorProtoToValue(proto: TensorProto, source: TensorSource = {}): TensorValue {
  const fail = (msg: string): never => {
    const prefix = [source.file, source.what].filter((s) => s !== undefined && s !== '').join(': ');
    return userError(Codes.CorruptFile, `${prefix === '' ? '' : prefix + ': '}${msg}`, source.file !== undefined ? { file: source.file } : {});
  };
  const dtype = proto.dtype;
  const info = dtypeInfo(dtype);
  if (info === undefined || dtype > 100) return fail(`tensor has unsupported dtype ${dtypeName(dtype)}`);
  const shape = knownShape(proto.tensor_shape, fail);
  const count = elementCount(shape);
  const bytes = byteLength(dtype, count);
  if (bytes !== undefined && bytes > MAX_TENSOR_BYTES) return fail(`tensor of shape [${shape}] is too large (${bytes} bytes)`);
  if (bytes === undefined && count > MAX_TENSOR_BYTES) return fail(`tensor of shape [${shape}] is too large`);

  if (proto.tensor_content.length > 0) {
    if (bytes === undefined) return fail(`${info.name} tensor cannot use tensor_content`);
    if (proto.tensor_content.length !== bytes) {
      return fail(`tensor_content has ${proto.tensor_content.length} bytes, expected ${bytes} for ${info.name}[${shape}]`);
    }
    return decodeTensorBytes(dtype, shape, proto.tensor_content);
  }

  const check = (have: number): void => {
    if (have > count) fail(`tensor has ${have} values for ${info.name}[${shape}] (${count} elements)`);
  };
  switch (dtype) {
    case DT.STRING: {
      check(proto.string_val.length);
      const strings = fillArray(proto.string_val, count, new Uint8Array(0));
      return { dtype, shape, data: decodeUtf8(strings), strings };
    }
    case DT.HALF:
    case DT.BFLOAT16: {
      check(proto.half_val.length);
      const bits = fillTyped(new Uint16Array(count), proto.half_val);
      const data = dtype === DT.HALF ? halfBitsToFloats(bits) : bfloat16BitsToFloats(bits);
      return { dtype, shape, data, raw: arrayBytes(bits), halfBits: bits };
    }
    case DT.COMPLEX64:
    case DT.COMPLEX128: {
      const pairs = dtype === DT.COMPLEX64 ? proto.scomplex_val : proto.dcomplex_val;
      if (pairs.length % 2 !== 0) fail(`complex tensor has an odd number (${pairs.length}) of components`);
      check(pairs.length / 2);
      const data = dtype === DT.COMPLEX64 ? new Float32Array(count * 2) : new Float64Array(count * 2);
      fillPairs(data, pairs);
      return { dtype, shape, data, raw: arrayBytes(data) };
    }
    default: {
      const made = typedValues(dtype, count, proto);
      if (made === undefined) return fail(`${info.name} tensors cannot be converted to values`);
      check(made.have);
      return { dtype, shape, data: made.data, raw: arrayBytes(made.data) };
    }
  }
}

/** Typed array for the dtype, filled from the matching *_val field; `have` is the number of stored values. */
function typedValues(dtype: number, count: number, p: TensorProto): { data: NumericArray; have: number } | undefined {
  switch (dtype) {
    case DT.FLOAT: return { data: fillTyped(new Float32Array(count), p.float_val), have: p.float_val.length };
    case DT.DOUBLE: return { data: fillTyped(new Float64Array(count), p.double_val), have: p.double_val.length };
    case DT.INT32: case DT.QINT32: return { data: fillTyped(new Int32Array(count), p.int_val), have: p.int_val.length };
    case DT.INT16: case DT.QINT16: return { data: fillTyped(new Int16Array(count), p.int_val), have: p.int_val.length };
    case DT.INT8: case DT.QINT8: case DT.INT4: return { data: fillTyped(new Int8Array(count), p.int_val), have: p.int_val.length };
    case DT.UINT8: case DT.QUINT8: case DT.UINT4:
      return { data: fillTyped(new Uint8Array(count), p.int_val), have: p.int_val.length };
    case DT.UINT16: case DT.QUINT16: return { data: fillTyped(new Uint16Array(count), p.int_val), have: p.int_val.length };
    case DT.UINT32: return { data: fillTyped(new Uint32Array(count), p.uint32_val), have: p.uint32_val.length };
    case DT.BOOL: {
      const flags = p.bool_val.map((b) => (b ? 1 : 0));
      return { data: fillTyped(new Uint8Array(count), flags), have: flags.length };
    }
    case DT.INT64: return { data: fillBig(new BigInt64Array(count), p.int64_val), have: p.int64_val.length };
    case DT.UINT64: return { data: fillBig(new BigUint64Array(count), p.uint64_val), have: p.uint64_val.length };
    case DT.FLOAT8_E5M2: case DT.FLOAT8_E4M3FN: {
      const vals = Array.from(p.float8_val);
      return { data: fillTyped(new Uint8Array(count), vals), have: vals.length };
    }
    default: return undefined;
  }
}

function fillTyped<A extends Exclude<NumericArray, BigInt64Array | BigUint64Array>>(out: A, values: readonly number[]): A {
  const m = Math.min(values.length, out.length);
  for (let i = 0; i < m; i++) out[i] = values[i]!;
  if (m > 0 && m < out.length) out.fill(values[m - 1]!, m);
  return out;
}

function fillBig<A extends BigInt64Array | BigUint64Array>(out: A, values: readonly bigint[]): A {
  const m = Math.min(values.length, out.length);
  for (let i = 0; i < m; i++) out[i] = values[i]!;
  if (m > 0 && m < out.length) out.fill(values[m - 1]!, m);
  return out;
}

function fillPairs(out: Float32Array | Float64Array, pairs: readonly number[]): void {
  const m = Math.min(pairs.length, out.length);
  for (let i = 0; i < m; i++) out[i] = pairs[i]!;
  if (m >= 2) for (let i = m; i + 1 < out.length; i += 2) { out[i] = pairs[m - 2]!; out[i + 1] = pairs[m - 1]!; }
}

function fillArray<T>(values: readonly T[], count: number, zero: T): T[] {
  const out = values.slice(0, count);
  const last = values.length > 0 ? values[values.length - 1]! : zero;
  while (out.length < count) out.push(last);
  return out;
}

/** A shape whose every dimension is known; unknown rank or a -1 dimension is an error for a constant. */
export function knownShape(shape: TensorShapeProto | null, fail: (msg: string) => never): number[] {
  if (shape === null) return [];
  if (shape.unknown_rank) return fail('tensor has an unknown rank');
  return shape.dim.map((d) => (Number.isSafeInteger(d.size) && d.size >= 0 ? d.size : fail(`tensor has an invalid dimension ${d.size}`)));
}

/** A TensorShapeProto as a number[] (-1 for unknown dimensions), or null for an unknown rank. */
export function shapeDims(shape: TensorShapeProto | null): number[] | null {
  if (shape === null) return [];
  if (shape.unknown_rank) return null;
  return shape.dim.map((d) => d.size);
}
