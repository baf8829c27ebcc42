// TensorFlow's DataType enum (tensorflow/core/framework/types.proto) with names, element sizes and IR element types.
import type { ElementType } from '../../ir/types.js';

/** The DataType values litec knows by name; other numbers may still appear in files (see dtypeInfo). */
export const DT = {
  INVALID: 0,
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  STRING: 7,
  COMPLEX64: 8,
  INT64: 9,
  BOOL: 10,
  QINT8: 11,
  QUINT8: 12,
  QINT32: 13,
  BFLOAT16: 14,
  QINT16: 15,
  QUINT16: 16,
  UINT16: 17,
  COMPLEX128: 18,
  HALF: 19,
  RESOURCE: 20,
  VARIANT: 21,
  UINT32: 22,
  UINT64: 23,
  FLOAT8_E5M2: 24,
  FLOAT8_E4M3FN: 25,
  INT4: 29,
  UINT4: 30,
} as const;

/** A DataType enum value as stored in protobufs (a plain number; unknown values are kept, not rejected). */
export type DataTypeId = number;

/** Python-style dtype names, as `tf.dtypes.DType.name` prints them. */
export type DTypeName =
  | 'float32' | 'float64' | 'int32' | 'uint8' | 'int16' | 'int8' | 'string' | 'complex64' | 'int64' | 'bool'
  | 'qint8' | 'quint8' | 'qint32' | 'bfloat16' | 'qint16' | 'quint16' | 'uint16' | 'complex128' | 'float16'
  | 'resource' | 'variant' | 'uint32' | 'uint64' | 'float8_e5m2' | 'float8_e4m3fn' | 'int4' | 'uint4';

export interface DTypeInfo {
  readonly id: DataTypeId;
  /** Enum name in types.proto, e.g. DT_FLOAT. */
  readonly enumName: string;
  readonly name: DTypeName;
  /** Bytes per element in tensor_content / checkpoint data; 0 for variable-size types (string, resource, variant). */
  readonly size: number;
  /** The litec IR element type, when the IR has one. */
  readonly ir?: ElementType;
}

const TABLE: readonly DTypeInfo[] = [
  { id: DT.FLOAT, enumName: 'DT_FLOAT', name: 'float32', size: 4, ir: 'f32' },
  { id: DT.DOUBLE, enumName: 'DT_DOUBLE', name: 'float64', size: 8, ir: 'f64' },
  { id: DT.INT32, enumName: 'DT_INT32', name: 'int32', size: 4, ir: 'i32' },
  { id: DT.UINT8, enumName: 'DT_UINT8', name: 'uint8', size: 1, ir: 'u8' },
  { id: DT.INT16, enumName: 'DT_INT16', name: 'int16', size: 2, ir: 'i16' },
  { id: DT.INT8, enumName: 'DT_INT8', name: 'int8', size: 1, ir: 'i8' },
  { id: DT.STRING, enumName: 'DT_STRING', name: 'string', size: 0, ir: 'string' },
  { id: DT.COMPLEX64, enumName: 'DT_COMPLEX64', name: 'complex64', size: 8 },
  { id: DT.INT64, enumName: 'DT_INT64', name: 'int64', size: 8, ir: 'i64' },
  { id: DT.BOOL, enumName: 'DT_BOOL', name: 'bool', size: 1, ir: 'i1' },
  { id: DT.QINT8, enumName: 'DT_QINT8', name: 'qint8', size: 1 },
  { id: DT.QUINT8, enumName: 'DT_QUINT8', name: 'quint8', size: 1 },
  { id: DT.QINT32, enumName: 'DT_QINT32', name: 'qint32', size: 4 },
  { id: DT.BFLOAT16, enumName: 'DT_BFLOAT16', name: 'bfloat16', size: 2, ir: 'bf16' },
  { id: DT.QINT16, enumName: 'DT_QINT16', name: 'qint16', size: 2 },
  { id: DT.QUINT16, enumName: 'DT_QUINT16', name: 'quint16', size: 2 },
  { id: DT.UINT16, enumName: 'DT_UINT16', name: 'uint16', size: 2 },
  { id: DT.COMPLEX128, enumName: 'DT_COMPLEX128', name: 'complex128', size: 16 },
  { id: DT.HALF, enumName: 'DT_HALF', name: 'float16', size: 2, ir: 'f16' },
  { id: DT.RESOURCE, enumName: 'DT_RESOURCE', name: 'resource', size: 0 },
  { id: DT.VARIANT, enumName: 'DT_VARIANT', name: 'variant', size: 0 },
  { id: DT.UINT32, enumName: 'DT_UINT32', name: 'uint32', size: 4 },
  { id: DT.UINT64, enumName: 'DT_UINT64', name: 'uint64', size: 8 },
  { id: DT.FLOAT8_E5M2, enumName: 'DT_FLOAT8_E5M2', name: 'float8_e5m2', size: 1 },
  { id: DT.FLOAT8_E4M3FN, enumName: 'DT_FLOAT8_E4M3FN', name: 'float8_e4m3fn', size: 1 },
  // Sub-byte types are stored one element per byte in tensor_content and checkpoints.
  { id: DT.INT4, enumName: 'DT_INT4', name: 'int4', size: 1 },
  { id: DT.UINT4, enumName: 'DT_UINT4', name: 'uint4', size: 1 },
];

const BY_ID: ReadonlyMap<number, DTypeInfo> = new Map(TABLE.map((d) => [d.id, d]));
const BY_NAME: ReadonlyMap<string, DTypeInfo> = new Map(TABLE.map((d) => [d.name, d]));

/** Offset of the reference ("_REF") variants of each DataType (DT_FLOAT_REF = 101). */
export const DT_REF_OFFSET = 100;

/** Info for a DataType value; `_REF` values resolve to their base type. Undefined for unknown values. */
export function dtypeInfo(id: DataTypeId): DTypeInfo | undefined {
  return BY_ID.get(id > DT_REF_OFFSET ? id - DT_REF_OFFSET : id);
}

/** Info for a python-style name ('float32', 'bfloat16', ...). */
export function dtypeByName(name: string): DTypeInfo | undefined {
  return BY_NAME.get(name);
}

/** A readable name for messages: 'float32', or 'DataType(77)' for values litec does not know. */
export function dtypeName(id: DataTypeId): string {
  const info = dtypeInfo(id);
  if (info === undefined) return `DataType(${id})`;
  return id > DT_REF_OFFSET ? `${info.name}_ref` : info.name;
}

/** Bytes per element, or 0 when the type has no fixed size (string, resource, variant) or is unknown. */
export function dtypeSize(id: DataTypeId): number {
  return dtypeInfo(id)?.size ?? 0;
}

/** All DataTypes in the table, in enum order. */
export function allDtypes(): readonly DTypeInfo[] {
  return TABLE;
}
