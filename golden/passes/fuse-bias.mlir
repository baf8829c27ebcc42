// RUN: litec opt %s --passes=fuse-bias
// An add of a per-channel constant after a conv-like op goes into its bias.

// CHECK-LABEL: func.func @conv_add
// CHECK: %[[B:.*]] = "arith.constant"() {value = dense<[1.5, 0.0]> : tensor<2xf32>}
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, %{{.*}}, %[[B]]) {fused_activation_function = "RELU"
// CHECK-NEXT: return %[[C]]
func.func @conv_add(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %b = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[0.5, -2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.conv_2d"(%x, %w, %b) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.add"(%t, %0) {fused_activation_function = "RELU"} : (tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// A fully_connected without a bias gets one.
// CHECK-LABEL: func.func @fc_no_bias
// CHECK: %[[B:.*]] = "arith.constant"() {value = dense<[3.0, 4.0, 5.0]> : tensor<3xf32>}
// CHECK: "tfl.fully_connected"(%arg0, %{{.*}}, %[[B]])
// CHECK-NOT: tfl.add
func.func @fc_no_bias(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<3x4xf32>} : () -> tensor<3x4xf32>
  %t = "arith.constant"() {value = dense<[[3.0, 4.0, 5.0]]> : tensor<1x3xf32>} : () -> tensor<1x3xf32>
  %0 = "tfl.fully_connected"(%x, %w) {fused_activation_function = "NONE"} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %1 = "tfl.add"(%0, %t) {fused_activation_function = "NONE"} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Negative: fuse-bias does not fold scales (that is fold-batchnorm's job).
// CHECK-LABEL: func.func @mul_stays
// CHECK: "tfl.depthwise_conv_2d"
// CHECK: "tfl.mul"
func.func @mul_stays(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<1x3x3x2xf32>} : () -> tensor<1x3x3x2xf32>
  %s = "arith.constant"() {value = dense<[2.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.depthwise_conv_2d"(%x, %w) {depth_multiplier = 1 : i32, fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Negative: an add of a full tensor (not per channel), an add of a non-constant, and a conv with two users stay.
// CHECK-LABEL: func.func @adds_that_stay
// CHECK: %[[C:.*]] = "tfl.conv_2d"
// CHECK: "tfl.add"(%[[C]], %{{.*}})
// CHECK: %[[D:.*]] = "tfl.conv_2d"
// CHECK: "tfl.add"(%[[D]], %arg1)
// CHECK: %[[E:.*]] = "tfl.conv_2d"
// CHECK: "tfl.add"(%[[E]],
// CHECK: return {{.*}}, %[[E]]
func.func @adds_that_stay(%x: tensor<1x2x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %full = "arith.constant"() {value = dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>} : () -> tensor<1x2x2x2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = "tfl.add"(%0, %full) {fused_activation_function = "NONE"} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = "tfl.add"(%2, %y) {fused_activation_function = "NONE"} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = "tfl.conv_2d"(%y, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %5 = "tfl.add"(%4, %t) {fused_activation_function = "NONE"} : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1, %3, %5, %4 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
