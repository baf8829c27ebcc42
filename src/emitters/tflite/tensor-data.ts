// IR types and dense data ↔ TFLite tensor types, quantization parameters and little-endian buffer bytes.
import { DenseAttr, DenseData, TypedArray, allocData } from '../../ir/attributes.js';
import { ElementType, QuantParams, QuantStorage, TensorType, numElements, perAxisQuant, perTensorQuant, storageElem, storageRange, tensorType } from '../../ir/types.js';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { TensorType as TflType } from './schema/enums.js';
import type { QuantizationParameters, Tensor } from './schema/types.js';

const ELEM_TO_TFL: Readonly<Record<ElementType, number>> = {
  f32: TflType.FLOAT32,
  f16: TflType.FLOAT16,
  bf16: TflType.BFLOAT16,
  f64: TflType.FLOAT64,
  i1: TflType.BOOL,
  i8: TflType.INT8,
  u8: TflType.UINT8,
  i16: TflType.INT16,
  i32: TflType.INT32,
  i64: TflType.INT64,
  string: TflType.STRING,
};

const TFL_TO_ELEM = new Map<number, ElementType>(Object.entries(ELEM_TO_TFL).map(([k, v]) => [v, k as ElementType]));

export function tflTypeOf(t: TensorType): number {
  return ELEM_TO_TFL[storageElem(t)];
}

export function elemOfTflType(v: number): ElementType | undefined {
  return TFL_TO_ELEM.get(v);
}

export function quantToTfl(q: QuantParams | undefined): QuantizationParameters | null {
  if (q === undefined) return null;
  return { min: [], max: [], scale: [...q.scales], zeroPoint: [...q.zeroPoints], quantizedDimension: q.axis ?? 0 };
}

/** IR type of a TFLite tensor: quantized storage types with scales become quant types over f32. */
export function irTypeOfTensor(t: Tensor, file: string): TensorType | string {
  const elem = elemOfTflType(t.type);
  if (elem === undefined) return `tensor "${t.name ?? ''}" has unsupported type ${t.type}`;
  // Files from older converters never set has_rank; the runtime reads shape [] as a scalar, and so do we.
  const shape = t.shapeSignature ?? t.shape;
  const q = t.quantization;
  if (q !== null && q.scale.length > 0 && (elem === 'i8' || elem === 'u8' || elem === 'i16' || elem === 'i32')) {
    const zps = q.zeroPoint.length ? q.zeroPoint : q.scale.map(() => 0);
    checkQuantization(t, elem, q.scale, zps, file);
    const quant = q.scale.length > 1 ? perAxisQuant(elem, q.quantizedDimension, q.scale, zps) : perTensorQuant(elem, q.scale[0]!, zps[0] ?? 0);
    return tensorType(shape, 'f32', quant);
  }
  return tensorType(shape, elem);
}

/** Smallest normal float32. A smaller scale cannot come from a converter, and the runtime aborts on it. */
const MIN_SCALE = 2 ** -126;

/** Refuses quantization parameters no converter writes (damaged files); the TFLite runtime crashes on some. */
function checkQuantization(t: Tensor, storage: QuantStorage, scales: readonly number[], zeroPoints: readonly number[], file: string): void {
  const fail = (why: string): never => userError(Codes.CorruptFile, `${file}: tensor "${t.name ?? ''}" has ${why}; the file is damaged`, { file });
  const bad = scales.find((s) => !(Number.isFinite(s) && s >= MIN_SCALE));
  if (bad !== undefined) fail(`quantization scale ${bad}, which is not a positive normal float`);
  const [lo, hi] = storageRange(storage);
  const zp = zeroPoints.find((z) => !(z >= lo && z <= hi));
  if (zp !== undefined) fail(`zero point ${zp}, outside the ${storage} range [${lo}, ${hi}]`);
  if (zeroPoints.length !== scales.length) fail(`${scales.length} quantization scales but ${zeroPoints.length} zero points`);
}

/** Bytes of a dense constant (splats are expanded: TFLite has no splat buffers). */
export function denseBytes(d: DenseAttr): Uint8Array {
  const n = numElements(d.type) ?? d.data.length;
  let data: DenseData = d.data;
  if (Array.isArray(data)) throw new Error('internal: string constants are not supported by the TFLite emitter');
  if (data.length !== n) {
    const full = allocData(storageElem(d.type), n) as TypedArray;
    (full as Float32Array).fill((data as Float32Array)[0] as number);
    if (full instanceof BigInt64Array) full.fill((data as BigInt64Array)[0]!);
    data = full;
  }
  const t = data as TypedArray;
  return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
}

/** Typed array over buffer bytes for an element type; zero-copy when aligned, else copied. */
export function typedFromBytes(bytes: Uint8Array, elem: ElementType): DenseData {
  const ctor = {
    f32: Float32Array,
    f64: Float64Array,
    f16: Uint16Array,
    bf16: Uint16Array,
    i1: Uint8Array,
    u8: Uint8Array,
    i8: Int8Array,
    i16: Int16Array,
    i32: Int32Array,
    i64: BigInt64Array,
  } as const;
  if (elem === 'string') throw new Error('internal: string tensors are not supported');
  const C = ctor[elem];
  const size = C.BYTES_PER_ELEMENT;
  const n = Math.floor(bytes.byteLength / size);
  if (bytes.byteOffset % size === 0) return new C(bytes.buffer as ArrayBuffer, bytes.byteOffset, n) as DenseData;
  const copy = new Uint8Array(n * size);
  copy.set(bytes.subarray(0, n * size));
  return new C(copy.buffer, 0, n) as DenseData;
}
