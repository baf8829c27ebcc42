// Plain TypeScript shapes of decoded tensorflow/core/framework messages (graphs, nodes, attrs, tensors, functions).
//
// Conventions of every decoded message (see root.ts):
// - field names are TensorFlow's snake_case names;
// - proto3 scalars always hold a value (0, '', false when absent); repeated fields are arrays; maps are objects;
// - an absent sub-message is `null`;
// - int64 fields are `number` (exact up to 2^53), except TensorProto.int64_val / uint64_val which are `bigint[]`;
// - enum fields (DataType, ...) are plain numbers; `bytes` fields are Uint8Array views into the input buffer;
// - a oneof adds a string field naming the member that is set (e.g. AttrValue.value === 'list'); other members
//   are absent (undefined).
import type { DataTypeId } from '../dtypes.js';

export interface TensorShapeDim {
  /** -1 for an unknown dimension. */
  size: number;
  name: string;
}

export interface TensorShapeProto {
  dim: TensorShapeDim[];
  unknown_rank: boolean;
}

export interface VersionDef {
  producer: number;
  min_consumer: number;
  bad_consumers: number[];
}

export interface DtypeAndShape {
  dtype: DataTypeId;
  shape: TensorShapeProto | null;
}

export interface ResourceHandleProto {
  device: string;
  container: string;
  name: string;
  hash_code: number;
  maybe_type_name: string;
  dtypes_and_shapes: DtypeAndShape[];
}

export interface VariantTensorDataProto {
  type_name: string;
  metadata: Uint8Array;
  tensors: TensorProto[];
}

export interface TensorProto {
  dtype: DataTypeId;
  tensor_shape: TensorShapeProto | null;
  version_number: number;
  /** Little-endian element bytes; when non-empty, the *_val fields are unused. */
  tensor_content: Uint8Array;
  /** float16 / bfloat16 bit patterns, one per int32. */
  half_val: number[];
  float_val: number[];
  double_val: number[];
  /** int32, int16, int8, uint8, uint16 (and quantized) values. */
  int_val: number[];
  string_val: Uint8Array[];
  scomplex_val: number[];
  int64_val: bigint[];
  bool_val: boolean[];
  dcomplex_val: number[];
  resource_handle_val: ResourceHandleProto[];
  variant_val: VariantTensorDataProto[];
  uint32_val: number[];
  uint64_val: bigint[];
  float8_val: Uint8Array;
}

export interface TensorSliceExtent {
  start: number;
  /** Absent when the slice covers the whole dimension. */
  length?: number;
  has_length?: 'length';
}

export interface TensorSliceProto {
  extent: TensorSliceExtent[];
}

export interface AttrListValue {
  s: Uint8Array[];
  i: number[];
  f: number[];
  b: boolean[];
  type: DataTypeId[];
  shape: TensorShapeProto[];
  tensor: TensorProto[];
  func: NameAttrList[];
}

export type AttrValueKind = 's' | 'i' | 'f' | 'b' | 'type' | 'shape' | 'tensor' | 'list' | 'func' | 'placeholder';

/** One attr of a node: exactly one member is set, named by `value` (undefined for an empty AttrValue). */
export interface AttrValue {
  value?: AttrValueKind;
  /** Bytes (usually ASCII text such as 'SAME' or 'NHWC'); see attrString(). */
  s?: Uint8Array;
  i?: number;
  f?: number;
  b?: boolean;
  type?: DataTypeId;
  shape?: TensorShapeProto;
  tensor?: TensorProto;
  list?: AttrListValue;
  func?: NameAttrList;
  placeholder?: string;
}

export interface NameAttrList {
  name: string;
  attr: Record<string, AttrValue>;
}

export interface NodeDebugInfo {
  original_node_names: string[];
  original_func_names: string[];
}

export interface NodeDef {
  name: string;
  op: string;
  /** "node", "node:1" or "^control_dep"; inside functions "node:out_arg:0". */
  input: string[];
  device: string;
  attr: Record<string, AttrValue>;
  experimental_debug_info: NodeDebugInfo | null;
}

export interface ArgDef {
  name: string;
  description: string;
  type: DataTypeId;
  type_attr: string;
  number_attr: string;
  type_list_attr: string;
  handle_data: DtypeAndShape[];
  is_ref: boolean;
}

export interface AttrDef {
  name: string;
  type: string;
  default_value: AttrValue | null;
  description: string;
  has_minimum: boolean;
  minimum: number;
  allowed_values: AttrValue | null;
}

export interface OpDeprecation {
  version: number;
  explanation: string;
}

export interface OpDef {
  name: string;
  input_arg: ArgDef[];
  output_arg: ArgDef[];
  control_output: string[];
  attr: AttrDef[];
  deprecation: OpDeprecation | null;
  summary: string;
  description: string;
  is_commutative: boolean;
  is_aggregate: boolean;
  is_stateful: boolean;
  allows_uninitialized_input: boolean;
}

export interface OpList {
  op: OpDef[];
}

export interface FunctionArgAttrs {
  attr: Record<string, AttrValue>;
}

export interface FunctionDef {
  signature: OpDef | null;
  attr: Record<string, AttrValue>;
  /** Keyed by argument index (as a decimal string). */
  arg_attr: Record<string, FunctionArgAttrs>;
  resource_arg_unique_id: Record<string, number>;
  node_def: NodeDef[];
  /** Output arg name -> "node:out_arg:index" inside node_def. */
  ret: Record<string, string>;
  control_ret: Record<string, string>;
}

export interface GradientDef {
  function_name: string;
  gradient_func: string;
}

export interface FunctionDefLibrary {
  function: FunctionDef[];
  gradient: GradientDef[];
}

export interface GraphDef {
  node: NodeDef[];
  versions: VersionDef | null;
  /** Deprecated single version number; use `versions`. */
  version: number;
  library: FunctionDefLibrary | null;
}
