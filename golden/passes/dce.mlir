// RUN: litec opt %s --passes=dce
// dce removes side-effect-free ops whose results nothing uses, including whole dead chains and their constants.

// CHECK-LABEL: func.func @dead_chain
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%arg0)
// CHECK-NEXT: return %[[R]]
func.func @dead_chain(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<3x3x3x2xf32>} : () -> tensor<3x3x3x2xf32>
  %b = "arith.constant"() {value = dense<1.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "tfl.conv_2d"(%x, %w, %b) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  %1 = "tfl.relu6"(%0) : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %2 = "tfl.relu"(%x) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.logistic"(%1) : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

// Negative: everything reaches the return, so nothing goes; dce does not fold (the add of two constants, zeros,
// stays, and so does x + it). An op with unknown effects (tfl.custom) stays even when unused.
// CHECK-LABEL: func.func @all_live
// CHECK: %[[A:.*]] = "tfl.add"(%{{.*}}, %{{.*}})
// CHECK: %[[Z:.*]] = "tfl.add"(%arg0, %[[A]])
// CHECK: "tfl.custom"(%arg0)
// CHECK: return %[[Z]]
func.func @all_live(%x: tensor<2xf32>) -> tensor<2xf32> {
  %a = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %b = "arith.constant"() {value = dense<[-1.0, -2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.add"(%a, %b) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.add"(%x, %0) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = "tfl.custom"(%x) {custom_code = "MyOp"} : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
