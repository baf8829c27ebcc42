// RUN: litec opt %s --verify-diagnostics
// Each case must fail with the expected error at the expected line.

func.func @unknown_op(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{unknown op 'tfl.frobnicate'}}
  %0 = "tfl.frobnicate"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @operand_count(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tfl.add' op expects 2 operands, got 1}}
  %0 = "tfl.add"(%x) {fused_activation_function = "NONE"} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @bad_enum(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{attribute 'padding': "FULL" is not one of "SAME", "VALID"}}
  %0 = "tfl.max_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, padding = "FULL", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

func.func @missing_attr(%x: tensor<1x8x8x3xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32> {
  // expected-error @+1 {{requires attribute 'stride_h'}}
  %0 = "tfl.conv_2d"(%x, %w) {padding = "SAME", stride_w = 1 : i32} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32>
  return %0 : tensor<1x8x8x16xf32>
}

// -----

func.func @inferred_shape(%x: tensor<1x8x8x3xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32> {
  %0 = "tfl.conv_2d"(%x, %w) {padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32>
  // expected-error @-1 {{result 0 has type tensor<1x8x8x16xf32> but the operands imply tensor<1x6x6x16xf32>}}
  return %0 : tensor<1x8x8x16xf32>
}

// -----

func.func @bias_shape(%x: tensor<1x8x8x3xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x16xf32> {
  %0 = "tfl.conv_2d"(%x, %w, %b) {padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x16xf32> // expected-error {{bias must have shape [16], got [8]}}
  return %0 : tensor<1x8x8x16xf32>
}

// -----

func.func @use_before_def(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{value %1 is used before it is defined}}
  %0 = "tfl.relu"(%1) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @undefined_value(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{use of undefined value %y}}
  %0 = "tfl.relu"(%y) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @redefinition(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  // expected-error @+1 {{redefinition of value %0}}
  %0 = "tfl.relu6"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @annotation_mismatch(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{use of %x expects tensor<3xf32> but it has tensor<2xf32>}}
  %0 = "tfl.relu"(%x) : (tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @type_lists_more_operands(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tfl.add' has 1 operand but its type lists 2}}
  %0 = "tfl.add"(%x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @return_type(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{use of %x expects tensor<2xi32> but it has tensor<2xf32>}}
  return %x : tensor<2xi32>
}

// -----

func.func @return_count(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // expected-error @+1 {{returns 1 values but @return_count declares 2 results}}
  return %x : tensor<2xf32>
}

// -----

func.func @bad_token(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{unexpected character '$'}}
  %0 = "tfl.relu"(%x) $ : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// expected-error @+1 {{unknown element type 'f31'}}
func.func @bad_element_type(%x: tensor<2xf31>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @dense_shape(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{dense literal has shape [3] but the type is tensor<2xf32>}}
  %0 = "arith.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @constant_type(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'arith.constant' op value type does not match the result type}}
  %0 = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf16>
  return %x : tensor<2xf32>
}

// -----

func.func @location_alias(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{location aliases like '#loc1' are not supported}}
  %0 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32> loc(#loc1)
  return %0 : tensor<2xf32>
}

// -----

func.func @per_axis_count(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{per-axis quantization has 2 scales but dimension 0 is 3}}
  %0 = "arith.constant"() {value = dense<[1, 2, 3]> : tensor<3x!quant.uniform<i8:f32:0, {0.5,0.25}>>} : () -> tensor<3x!quant.uniform<i8:f32:0, {0.5,0.25}>>
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{func @missing_return must end with func.return}}
func.func @missing_return(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32>
}
