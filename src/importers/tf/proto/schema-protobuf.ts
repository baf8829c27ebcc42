// The subset of tensorflow/core/protobuf/*.proto that litec decodes (SavedModel, MetaGraph, object graphs, bundles).
//
// Written against TensorFlow's published field numbers; it refers to messages in schema-framework.ts. Enum-typed
// fields are int32 (see that file). collection_def, any_info and newer optional fields are left out and skipped.
export const SAVED_MODEL_PROTO = `
syntax = "proto3";
package tensorflow;

// saved_model.proto
message SavedModel {
  int64 saved_model_schema_version = 1;
  repeated MetaGraphDef meta_graphs = 2;
}

// meta_graph.proto
message MetaGraphDef {
  message MetaInfoDef {
    string meta_graph_version = 1;
    OpList stripped_op_list = 2;
    repeated string tags = 4;
    string tensorflow_version = 5;
    string tensorflow_git_version = 6;
    bool stripped_default_attrs = 7;
    map<string, string> function_aliases = 8;
  }
  MetaInfoDef meta_info_def = 1;
  GraphDef graph_def = 2;
  SaverDef saver_def = 3;
  map<string, SignatureDef> signature_def = 5;
  repeated AssetFileDef asset_file_def = 6;
  SavedObjectGraph object_graph_def = 7;
}

message TensorInfo {
  message CooSparse {
    string values_tensor_name = 1;
    string indices_tensor_name = 2;
    string dense_shape_tensor_name = 3;
  }
  message CompositeTensor {
    TypeSpecProto type_spec = 1;
    repeated TensorInfo components = 2;
  }
  oneof encoding {
    string name = 1;
    CooSparse coo_sparse = 4;
    CompositeTensor composite_tensor = 5;
  }
  int32 dtype = 2;
  TensorShapeProto tensor_shape = 3;
}

message SignatureDef {
  map<string, TensorInfo> inputs = 1;
  map<string, TensorInfo> outputs = 2;
  string method_name = 3;
  map<string, TensorProto> defaults = 4;
}

message AssetFileDef {
  TensorInfo tensor_info = 1;
  string filename = 2;
}

// saver.proto
message SaverDef {
  string filename_tensor_name = 1;
  string save_tensor_name = 2;
  string restore_op_name = 3;
  int32 max_to_keep = 4;
  bool sharded = 5;
  float keep_checkpoint_every_n_hours = 6;
  int32 version = 7;
}

// trackable_object_graph.proto
message TrackableObjectGraph {
  message TrackableObject {
    message ObjectReference {
      int32 node_id = 1;
      string local_name = 2;
    }
    message SerializedTensor {
      string name = 1;
      string full_name = 2;
      string checkpoint_key = 3;
      bool optional_restore = 4;
    }
    message SlotVariableReference {
      int32 original_variable_node_id = 1;
      string slot_name = 2;
      int32 slot_variable_node_id = 3;
    }
    repeated ObjectReference children = 1;
    repeated SerializedTensor attributes = 2;
    repeated SlotVariableReference slot_variables = 3;
  }
  repeated TrackableObject nodes = 1;
}

// saved_object_graph.proto
message SavedObjectGraph {
  repeated SavedObject nodes = 1;
  map<string, SavedConcreteFunction> concrete_functions = 2;
}

message SavedObject {
  repeated TrackableObjectGraph.TrackableObject.ObjectReference children = 1;
  repeated TrackableObjectGraph.TrackableObject.SlotVariableReference slot_variables = 3;
  oneof kind {
    SavedUserObject user_object = 4;
    SavedAsset asset = 5;
    SavedFunction function = 6;
    SavedVariable variable = 7;
    SavedBareConcreteFunction bare_concrete_function = 8;
    SavedConstant constant = 9;
    SavedResource resource = 10;
    CapturedTensor captured_tensor = 12;
  }
  map<string, SaveableObject> saveable_objects = 11;
}

message SavedUserObject {
  string identifier = 1;
  VersionDef version = 2;
  string metadata = 3;
}

message SavedAsset {
  int32 asset_file_def_index = 1;
}

message SavedFunction {
  repeated string concrete_functions = 1;
  FunctionSpec function_spec = 2;
}

message CapturedTensor {
  string name = 1;
  string concrete_function = 2;
}

message SavedConcreteFunction {
  repeated int32 bound_inputs = 2;
  StructuredValue canonicalized_input_signature = 3;
  StructuredValue output_signature = 4;
}

message SavedBareConcreteFunction {
  string concrete_function_name = 1;
  repeated string argument_keywords = 2;
  int64 allowed_positional_arguments = 3;
  FunctionSpec function_spec = 4;
}

message SavedConstant {
  string operation = 1;
}

message SavedVariable {
  int32 dtype = 1;
  TensorShapeProto shape = 2;
  bool trainable = 3;
  int32 synchronization = 4;
  int32 aggregation = 5;
  string name = 6;
  string device = 7;
  repeated SavedVariable experimental_distributed_variable_components = 8;
}

message FunctionSpec {
  StructuredValue fullargspec = 1;
  bool is_method = 2;
  StructuredValue input_signature = 5;
  int32 jit_compile = 6;
}

message SavedResource {
  string device = 1;
}

message SaveableObject {
  int32 save_function = 2;
  int32 restore_function = 3;
}

// struct.proto
message StructuredValue {
  oneof kind {
    NoneValue none_value = 1;
    double float64_value = 11;
    sint64 int64_value = 12;
    string string_value = 13;
    bool bool_value = 14;
    TensorShapeProto tensor_shape_value = 31;
    int32 tensor_dtype_value = 32;
    TensorSpecProto tensor_spec_value = 33;
    TypeSpecProto type_spec_value = 34;
    BoundedTensorSpecProto bounded_tensor_spec_value = 35;
    ListValue list_value = 51;
    TupleValue tuple_value = 52;
    DictValue dict_value = 53;
    NamedTupleValue named_tuple_value = 54;
  }
}

message NoneValue {}

message ListValue {
  repeated StructuredValue values = 1;
}

message TupleValue {
  repeated StructuredValue values = 1;
}

message DictValue {
  map<string, StructuredValue> fields = 1;
}

message PairValue {
  string key = 1;
  StructuredValue value = 2;
}

message NamedTupleValue {
  string name = 1;
  repeated PairValue values = 2;
}

message TensorSpecProto {
  string name = 1;
  TensorShapeProto shape = 2;
  int32 dtype = 3;
}

message BoundedTensorSpecProto {
  string name = 1;
  TensorShapeProto shape = 2;
  int32 dtype = 3;
  TensorProto minimum = 4;
  TensorProto maximum = 5;
}

message TypeSpecProto {
  int32 type_spec_class = 1;
  StructuredValue type_state = 2;
  string type_spec_class_name = 3;
}

// tensor_bundle.proto
message BundleHeaderProto {
  int32 num_shards = 1;
  int32 endianness = 2;
  VersionDef version = 3;
}

message BundleEntryProto {
  int32 dtype = 1;
  TensorShapeProto shape = 2;
  int32 shard_id = 3;
  int64 offset = 4;
  int64 size = 5;
  fixed32 crc32c = 6;
  repeated TensorSliceProto slices = 7;
}
`;
