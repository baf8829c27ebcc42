// Small flatbuffers.Builder helpers: scalar fields with an exact default check, typed vectors, aligned byte blobs.
import type { Builder } from 'flatbuffers';
import type { FieldKind } from './option-specs.js';

export type ScalarKind = Exclude<FieldKind, 'string' | `[${string}]`>;

/**
 * Adds scalar field `id` unless it equals its default (flatbuffers omits defaults; readers restore them).
 * Object.is keeps -0.0 apart from a 0.0 default so a round trip keeps the sign.
 */
export function addScalar(b: Builder, id: number, kind: ScalarKind, value: number | bigint | boolean, dflt: number | bigint | boolean): void {
  switch (kind) {
    case 'bool':
      if (Boolean(value) === Boolean(dflt)) return;
      b.addInt8(value ? 1 : 0);
      break;
    case 'i64':
    case 'u64': {
      const v = BigInt(value);
      if (v === BigInt(dflt)) return;
      if (kind === 'i64') b.addInt64(BigInt.asIntN(64, v));
      else b.addInt64(BigInt.asIntN(64, BigInt.asUintN(64, v)));
      break;
    }
    default: {
      const v = Number(value);
      if (Object.is(v, Number(dflt))) return;
      if (kind === 'i8' || kind === 'u8') b.addInt8(v);
      else if (kind === 'i16' || kind === 'u16') b.addInt16(v);
      else if (kind === 'i32' || kind === 'u32') b.addInt32(v);
      else if (kind === 'f32') b.addFloat32(v);
      else b.addFloat64(v);
    }
  }
  b.slot(id);
}

/** Adds offset field `id` when the offset is non-zero (0 means "not written"). */
export function addOffsetField(b: Builder, id: number, offset: number): void {
  if (offset !== 0) b.addFieldOffset(id, offset, 0);
}

export function int32Vector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i] ?? 0);
  return b.endVector();
}

export function float32Vector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i] ?? 0);
  return b.endVector();
}

export function int64Vector(b: Builder, values: readonly (number | bigint)[]): number {
  b.startVector(8, values.length, 8);
  for (let i = values.length - 1; i >= 0; i--) b.addInt64(BigInt.asIntN(64, BigInt(values[i] ?? 0)));
  return b.endVector();
}

export function boolVector(b: Builder, values: readonly boolean[]): number {
  b.startVector(1, values.length, 1);
  for (let i = values.length - 1; i >= 0; i--) b.addInt8(values[i] ? 1 : 0);
  return b.endVector();
}

export function offsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] ?? 0);
  return b.endVector();
}

/** A [ubyte] vector whose first byte lands on an `align`-byte boundary of the finished file (one memcpy). */
export function alignedBytes(b: Builder, data: Uint8Array, align: number): number {
  // prep(align, n) pads so that after n more bytes the position is aligned; the vector's 4-byte length
  // prefix then follows without further padding, since `align` is a multiple of 4.
  b.prep(align, data.length);
  return b.createByteVector(data);
}
