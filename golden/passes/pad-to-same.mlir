// RUN: litec opt %s --passes=pad-to-same
// tfl.pad + VALID conv becomes a SAME conv when the pads are exactly what SAME would add.

// Keras' ZeroPadding2D(((0, 1), (0, 1))) before a stride-2 3x3 VALID conv on an even input is SAME.
// CHECK-LABEL: func.func @stride2_asymmetric
// CHECK-NOT: tfl.pad
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, %arg1) {fused_activation_function = "NONE", padding = "SAME", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @stride2_asymmetric(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %p = "arith.constant"() {value = dense<[[0, 0], [0, 1], [0, 1], [0, 0]]> : tensor<4x2xi32>} : () -> tensor<4x2xi32>
  %0 = "tfl.pad"(%x, %p) : (tensor<1x8x8x3xf32>, tensor<4x2xi32>) -> tensor<1x9x9x3xf32>
  %1 = "tfl.conv_2d"(%0, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x9x9x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %1 : tensor<1x4x4x4xf32>
}

// -----

// Depthwise 5x5 stride 1 with symmetric (2, 2) padding, and a pad that also feeds another op (it stays for it).
// CHECK-LABEL: func.func @depthwise_symmetric
// CHECK: %[[P:.*]] = "tfl.pad"(%arg0
// CHECK: %[[D:.*]] = "tfl.depthwise_conv_2d"(%arg0, %arg1) {depth_multiplier = 1 : i32, fused_activation_function = "RELU6", padding = "SAME"
// CHECK: return %[[D]], %[[P]]
func.func @depthwise_symmetric(%x: tensor<1x6x6x2xf32>, %w: tensor<1x5x5x2xf32>) -> (tensor<1x6x6x2xf32>, tensor<1x10x10x2xf32>) {
  %p = "arith.constant"() {value = dense<[[0, 0], [2, 2], [2, 2], [0, 0]]> : tensor<4x2xi32>} : () -> tensor<4x2xi32>
  %0 = "tfl.pad"(%x, %p) : (tensor<1x6x6x2xf32>, tensor<4x2xi32>) -> tensor<1x10x10x2xf32>
  %1 = "tfl.depthwise_conv_2d"(%0, %w) {depth_multiplier = 1 : i32, fused_activation_function = "RELU6", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x10x10x2xf32>, tensor<1x5x5x2xf32>) -> tensor<1x6x6x2xf32>
  return %1, %0 : tensor<1x6x6x2xf32>, tensor<1x10x10x2xf32>
}

// -----

// pad_v2 filling with 0 is the same pad; filling with 1 is not.
// CHECK-LABEL: func.func @pad_v2
// CHECK: "tfl.conv_2d"(%arg0, %arg1) {{.*}}padding = "SAME"
// CHECK: %[[P:.*]] = "tfl.pad_v2"(%arg0
// CHECK: "tfl.conv_2d"(%[[P]], %arg1) {{.*}}padding = "VALID"
func.func @pad_v2(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %p = "arith.constant"() {value = dense<[[0, 0], [0, 1], [0, 1], [0, 0]]> : tensor<4x2xi32>} : () -> tensor<4x2xi32>
  %zero = "arith.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %one = "arith.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %0 = "tfl.pad_v2"(%x, %p, %zero) : (tensor<1x8x8x3xf32>, tensor<4x2xi32>, tensor<f32>) -> tensor<1x9x9x3xf32>
  %1 = "tfl.conv_2d"(%0, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x9x9x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %2 = "tfl.pad_v2"(%x, %p, %one) : (tensor<1x8x8x3xf32>, tensor<4x2xi32>, tensor<f32>) -> tensor<1x9x9x3xf32>
  %3 = "tfl.conv_2d"(%2, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x9x9x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %1, %3 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// Negative: symmetric (1, 1) padding for a stride-2 3x3 conv on an even input is not SAME (SAME puts 0 before,
// 1 after); padding that touches channels; a conv that is already SAME; and a pad before an average pool (SAME
// average pooling divides by the in-bounds count, not the window size).
// CHECK-LABEL: func.func @not_same
// CHECK: %[[A:.*]] = "tfl.pad"(%arg0
// CHECK: "tfl.conv_2d"(%[[A]], {{.*}}padding = "VALID"
// CHECK: %[[B:.*]] = "tfl.pad"(%arg0
// CHECK: "tfl.conv_2d"(%[[B]], {{.*}}padding = "VALID"
// CHECK: %[[C:.*]] = "tfl.pad"(%arg0
// CHECK: "tfl.conv_2d"(%[[C]], {{.*}}padding = "SAME"
// CHECK: "tfl.average_pool_2d"(%[[C]])
func.func @not_same(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3xf32>, %w5: tensor<4x3x3x5xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x6x6x4xf32>, tensor<1x10x10x4xf32>, tensor<1x8x8x3xf32>) {
  %p11 = "arith.constant"() {value = dense<[[0, 0], [1, 1], [1, 1], [0, 0]]> : tensor<4x2xi32>} : () -> tensor<4x2xi32>
  %pc = "arith.constant"() {value = dense<[[0, 0], [0, 0], [0, 0], [1, 1]]> : tensor<4x2xi32>} : () -> tensor<4x2xi32>
  %0 = "tfl.pad"(%x, %p11) : (tensor<1x8x8x3xf32>, tensor<4x2xi32>) -> tensor<1x10x10x3xf32>
  %1 = "tfl.conv_2d"(%0, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x10x10x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %2 = "tfl.pad"(%x, %pc) : (tensor<1x8x8x3xf32>, tensor<4x2xi32>) -> tensor<1x8x8x5xf32>
  %3 = "tfl.conv_2d"(%2, %w5) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x8x8x5xf32>, tensor<4x3x3x5xf32>) -> tensor<1x6x6x4xf32>
  %4 = "tfl.pad"(%x, %p11) : (tensor<1x8x8x3xf32>, tensor<4x2xi32>) -> tensor<1x10x10x3xf32>
  %5 = "tfl.conv_2d"(%4, %w) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x10x10x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x10x10x4xf32>
  %6 = "tfl.average_pool_2d"(%4) {filter_height = 3 : i32, filter_width = 3 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x10x10x3xf32>) -> tensor<1x8x8x3xf32>
  return %1, %3, %5, %6 : tensor<1x4x4x4xf32>, tensor<1x6x6x4xf32>, tensor<1x10x10x4xf32>, tensor<1x8x8x3xf32>
}
