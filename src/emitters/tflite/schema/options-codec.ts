// Reads and writes any option table from its field list, and keeps tables of unknown union ids as raw bytes.
import type { Builder } from 'flatbuffers';
import type { FlatTable } from './flat-reader.js';
import type { FieldKind, FieldSpec } from './option-specs.js';
import { fieldDefault, type NamedTableSpec, type RawField, type UnknownOptions } from './options.js';
import {
  addOffsetField,
  addScalar,
  boolVector,
  float32Vector,
  int32Vector,
  int64Vector,
  type ScalarKind,
} from './build-helpers.js';

/** Plain object form of a known option table: `{ kind, <field>: value, ... }`. */
export type OptionRecord = { kind: string } & Record<string, unknown>;

function readField(t: FlatTable, id: number, spec: FieldSpec): unknown {
  const [name, kind, dflt] = spec;
  const d = typeof dflt === 'number' ? dflt : 0;
  switch (kind) {
    case 'bool': return t.bool(id, dflt === true);
    case 'i8': return t.i8(id, d);
    case 'u8': return t.u8(id, d);
    case 'i16': return t.i16(id, d);
    case 'u16': return t.u16(id, d);
    case 'i32': return t.i32(id, d);
    case 'u32': return t.u32(id, d);
    case 'f32': return t.f32(id, d);
    case 'f64': return t.f64(id, d);
    case 'i64': return t.i64(id, BigInt(d));
    case 'u64': return t.u64(id, BigInt(d));
    case 'string': return t.string(id, name);
    case '[i32]': return t.numbers(id, name, 'i32');
    case '[u32]': return t.numbers(id, name, 'u32');
    case '[f32]': return t.numbers(id, name, 'f32');
    case '[u8]': return t.bytes(id, name);
    case '[bool]': return t.numbers(id, name, 'bool')?.map((v) => v !== 0) ?? null;
    case '[i64]': return t.bigints(id, name);
  }
}

/** Decodes a table of a known union member; absent fields take their schema defaults. */
export function readOptionTable(t: FlatTable, spec: NamedTableSpec): OptionRecord {
  const out: OptionRecord = { kind: spec.name };
  spec.fields.forEach((f, id) => {
    out[f[0]] = readField(t, id, f);
  });
  return out;
}

export function readUnknownTable(t: FlatTable, typeId: number): UnknownOptions {
  return { kind: 'unknown', typeId, rawFields: t.rawFields() };
}

const SCALAR_SIZE: Readonly<Record<ScalarKind, number>> = {
  bool: 1, i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, i64: 8, u64: 8, f64: 8,
};

function isScalar(kind: FieldKind): kind is ScalarKind {
  return kind in SCALAR_SIZE;
}

/** Writes the out-of-line part of a field (string or vector) and returns its offset, 0 when absent. */
function writeChild(b: Builder, kind: FieldKind, value: unknown, where: string): number {
  if (value === null || value === undefined) return 0;
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') break;
      return b.createString(value);
    case '[u8]':
      if (!(value instanceof Uint8Array)) break;
      return b.createByteVector(value);
    case '[bool]':
      if (!Array.isArray(value)) break;
      return boolVector(b, value.map(Boolean));
    case '[i64]':
      if (!Array.isArray(value)) break;
      return int64Vector(b, value as (number | bigint)[]);
    case '[f32]':
      if (!Array.isArray(value)) break;
      return float32Vector(b, value as number[]);
    case '[i32]':
    case '[u32]':
      if (!Array.isArray(value)) break;
      return int32Vector(b, value as number[]);
    default:
      return 0;
  }
  throw new TypeError(`${where}: expected a ${kind} value`);
}

/** Writes a known option table from its record; fields equal to their default are omitted. */
export function writeOptionTable(b: Builder, spec: NamedTableSpec, record: Readonly<Record<string, unknown>>): number {
  const children = spec.fields.map(([name, kind]) =>
    isScalar(kind) ? 0 : writeChild(b, kind, record[name], `${spec.name}.${name}`),
  );
  // Widest fields first, so the table needs no padding between fields.
  const order = spec.fields
    .map((f, id) => ({ id, f, size: isScalar(f[1]) ? SCALAR_SIZE[f[1]] : 4 }))
    .sort((a, c) => c.size - a.size || a.id - c.id);
  b.startObject(spec.fields.length);
  for (const { id, f } of order) {
    const [name, kind] = f;
    if (isScalar(kind)) {
      const v = record[name];
      const d = fieldDefault(f) as number | bigint | boolean;
      addScalar(b, id, kind, typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? v : d, d);
    } else {
      addOffsetField(b, id, children[id] ?? 0);
    }
  }
  return b.endObject();
}

/** Writes back the raw inline fields of a table from a newer schema, each at its own natural alignment. */
export function writeUnknownTable(b: Builder, raw: readonly RawField[]): number {
  const fields = [...raw].sort((a, c) => c.bytes.length - a.bytes.length || a.id - c.id);
  const maxId = fields.reduce((m, f) => Math.max(m, f.id), -1);
  b.startObject(maxId + 1);
  for (const f of fields) {
    const n = f.bytes.length;
    b.prep(n >= 8 ? 8 : n >= 4 ? 4 : n >= 2 ? 2 : 1, n);
    for (let i = n - 1; i >= 0; i--) b.writeInt8(f.bytes[i] ?? 0);
    b.slot(f.id);
  }
  return b.endObject();
}
