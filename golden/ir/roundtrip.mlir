// RUN: litec opt %s
// Print -> parse identity: each input is already in printed form and the CHECK lines demand the same text back.

// CHECK-LABEL: module attributes {tf.versions = "2.14", tfl.schema_version = 3 : i32} {
// CHECK-NEXT:  func.func @quantized(%arg0: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.0235:-128>> {tf.name = "x"}) -> (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>> {tf.name = "y"}) attributes {tf.entry_function, tf_saved_model.exported_names = ["serving_default"]} {
// CHECK-NEXT:    %0 = "arith.constant"() {value = dense<[[[[1, -127]]], [[[127, 0]]], [[[3, 4]]], [[[5, 6]]]]> : tensor<4x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013,0.0015,2.0}>>} : () -> tensor<4x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013,0.0015,2.0}>>
// CHECK-NEXT:    %1 = "arith.constant"() {value = dense<[10, -20, 30, 40]> : tensor<4x!quant.uniform<i32:f32:0, {0.00047,0.0003055,0.00003525,0.047}>>} : () -> tensor<4x!quant.uniform<i32:f32:0, {0.00047,0.0003055,0.00003525,0.047}>>
// CHECK-NEXT:    %2 = "tfl.conv_2d"(%arg0, %0, %1) {fused_activation_function = "RELU6", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.0235:-128>>, tensor<4x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013,0.0015,2.0}>>, tensor<4x!quant.uniform<i32:f32:0, {0.00047,0.0003055,0.00003525,0.047}>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>
// CHECK-NEXT:    return %2 : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>
// CHECK-NEXT:  }
// CHECK-NEXT: }
module attributes {tf.versions = "2.14", tfl.schema_version = 3 : i32} {
  func.func @quantized(%arg0: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.0235:-128>> {tf.name = "x"}) -> (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>> {tf.name = "y"}) attributes {tf.entry_function, tf_saved_model.exported_names = ["serving_default"]} {
    %0 = "arith.constant"() {value = dense<[[[[1, -127]]], [[[127, 0]]], [[[3, 4]]], [[[5, 6]]]]> : tensor<4x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013,1.5e-3,2.0}>>} : () -> tensor<4x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013,1.5e-3,2.0}>>
    %1 = "arith.constant"() {value = dense<[10, -20, 30, 40]> : tensor<4x!quant.uniform<i32:f32:0, {4.7e-4,3.055e-4,3.525e-5,0.047}>>} : () -> tensor<4x!quant.uniform<i32:f32:0, {4.7e-4,3.055e-4,3.525e-5,0.047}>>
    %2 = "tfl.conv_2d"(%arg0, %0, %1) {fused_activation_function = "RELU6", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.0235:-128>>, tensor<4x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013,1.5e-3,2.0}>>, tensor<4x!quant.uniform<i32:f32:0, {4.7e-4,3.055e-4,3.525e-5,0.047}>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>
    return %2 : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>
  }
}

// -----

