// The subset of tensorflow/core/framework/*.proto that litec decodes, as proto3 text (field numbers from TensorFlow).
//
// Enum-typed fields (DataType and friends) are declared int32: same wire encoding, and values a newer TensorFlow
// adds stay plain numbers instead of being rejected. Fields left out here are skipped as unknown fields.
export const FRAMEWORK_PROTO = `
syntax = "proto3";
package tensorflow;

// tensor_shape.proto
message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

// versions.proto
message VersionDef {
  int32 producer = 1;
  int32 min_consumer = 2;
  repeated int32 bad_consumers = 3;
}

// resource_handle.proto
message ResourceHandleProto {
  string device = 1;
  string container = 2;
  string name = 3;
  uint64 hash_code = 4;
  string maybe_type_name = 5;
  message DtypeAndShape {
    int32 dtype = 1;
    TensorShapeProto shape = 2;
  }
  repeated DtypeAndShape dtypes_and_shapes = 6;
}

// tensor.proto
message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated int32 half_val = 13;
  repeated float float_val = 5;
  repeated double double_val = 6;
  repeated int32 int_val = 7;
  repeated bytes string_val = 8;
  repeated float scomplex_val = 9;
  repeated int64 int64_val = 10;
  repeated bool bool_val = 11;
  repeated double dcomplex_val = 12;
  repeated ResourceHandleProto resource_handle_val = 14;
  repeated VariantTensorDataProto variant_val = 15;
  repeated uint32 uint32_val = 16;
  repeated uint64 uint64_val = 17;
  bytes float8_val = 18;
}

message VariantTensorDataProto {
  string type_name = 1;
  bytes metadata = 2;
  repeated TensorProto tensors = 3;
}

// tensor_slice.proto
message TensorSliceProto {
  message Extent {
    int64 start = 1;
    oneof has_length {
      int64 length = 2;
    }
  }
  repeated Extent extent = 1;
}

// attr_value.proto
message AttrValue {
  message ListValue {
    repeated bytes s = 2;
    repeated int64 i = 3;
    repeated float f = 4;
    repeated bool b = 5;
    repeated int32 type = 6;
    repeated TensorShapeProto shape = 7;
    repeated TensorProto tensor = 8;
    repeated NameAttrList func = 9;
  }
  oneof value {
    bytes s = 2;
    int64 i = 3;
    float f = 4;
    bool b = 5;
    int32 type = 6;
    TensorShapeProto shape = 7;
    TensorProto tensor = 8;
    ListValue list = 1;
    NameAttrList func = 10;
    string placeholder = 9;
  }
}

message NameAttrList {
  string name = 1;
  map<string, AttrValue> attr = 2;
}

// node_def.proto
message NodeDef {
  string name = 1;
  string op = 2;
  repeated string input = 3;
  string device = 4;
  map<string, AttrValue> attr = 5;
  message ExperimentalDebugInfo {
    repeated string original_node_names = 1;
    repeated string original_func_names = 2;
  }
  ExperimentalDebugInfo experimental_debug_info = 6;
}

// op_def.proto
message OpDef {
  string name = 1;
  message ArgDef {
    string name = 1;
    string description = 2;
    int32 type = 3;
    string type_attr = 4;
    string number_attr = 5;
    string type_list_attr = 6;
    repeated ResourceHandleProto.DtypeAndShape handle_data = 7;
    bool is_ref = 16;
  }
  repeated ArgDef input_arg = 2;
  repeated ArgDef output_arg = 3;
  repeated string control_output = 20;
  message AttrDef {
    string name = 1;
    string type = 2;
    AttrValue default_value = 3;
    string description = 4;
    bool has_minimum = 5;
    int64 minimum = 6;
    AttrValue allowed_values = 7;
  }
  repeated AttrDef attr = 4;
  OpDeprecation deprecation = 8;
  string summary = 5;
  string description = 6;
  bool is_commutative = 18;
  bool is_aggregate = 16;
  bool is_stateful = 17;
  bool allows_uninitialized_input = 19;
}

message OpDeprecation {
  int32 version = 1;
  string explanation = 2;
}

message OpList {
  repeated OpDef op = 1;
}

// function.proto
message FunctionDefLibrary {
  repeated FunctionDef function = 1;
  repeated GradientDef gradient = 2;
}

message FunctionDef {
  OpDef signature = 1;
  map<string, AttrValue> attr = 5;
  message ArgAttrs {
    map<string, AttrValue> attr = 1;
  }
  map<uint32, ArgAttrs> arg_attr = 7;
  map<uint32, uint32> resource_arg_unique_id = 8;
  repeated NodeDef node_def = 3;
  map<string, string> ret = 4;
  map<string, string> control_ret = 6;
}

message GradientDef {
  string function_name = 1;
  string gradient_func = 2;
}

// graph.proto
message GraphDef {
  repeated NodeDef node = 1;
  VersionDef versions = 4;
  int32 version = 3;
  FunctionDefLibrary library = 2;
}
`;
