// Little-endian tensor element bytes <-> typed arrays, for checkpoint data and TensorProto.tensor_content.
import { DT, dtypeInfo, dtypeName, type DataTypeId } from '../dtypes.js';
import { halfBitsToFloats, bfloat16BitsToFloats } from './half.js';

export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/** A decoded tensor, as the TensorBundle reader and the TensorProto helper return it. */
export interface TensorValue {
  dtype: DataTypeId;
  shape: number[];
  /**
   * Element values. float16/bfloat16 are widened to Float32Array; bool is a Uint8Array of 0/1; complex types are
   * interleaved (re, im) pairs; string tensors are decoded as UTF-8 (use `strings` for the exact bytes).
   */
  data: NumericArray | string[];
  /** The little-endian element bytes as stored (fixed-size dtypes only). */
  raw?: Uint8Array;
  /** float16 / bfloat16 bit patterns, one per element. */
  halfBits?: Uint16Array;
  /** Exact bytes of each element of a string tensor. */
  strings?: Uint8Array[];
}

export type NumericArrayCtor = {
  new (length: number): NumericArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray;
  BYTES_PER_ELEMENT: number;
};

/** The typed array a fixed-size dtype is stored as, and how many array elements one tensor element takes
 * (2 for complex). float16/bfloat16 are stored as their Uint16 bit patterns. */
export function arrayFor(dtype: DataTypeId): { ctor: NumericArrayCtor; perElement: number } | undefined {
  switch (dtype) {
    case DT.FLOAT: return { ctor: Float32Array, perElement: 1 };
    case DT.DOUBLE: return { ctor: Float64Array, perElement: 1 };
    case DT.INT32: case DT.QINT32: return { ctor: Int32Array, perElement: 1 };
    case DT.UINT32: return { ctor: Uint32Array, perElement: 1 };
    case DT.INT16: case DT.QINT16: return { ctor: Int16Array, perElement: 1 };
    case DT.UINT16: case DT.QUINT16: case DT.HALF: case DT.BFLOAT16: return { ctor: Uint16Array, perElement: 1 };
    case DT.INT8: case DT.QINT8: case DT.INT4: return { ctor: Int8Array, perElement: 1 };
    case DT.UINT8: case DT.QUINT8: case DT.BOOL: case DT.UINT4:
    case DT.FLOAT8_E5M2: case DT.FLOAT8_E4M3FN: return { ctor: Uint8Array, perElement: 1 };
    case DT.INT64: return { ctor: BigInt64Array, perElement: 1 };
    case DT.UINT64: return { ctor: BigUint64Array, perElement: 1 };
    case DT.COMPLEX64: return { ctor: Float32Array, perElement: 2 };
    case DT.COMPLEX128: return { ctor: Float64Array, perElement: 2 };
    default: return undefined;
  }
}

/** True when decodeTensorBytes handles the dtype (every fixed-size TensorFlow type litec knows). */
export function isFixedSizeDtype(dtype: DataTypeId): boolean {
  return arrayFor(dtype) !== undefined;
}

/**
 * Views `bytes` (exactly count * elementSize long, checked by the caller) as the dtype's typed array. The view shares
 * memory with `bytes` when its offset is aligned; otherwise the bytes are copied once.
 */
export function viewTensorBytes(dtype: DataTypeId, bytes: Uint8Array, count: number): NumericArray {
  const spec = arrayFor(dtype);
  if (spec === undefined) throw new Error(`viewTensorBytes: ${dtypeName(dtype)} has no fixed element size`);
  const { ctor, perElement } = spec;
  // new Uint8Array(bytes) copies to offset 0 (Buffer#slice would return another unaligned view).
  const aligned = bytes.byteOffset % ctor.BYTES_PER_ELEMENT === 0 ? bytes : new Uint8Array(bytes);
  return new ctor(aligned.buffer, aligned.byteOffset, count * perElement);
}

/** Decodes fixed-size element bytes into a TensorValue (float16/bfloat16 widened, raw bytes kept). */
export function decodeTensorBytes(dtype: DataTypeId, shape: number[], bytes: Uint8Array): TensorValue {
  const count = elementCount(shape);
  const view = viewTensorBytes(dtype, bytes, count);
  if (dtype === DT.HALF || dtype === DT.BFLOAT16) {
    const bits = view as Uint16Array;
    const data = dtype === DT.HALF ? halfBitsToFloats(bits) : bfloat16BitsToFloats(bits);
    return { dtype, shape, data, raw: bytes, halfBits: bits };
  }
  return { dtype, shape, data: view, raw: bytes };
}

/** Number of elements of a fully known shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Bytes that `count` elements of a fixed-size dtype take, or undefined for variable-size / unknown dtypes. */
export function byteLength(dtype: DataTypeId, count: number): number | undefined {
  const size = dtypeInfo(dtype)?.size ?? 0;
  return size > 0 && isFixedSizeDtype(dtype) ? size * count : undefined;
}

/** The little-endian bytes of a typed array (a view, no copy). */
export function arrayBytes(a: NumericArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

const UTF8 = new TextDecoder('utf-8');

/** UTF-8 text of string-tensor elements (invalid sequences become U+FFFD; the exact bytes stay in `strings`). */
export function decodeUtf8(items: readonly Uint8Array[]): string[] {
  return items.map((b) => UTF8.decode(b));
}
