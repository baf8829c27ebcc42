// How IR element types live in tfjs tensors, and the typed arrays that go in and come out of the interpreter.
import * as tf from '@tensorflow/tfjs-core';
import { DenseAttr, TypedArray, denseToFloat32 } from '../../ir/attributes.js';
import { ElementType, QuantStorage, TensorType, isFloatElem, numElements } from '../../ir/types.js';

/** Arrays callers may pass as inputs: the IR's typed arrays, plus Uint32Array (what the TFLite runtime uses). */
export type InputArray = TypedArray | Uint32Array;

/** The tfjs dtypes the interpreter uses. */
export type TfDType = 'float32' | 'int32' | 'bool';

/**
 * The tfjs dtype holding values of an IR type. Every float type computes in float32; every integer type in int32;
 * a quantized type holds its storage integers (not the real values) in int32. Undefined for strings.
 */
export function tfDTypeOf(t: TensorType): TfDType | undefined {
  if (t.quant !== undefined) return 'int32';
  return tfDTypeOfElem(t.elem);
}

export function tfDTypeOfElem(e: ElementType): TfDType | undefined {
  if (isFloatElem(e)) return 'float32';
  if (e === 'i1') return 'bool';
  if (e === 'string') return undefined;
  return 'int32';
}

/** Name of the typed array class run() expects and returns for values of an IR type. */
export function arrayClassName(t: TensorType): string {
  const e = t.quant !== undefined ? t.quant.storage : t.elem;
  switch (e) {
    case 'f32':
    case 'f16':
    case 'bf16':
    case 'f64':
      return 'Float32Array';
    case 'i1':
    case 'u8':
      return 'Uint8Array';
    case 'i8':
      return 'Int8Array';
    case 'i16':
      return 'Int16Array';
    case 'i32':
      return 'Int32Array';
    case 'i64':
      return 'BigInt64Array';
    case 'string':
      return 'string[]';
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** int64 values become int32 for tfjs; out-of-range ones saturate (they are "to the end" markers in practice). */
function bigToInt32(data: BigInt64Array): Int32Array {
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    out[i] = v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
  }
  return out;
}

/** Converts an array already checked against the IR type to the array tfjs stores for it. */
export function toTensorData(data: InputArray, dtype: TfDType): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return data instanceof Float32Array ? data : Float32Array.from(data as Float64Array);
  if (dtype === 'bool') return Uint8Array.from(data as Int32Array, (v) => (v ? 1 : 0));
  if (data instanceof Int32Array) return data;
  if (data instanceof BigInt64Array) return bigToInt32(data);
  return Int32Array.from(data as Int8Array);
}

/** Uploads a constant: float types decoded to float32, integers (and quantized storage) widened to int32. */
export function denseToTensor(d: DenseAttr): tf.Tensor {
  const shape = d.type.shape;
  const dtype = tfDTypeOf(d.type);
  if (shape === null || dtype === undefined) throw new Error(`internal: cannot upload a constant of this type to tfjs`);
  const n = numElements(d.type) ?? d.data.length;
  if (dtype === 'float32') return tf.tensor(denseToFloat32(d), [...shape], 'float32');
  const data = d.data as TypedArray;
  if (data.length === 1 && n !== 1) {
    const v = data instanceof BigInt64Array ? Number(data[0]!) : data[0]!;
    return tf.fill([...shape], dtype === 'bool' ? (v !== 0 ? 1 : 0) : v, dtype);
  }
  return tf.tensor(toTensorData(data, dtype), [...shape], dtype);
}

/** The typed array a caller gets for an output of IR type `t` (storage integers for quantized types). */
export function fromTensorData(data: tf.TypedArray | string[], t: TensorType): TypedArray {
  if (Array.isArray(data)) throw new Error('internal: string tensors are not supported');
  const e = t.quant !== undefined ? t.quant.storage : t.elem;
  switch (e) {
    case 'f32':
    case 'f16':
    case 'bf16':
    case 'f64':
      // A copy: the CPU backend hands out its own storage, which a cached constant may share.
      return Float32Array.from(data as Float32Array);
    case 'i1':
    case 'u8':
      return Uint8Array.from(data);
    case 'i8':
      return Int8Array.from(data);
    case 'i16':
      return Int16Array.from(data);
    case 'i32':
      return Int32Array.from(data);
    case 'i64':
      return BigInt64Array.from(data as Int32Array, (v) => BigInt(v));
    case 'string':
      throw new Error('internal: string tensors are not supported');
  }
}

/** Whether a caller-supplied array is acceptable for an input of IR type `t`; returns what was expected if not. */
export function checkInputArray(data: InputArray, t: TensorType): string | undefined {
  if (t.quant !== undefined) {
    const want = storageClass(t.quant.storage);
    return data.constructor.name === want ? undefined : `${want} of ${t.quant.storage} storage values (the input is quantized)`;
  }
  if (isFloatElem(t.elem)) return data instanceof Float32Array || data instanceof Float64Array ? undefined : 'Float32Array (or Float64Array)';
  if (t.elem === 'i1') return data instanceof Uint8Array ? undefined : 'Uint8Array of 0/1 values';
  if (t.elem === 'string') return 'strings, which the interpreter does not support';
  const isInt = !(data instanceof Float32Array || data instanceof Float64Array);
  return isInt ? undefined : `an integer typed array (${arrayClassName(t)})`;
}

function storageClass(s: QuantStorage): string {
  switch (s) {
    case 'i8':
      return 'Int8Array';
    case 'u8':
      return 'Uint8Array';
    case 'i16':
      return 'Int16Array';
    case 'i32':
      return 'Int32Array';
  }
}
