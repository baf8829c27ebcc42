// Run-time tensors of the integer interpreter (typed data + shape) and the per-tensor quantization they carry.
import type { Operation, Value } from '../../ir/core.js';
import { storageElem, storageRange, type TensorType } from '../../ir/types.js';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';

/** Element storage the integer kernels read and write. */
export type TensorData = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array;

/** A value during a run: its data (row-major) and its concrete shape. */
export interface QTensor {
  readonly data: TensorData;
  readonly shape: readonly number[];
}

/** Per-tensor affine quantization as TFLite's `TfLiteTensor::params` holds it (scale as a float32). */
export interface TensorQuant {
  readonly scale: number;
  readonly zeroPoint: number;
  /** The storage type's full range (TFLite's activation clamps use it, not the narrow weight range). */
  readonly qmin: number;
  readonly qmax: number;
  readonly storage: 'i8' | 'u8' | 'i16' | 'i32';
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Says which op and value a kernel complaint is about, in one line. */
export function opWhere(op: Operation): string {
  const where = op.loc.describe();
  return where ? `${op.name} at ${where}` : op.name;
}

/** A model the integer interpreter cannot run (unsupported type combination, bad parameters). */
export function unsupported(op: Operation, why: string): never {
  return userError(Codes.UnsupportedOp, `int8 interpreter: ${opWhere(op)}: ${why}`, { loc: op.loc });
}

/** The per-tensor quantization of `v`; a per-axis or missing quantization is a user error naming the op. */
export function tensorQuant(op: Operation, v: Value, what: string): TensorQuant {
  const q = v.type.quant;
  if (q === undefined) return unsupported(op, `${what} is not quantized (${v.type.elem}); run float models with the float interpreter`);
  if (q.scales.length !== 1 && q.axis !== undefined) return unsupported(op, `${what} must be quantized per tensor, not per axis ${q.axis}`);
  const scale = q.scales[0];
  const zeroPoint = q.zeroPoints[0] ?? 0;
  if (scale === undefined || !(scale > 0) || !Number.isFinite(scale)) return unsupported(op, `${what} has an invalid scale ${String(scale)}`);
  const [qmin, qmax] = storageRange(q.storage);
  if (zeroPoint < qmin || zeroPoint > qmax) return unsupported(op, `${what} zero point ${zeroPoint} is outside the ${q.storage} range`);
  return { scale: Math.fround(scale), zeroPoint, qmin, qmax, storage: q.storage };
}

/** Per-tensor quantization restricted to 8-bit storage (the kernels here are 8-bit kernels). */
export function tensorQuant8(op: Operation, v: Value, what: string): TensorQuant & { storage: 'i8' | 'u8' } {
  const q = tensorQuant(op, v, what);
  if (q.storage !== 'i8' && q.storage !== 'u8') return unsupported(op, `${what} is ${q.storage}; only int8/uint8 are supported`);
  return q as TensorQuant & { storage: 'i8' | 'u8' };
}

/** Filter scales, one per output channel (per-tensor filters repeat their one scale), as float32 values. */
export function filterScales(op: Operation, filter: Value, channels: number, channelAxis: number): { scales: Float64Array; zeroPoint: number } {
  const q = filter.type.quant;
  if (q === undefined) return unsupported(op, 'filter is not quantized (hybrid float/int8 ops are not supported)');
  if (q.scales.length !== 1 && (q.scales.length !== channels || q.axis !== channelAxis)) {
    return unsupported(op, `filter has ${q.scales.length} scales on axis ${String(q.axis)}; expected 1 or ${channels} on axis ${channelAxis}`);
  }
  if (q.zeroPoints.some((z) => z !== q.zeroPoints[0])) return unsupported(op, 'per-channel filter zero points must all be equal');
  const scales = new Float64Array(channels);
  for (let c = 0; c < channels; c++) scales[c] = Math.fround(q.scales[q.scales.length === 1 ? 0 : c]!);
  return { scales, zeroPoint: q.zeroPoints[0] ?? 0 };
}

/** Allocates the array a value of type `t` is stored in. */
export function allocFor(t: TensorType, n: number): TensorData {
  switch (storageElem(t)) {
    case 'i8':
      return new Int8Array(n);
    case 'u8':
      return new Uint8Array(n);
    case 'i16':
      return new Int16Array(n);
    case 'i32':
      return new Int32Array(n);
    case 'f32':
      return new Float32Array(n);
    default:
      throw new Error(`internal: int8 interpreter cannot store ${storageElem(t)}`);
  }
}

/** An 8-bit array of the given storage. */
export function alloc8(storage: 'i8' | 'u8', n: number): Int8Array | Uint8Array {
  return storage === 'i8' ? new Int8Array(n) : new Uint8Array(n);
}

/** The static shape of an operand, for kernels that need it at prepare time (filters, constant shapes). */
export function staticShape(op: Operation, v: Value, what: string): number[] {
  const s = v.type.shape;
  if (s === null || s.some((d) => d < 0)) return unsupported(op, `${what} must have a static shape`);
  return [...s];
}