// Multi-result ops print as %N:2 and are used as %N#i; <{...}> properties become attributes; tricky floats and
// strings print exactly (f32 values print as the exact double, NaN/Inf as hex bits).
// CHECK-LABEL: func.func @multi_result(%arg0: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<2xi32>) {
// CHECK-NEXT:    %0 = "arith.constant"() {value = dense<[0.1, 1e-7, -0.0, 0x7FC00000]> : tensor<4xf32>} : () -> tensor<4xf32>
// CHECK-NEXT:    %1:2 = "tfl.custom"(%arg0, %0) {custom_code = "My\"Op\\", custom_option = [-9007199254740991 : i64, 1.5 : f64, 0x7F800000 : f64]} : (tensor<1x4xf32>, tensor<4xf32>) -> (tensor<1x4xf32>, tensor<2xi32>)
// CHECK-NEXT:    %2 = "tfl.softmax"(%1#0) {beta = 0x7F800000 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK-NEXT:    return %2, %1#1 : tensor<1x4xf32>, tensor<2xi32>
// CHECK-NEXT:  }
func.func @multi_result(%a: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<2xi32>) {
  %c = "arith.constant"() <{value = dense<[0.1, 1.0e-7, -0.0, 0x7FC00000]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %r:2 = "tfl.custom"(%a, %c) {custom_code = "My\"Op\\", custom_option = [-9007199254740991, 1.5, 0x7FF0000000000000 : f64]} : (tensor<1x4xf32>, tensor<4xf32>) -> (tensor<1x4xf32>, tensor<2xi32>)
  %s = "tfl.softmax"(%r#0) {beta = 0x7F800000 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %s, %r#1 : tensor<1x4xf32>, tensor<2xi32>
}

// -----

// Dense forms: splat, nested, i64 beyond 2^53, i1, f16/bf16, rank 0, empty, strings, ui8; tensors with more
// than 16 elements print elided unless --print-all-data (see the next case).
// CHECK-LABEL: func.func @dense_forms()
// CHECK-NEXT:    %0 = "arith.constant"() {value = dense<-1.5> : tensor<4xf32>} : () -> tensor<4xf32>
// CHECK-NEXT:    %1 = "arith.constant"() {value = dense<[[9007199254740993, -2], [16, 3]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
// CHECK-NEXT:    %2 = "arith.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
// CHECK-NEXT:    %3 = "arith.constant"() {value = dense<[0.5, 0x7F800000]> : tensor<2xf16>} : () -> tensor<2xf16>
// CHECK-NEXT:    %4 = "arith.constant"() {value = dense<4.25> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:    %5 = "arith.constant"() {value = dense<[]> : tensor<0xf32>} : () -> tensor<0xf32>
// CHECK-NEXT:    %6 = "arith.constant"() {value = dense_resource<__elided__> : tensor<20xf32>} : () -> tensor<20xf32>
// CHECK-NEXT:    %7 = "arith.constant"() {value = dense<["a\"b", ""]> : tensor<2x!tf_type.string>} : () -> tensor<2x!tf_type.string>
// CHECK-NEXT:    %8 = "arith.constant"() {value = dense<[1.5, -2.0]> : tensor<2xbf16>} : () -> tensor<2xbf16>
// CHECK-NEXT:    %9 = "arith.constant"() {value = dense<[0, 255, 7]> : tensor<3xui8>} : () -> tensor<3xui8>
// CHECK-NEXT:    %10 = "arith.constant"() {value = dense_resource<__elided__> : tensor<32x!quant.uniform<i8:f32, 0.5>>} : () -> tensor<32x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 :
func.func @dense_forms() -> (tensor<4xf32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2xf16>, tensor<f32>, tensor<0xf32>, tensor<20xf32>, tensor<2x!tf_type.string>, tensor<2xbf16>, tensor<3xui8>, tensor<32x!quant.uniform<i8:f32, 0.5>>) {
  %0 = "arith.constant"() {value = dense<-1.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %1 = "arith.constant"() {value = dense<[[9007199254740993, -2], [0x10, 3]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
  %2 = "arith.constant"() {value = dense<[true, false, 1]> : tensor<3xi1>} : () -> tensor<3xi1>
  %3 = "arith.constant"() {value = dense<[0.5, 0x7C00]> : tensor<2xf16>} : () -> tensor<2xf16>
  %4 = "arith.constant"() {value = dense<4.25> : tensor<f32>} : () -> tensor<f32>
  %5 = "arith.constant"() {value = dense<[]> : tensor<0xf32>} : () -> tensor<0xf32>
  %6 = "arith.constant"() {value = dense<"0x0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F00000040"> : tensor<20xf32>} : () -> tensor<20xf32>
  %7 = "arith.constant"() {value = dense<["a\"b", ""]> : tensor<2x!tf_type.string>} : () -> tensor<2x!tf_type.string>
  %8 = "arith.constant"() {value = dense<[1.5, -2.0]> : tensor<2xbf16>} : () -> tensor<2xbf16>
  %9 = "arith.constant"() {value = dense<[0, 255, 7]> : tensor<3xui8>} : () -> tensor<3xui8>
  %10 = "arith.constant"() {value = dense_resource<blob_3> : tensor<32x!quant.uniform<i8:f32, 0.5>>} : () -> tensor<32x!quant.uniform<i8:f32, 0.5>>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : tensor<4xf32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2xf16>, tensor<f32>, tensor<0xf32>, tensor<20xf32>, tensor<2x!tf_type.string>, tensor<2xbf16>, tensor<3xui8>, tensor<32x!quant.uniform<i8:f32, 0.5>>
}

// -----

// RUN: litec opt %s --print-all-data
// With --print-all-data, large tensors print as little-endian hex; elided (dense_resource) data stays elided.
// CHECK-LABEL: func.func @all_data()
// CHECK-NEXT:    %0 = "arith.constant"() {value = dense<"0x0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F00000040"> : tensor<20xf32>} : () -> tensor<20xf32>
// CHECK-NEXT:    %1 = "arith.constant"() {value = dense<"0x01FF7F800102030405060708091011121314"> : tensor<2x9xi8>} : () -> tensor<2x9xi8>
// CHECK-NEXT:    %2 = "arith.constant"() {value = dense<"0x00000000000000000000000000000000000000000000000000000000000000000000"> : tensor<17xf16>} : () -> tensor<17xf16>
// CHECK-NEXT:    %3 = "arith.constant"() {value = dense_resource<__elided__> : tensor<64xf32>} : () -> tensor<64xf32>
func.func @all_data() -> (tensor<20xf32>, tensor<2x9xi8>, tensor<17xf16>, tensor<64xf32>) {
  %0 = "arith.constant"() {value = dense<"0x0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F00000040"> : tensor<20xf32>} : () -> tensor<20xf32>
  %1 = "arith.constant"() {value = dense<[[1, -1, 127, -128, 1, 2, 3, 4, 5], [6, 7, 8, 9, 16, 17, 18, 19, 20]]> : tensor<2x9xi8>} : () -> tensor<2x9xi8>
  %2 = "arith.constant"() {value = dense<"0x00000000000000000000000000000000000000000000000000000000000000000000"> : tensor<17xf16>} : () -> tensor<17xf16>
  %3 = "arith.constant"() {value = dense_resource<__elided__> : tensor<64xf32>} : () -> tensor<64xf32>
  return %0, %1, %2, %3 : tensor<20xf32>, tensor<2x9xi8>, tensor<17xf16>, tensor<64xf32>
}

// -----

// RUN: litec opt %s --print-loc
// Locations: names, nested names, file:line:col, fused (flattened, deduplicated), callsite (kept as a fusion),
// unknown; an op without loc(...) gets its own position in the input file.
// CHECK-LABEL: func.func @locs(%arg0: tensor<2xf32>) -> tensor<2xf32> {
// CHECK-NEXT:    %0 = "tfl.relu"(%arg0) : (tensor<2xf32>) -> tensor<2xf32> loc("block_3/expand_conv/Conv2D")
// CHECK-NEXT:    %1 = "tfl.relu6"(%0) : (tensor<2xf32>) -> tensor<2xf32> loc(fused["a", "b"("model.pb":3:7)])
// CHECK-NEXT:    %2 = "tfl.logistic"(%1) : (tensor<2xf32>) -> tensor<2xf32> loc(fused["callee", "caller"])
// CHECK-NEXT:    %3 = "tfl.tanh"(%2) : (tensor<2xf32>) -> tensor<2xf32> loc(unknown)
// CHECK-NEXT:    %4 = "tfl.abs"(%3) : (tensor<2xf32>) -> tensor<2xf32> loc("{{.*}}.mlir":18:3)
// CHECK-NEXT:    return %4 : tensor<2xf32> loc("ret")
// CHECK-NEXT:  } loc("model.pb":1:1)
func.func @locs(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32> loc("block_3/expand_conv/Conv2D")
  %1 = "tfl.relu6"(%0) : (tensor<2xf32>) -> tensor<2xf32> loc(fused["a", "b"("model.pb":3:7), "a"])
  %2 = "tfl.logistic"(%1) : (tensor<2xf32>) -> tensor<2xf32> loc(callsite("callee" at "caller"))
  %3 = "tfl.tanh"(%2) : (tensor<2xf32>) -> tensor<2xf32> loc(unknown)
  %4 = "tfl.abs"(%3) : (tensor<2xf32>) -> tensor<2xf32>
  return %4 : tensor<2xf32> loc("ret")
} loc("model.pb":1:1)

// -----

// Hand-written input (named values, comments, the custom arith.constant and return forms, no module wrapper,
// several funcs) is normalized to numbered values in order.
// CHECK-LABEL: func.func @first(%arg0: tensor<1x8x8x3xf32>, %arg1: tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32> {
// CHECK-NEXT:    %[[B:[0-9]+]] = "arith.constant"() {value = dense<0.0> : tensor<16xf32>} : () -> tensor<16xf32>
// CHECK-NEXT:    %[[C:[0-9]+]] = "tfl.conv_2d"(%arg0, %arg1, %[[B]])
// CHECK-SAME:      fused_activation_function = "NONE"
// CHECK-NEXT:    return %[[C]] : tensor<1x8x8x16xf32>
// CHECK-LABEL: func.func @second()
// CHECK-NOT:     %1
// CHECK:         return %0 : tensor<i32>
func.func @first(%x: tensor<1x8x8x3xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32> {
  %bias = arith.constant dense<0.0> : tensor<16xf32>   // a zero bias
  %conv = "tfl.conv_2d"(%x, %w, %bias) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  func.return %conv : tensor<1x8x8x16xf32>
}
func.func @second() -> tensor<i32> {
  %k = "arith.constant"() {value = dense<7> : tensor<i32>} : () -> tensor<i32>
  "func.return"(%k) : (tensor<i32>) -> ()
}
