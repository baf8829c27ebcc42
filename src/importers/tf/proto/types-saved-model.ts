// Plain TypeScript shapes of decoded SavedModel, MetaGraph, object-graph and TensorBundle messages.
// The decoding conventions are listed at the top of types-framework.ts.
import type { DataTypeId } from '../dtypes.js';
import type {
  GraphDef,
  OpList,
  TensorProto,
  TensorShapeProto,
  TensorSliceProto,
  VersionDef,
} from './types-framework.js';

export interface SavedModel {
  saved_model_schema_version: number;
  meta_graphs: MetaGraphDef[];
}

export interface MetaInfoDef {
  meta_graph_version: string;
  stripped_op_list: OpList | null;
  tags: string[];
  tensorflow_version: string;
  tensorflow_git_version: string;
  stripped_default_attrs: boolean;
  function_aliases: Record<string, string>;
}

export interface MetaGraphDef {
  meta_info_def: MetaInfoDef | null;
  graph_def: GraphDef | null;
  saver_def: SaverDef | null;
  signature_def: Record<string, SignatureDef>;
  asset_file_def: AssetFileDef[];
  object_graph_def: SavedObjectGraph | null;
}

export interface CooSparse {
  values_tensor_name: string;
  indices_tensor_name: string;
  dense_shape_tensor_name: string;
}

export interface CompositeTensorInfo {
  type_spec: TypeSpecProto | null;
  components: TensorInfo[];
}

/** A signature input/output: dense tensors set `name` ("node:0"), sparse/composite ones the other members. */
export interface TensorInfo {
  encoding?: 'name' | 'coo_sparse' | 'composite_tensor';
  name?: string;
  coo_sparse?: CooSparse;
  composite_tensor?: CompositeTensorInfo;
  dtype: DataTypeId;
  tensor_shape: TensorShapeProto | null;
}

export interface SignatureDef {
  inputs: Record<string, TensorInfo>;
  outputs: Record<string, TensorInfo>;
  method_name: string;
  defaults: Record<string, TensorProto>;
}

export interface AssetFileDef {
  tensor_info: TensorInfo | null;
  filename: string;
}

export interface SaverDef {
  filename_tensor_name: string;
  save_tensor_name: string;
  restore_op_name: string;
  max_to_keep: number;
  sharded: boolean;
  keep_checkpoint_every_n_hours: number;
  /** 0 legacy, 1 V1, 2 V2 (TensorBundle). */
  version: number;
}

export interface ObjectReference {
  node_id: number;
  local_name: string;
}

export interface SerializedTensor {
  name: string;
  full_name: string;
  checkpoint_key: string;
  optional_restore: boolean;
}

export interface SlotVariableReference {
  original_variable_node_id: number;
  slot_name: string;
  slot_variable_node_id: number;
}

export interface TrackableObject {
  children: ObjectReference[];
  attributes: SerializedTensor[];
  slot_variables: SlotVariableReference[];
}

/** The checkpoint's object graph (stored in the bundle under "_CHECKPOINTABLE_OBJECT_GRAPH"). */
export interface TrackableObjectGraph {
  nodes: TrackableObject[];
}

export interface SavedUserObject {
  identifier: string;
  version: VersionDef | null;
  metadata: string;
}

export interface SavedAsset {
  asset_file_def_index: number;
}

export interface FunctionSpec {
  fullargspec: StructuredValue | null;
  is_method: boolean;
  input_signature: StructuredValue | null;
  jit_compile: number;
}

export interface SavedFunction {
  concrete_functions: string[];
  function_spec: FunctionSpec | null;
}

export interface CapturedTensor {
  name: string;
  concrete_function: string;
}

export interface SavedVariable {
  dtype: DataTypeId;
  shape: TensorShapeProto | null;
  trainable: boolean;
  synchronization: number;
  aggregation: number;
  name: string;
  device: string;
  experimental_distributed_variable_components: SavedVariable[];
}

export interface SavedBareConcreteFunction {
  concrete_function_name: string;
  argument_keywords: string[];
  allowed_positional_arguments: number;
  function_spec: FunctionSpec | null;
}

export interface SavedConstant {
  operation: string;
}

export interface SavedResource {
  device: string;
}

export interface SaveableObject {
  save_function: number;
  restore_function: number;
}

export type SavedObjectKind =
  | 'user_object' | 'asset' | 'function' | 'variable' | 'bare_concrete_function' | 'constant' | 'resource'
  | 'captured_tensor';

/** One node of a SavedModel's object graph; `kind` names the member that is set. */
export interface SavedObject {
  children: ObjectReference[];
  slot_variables: SlotVariableReference[];
  kind?: SavedObjectKind;
  user_object?: SavedUserObject;
  asset?: SavedAsset;
  function?: SavedFunction;
  variable?: SavedVariable;
  bare_concrete_function?: SavedBareConcreteFunction;
  constant?: SavedConstant;
  resource?: SavedResource;
  captured_tensor?: CapturedTensor;
  saveable_objects: Record<string, SaveableObject>;
}

export interface SavedConcreteFunction {
  /** SavedObject node ids appended to the caller's inputs (variables, resources, assets). */
  bound_inputs: number[];
  canonicalized_input_signature: StructuredValue | null;
  output_signature: StructuredValue | null;
}

export interface SavedObjectGraph {
  nodes: SavedObject[];
  concrete_functions: Record<string, SavedConcreteFunction>;
}

export interface TensorSpecProto {
  name: string;
  shape: TensorShapeProto | null;
  dtype: DataTypeId;
}

export interface BoundedTensorSpecProto extends TensorSpecProto {
  minimum: TensorProto | null;
  maximum: TensorProto | null;
}

export interface TypeSpecProto {
  type_spec_class: number;
  type_state: StructuredValue | null;
  type_spec_class_name: string;
}

export interface PairValue {
  key: string;
  value: StructuredValue | null;
}

export type StructuredValueKind =
  | 'none_value' | 'float64_value' | 'int64_value' | 'string_value' | 'bool_value' | 'tensor_shape_value'
  | 'tensor_dtype_value' | 'tensor_spec_value' | 'type_spec_value' | 'bounded_tensor_spec_value' | 'list_value'
  | 'tuple_value' | 'dict_value' | 'named_tuple_value';

/** A Python-like value (function signatures); `kind` names the member that is set. */
export interface StructuredValue {
  kind?: StructuredValueKind;
  none_value?: Record<string, never>;
  float64_value?: number;
  int64_value?: number;
  string_value?: string;
  bool_value?: boolean;
  tensor_shape_value?: TensorShapeProto;
  tensor_dtype_value?: DataTypeId;
  tensor_spec_value?: TensorSpecProto;
  type_spec_value?: TypeSpecProto;
  bounded_tensor_spec_value?: BoundedTensorSpecProto;
  list_value?: { values: StructuredValue[] };
  tuple_value?: { values: StructuredValue[] };
  dict_value?: { fields: Record<string, StructuredValue> };
  named_tuple_value?: { name: string; values: PairValue[] };
}

export interface BundleHeaderProto {
  num_shards: number;
  /** 0 little-endian, 1 big-endian. */
  endianness: number;
  version: VersionDef | null;
}

export interface BundleEntryProto {
  dtype: DataTypeId;
  shape: TensorShapeProto | null;
  shard_id: number;
  offset: number;
  size: number;
  /** Masked CRC32C of the tensor's bytes in the data shard. */
  crc32c: number;
  /** Non-empty for a partitioned variable (the slices are stored as separate entries). */
  slices: TensorSliceProto[];
}
