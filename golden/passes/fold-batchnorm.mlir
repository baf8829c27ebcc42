// RUN: litec opt %s --passes=fold-batchnorm
// Batch norm as legalize-tf emits it (mul + add by per-channel constants) folds into the conv's filter and bias.

// CHECK-LABEL: func.func @conv_mul_add
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}1.0, 1.0, 1.0]]], {{\[\[\[}}0.25, 0.25, 0.25]]], {{\[\[\[}}-0.5, -0.5, -0.5]]], {{\[\[\[}}2.0, 2.0, 2.0]]]]> : tensor<4x1x1x3xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[2.25, 1.5, -2.0, 14.0]> : tensor<4xf32>}
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, %[[W]], %[[B]]) {fused_activation_function = "NONE", padding = "SAME"
// CHECK-NOT: tfl.mul
// CHECK-NOT: tfl.add
// CHECK: return %[[C]]
func.func @conv_mul_add(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x4xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<4x1x1x3xf32>} : () -> tensor<4x1x1x3xf32>
  %b = "arith.constant"() {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %s = "arith.constant"() {value = dense<[2.0, 0.5, -1.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %t = "arith.constant"() {value = dense<[[[[0.25, 0.5, 1.0, -2.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %0 = "tfl.conv_2d"(%x, %w, %b) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x8x8x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x8x8x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %2 = "tfl.add"(%1, %t) {fused_activation_function = "NONE"} : (tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %2 : tensor<1x8x8x4xf32>
}

// -----

// Depthwise filters scale along axis 3; a conv without a bias gets one; constants on the left work too, and the
// add's fused activation moves to the conv.
// CHECK-LABEL: func.func @depthwise_no_bias
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}2.0, -3.0]]]]> : tensor<1x1x1x2xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[0.5, 1.5]> : tensor<2xf32>}
// CHECK: %[[C:.*]] = "tfl.depthwise_conv_2d"(%arg0, %[[W]], %[[B]]) {depth_multiplier = 1 : i32, fused_activation_function = "RELU6"
// CHECK-NEXT: return %[[C]]
func.func @depthwise_no_bias(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "arith.constant"() {value = dense<[[[[1.0, 1.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %s = "arith.constant"() {value = dense<[2.0, -3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[0.5, 1.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.depthwise_conv_2d"(%x, %w) {depth_multiplier = 1 : i32, fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%s, %0) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.add"(%1, %t) {fused_activation_function = "RELU6"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

// fully_connected: filter [out, in] scales along axis 0; sub by a constant is a negative offset.
// CHECK-LABEL: func.func @fully_connected
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[}}3.0, 6.0], [-1.0, -2.0]]> : tensor<2x2xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[2.0, -3.0]> : tensor<2xf32>}
// CHECK: %[[F:.*]] = "tfl.fully_connected"(%arg0, %[[W]], %[[B]])
// CHECK-NEXT: return %[[F]]
func.func @fully_connected(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = "arith.constant"() {value = dense<[[1.0, 2.0], [1.0, 2.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %b = "arith.constant"() {value = dense<[1.0, 1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %s = "arith.constant"() {value = dense<[3.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.fully_connected"(%x, %w, %b) {fused_activation_function = "NONE"} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %2 = "tfl.sub"(%1, %t) {fused_activation_function = "NONE"} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}

// -----

// Negative: the conv result has another user, so the unscaled conv is still needed.
// CHECK-LABEL: func.func @conv_two_users
// CHECK: %[[C:.*]] = "tfl.conv_2d"
// CHECK: "tfl.mul"(%[[C]],
// CHECK: "tfl.add"
// CHECK: return {{.*}}, %[[C]]
func.func @conv_two_users(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %s = "arith.constant"() {value = dense<[2.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.add"(%1, %t) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %2, %0 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Negative: the conv already has a fused activation; the scale comes after the clamp and cannot move inside it.
// CHECK-LABEL: func.func @conv_with_relu
// CHECK: "tfl.conv_2d"{{.*}}fused_activation_function = "RELU"
// CHECK: "tfl.mul"
func.func @conv_with_relu(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %s = "arith.constant"() {value = dense<[2.0, -3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "RELU", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Negative: a standalone batch norm (no conv next to it) stays mul + add.
// CHECK-LABEL: func.func @standalone_batchnorm
// CHECK: %[[M:.*]] = "tfl.mul"(%arg0,
// CHECK: %[[A:.*]] = "tfl.add"(%[[M]],
// CHECK: "tfl.relu"(%[[A]])
func.func @standalone_batchnorm(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %s = "arith.constant"() {value = dense<[2.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.mul"(%x, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.add"(%0, %t) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.relu"(%1) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

// Negative: the constant varies along W, not per channel.
// CHECK-LABEL: func.func @not_per_channel
// CHECK: "tfl.conv_2d"
// CHECK: "tfl.mul"
func.func @not_per_channel(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %s = "arith.constant"() {value = dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>} : () -> tensor<4x1xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<4x1xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// A shared filter is never changed in place: the folded conv gets a new constant, the other conv keeps the old one.
// CHECK-LABEL: func.func @shared_filter
// CHECK-DAG: %[[OLD:.*]] = "arith.constant"() {value = dense<1.0> : tensor<2x1x1x2xf32>}
// CHECK-DAG: %[[NEW:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}2.0, 2.0]]], {{\[\[\[}}3.0, 3.0]]]]> : tensor<2x1x1x2xf32>}
// CHECK-DAG: "tfl.conv_2d"(%arg0, %[[OLD]])
// CHECK-DAG: "tfl.conv_2d"(%arg1, %[[NEW]])
// CHECK-NOT: tfl.mul
func.func @shared_filter(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "arith.constant"() {value = dense<1.0> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %s = "arith.constant"() {value = dense<[2.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.conv_2d"(%y, %w) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.mul"(%1, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %0, %2 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Before a conv: a per-input-channel scale folds into the filter's input axis (safe with SAME padding: 0 * s = 0),
// and an offset folds into the bias as sum(W * t) when the conv pads nothing (VALID).
// CHECK-LABEL: func.func @affine_before_valid_conv
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}2.0, -1.0], [2.0, -1.0]]]]> : tensor<1x1x2x2xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[4.0]> : tensor<1xf32>}
// CHECK: "tfl.conv_2d"(%arg0, %[[W]], %[[B]]) {fused_activation_function = "NONE", padding = "VALID"
// CHECK-NOT: tfl.mul
// CHECK-NOT: tfl.add
func.func @affine_before_valid_conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x3x1xf32> {
  %w = "arith.constant"() {value = dense<1.0> : tensor<1x1x2x2xf32>} : () -> tensor<1x1x2x2xf32>
  %b = "arith.constant"() {value = dense<1.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %s = "arith.constant"() {value = dense<[2.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.mul"(%x, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.add"(%0, %t) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.conv_2d"(%1, %w, %b) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x4x3x1xf32>
  return %2 : tensor<1x4x3x1xf32>
}

// -----

// Negative: an offset before a SAME-padded 3x3 conv stays, because the border windows read padding zeros where
// the offset never reached: conv(pad0(x + t)) != conv(pad0(x)) + W·t.
// CHECK-LABEL: func.func @offset_before_same_conv
// CHECK: %[[A:.*]] = "tfl.add"(%arg0,
// CHECK: "tfl.conv_2d"(%[[A]],
func.func @offset_before_same_conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x1xf32> {
  %w = "arith.constant"() {value = dense<1.0> : tensor<1x3x3x2xf32>} : () -> tensor<1x3x3x2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.add"(%x, %t) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.conv_2d"(%0, %w) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x4x4x1xf32>
  return %1 : tensor<1x4x4x1xf32>
}

// -----

// Keras's Conv-ReLU-BN-MaxPool: the batch norm cannot fold into the conv above (the relu comes first), so it moves
// below the max pool (scale > 0 commutes with max) and folds into the next conv: filter scaled per input channel,
// bias + sum(W * t) = 2.0 + 1.0 + 0.5.
// CHECK-LABEL: func.func @relu_bn_maxpool_conv
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, {{.*}} {fused_activation_function = "RELU"
// CHECK: %[[P:.*]] = "tfl.max_pool_2d"(%[[C]])
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}2.0, 4.0]]]]> : tensor<1x1x1x2xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[3.5]> : tensor<1xf32>}
// CHECK: "tfl.conv_2d"(%[[P]], %[[W]], %[[B]])
// CHECK-NOT: tfl.mul
// CHECK-NOT: tfl.add
func.func @relu_bn_maxpool_conv(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %w = "arith.constant"() {value = dense<1.0> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %s = "arith.constant"() {value = dense<[2.0, 4.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %w2 = "arith.constant"() {value = dense<1.0> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b2 = "arith.constant"() {value = dense<2.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "RELU", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.add"(%1, %t) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.max_pool_2d"(%2) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = "tfl.conv_2d"(%3, %w2, %b2) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %4 : tensor<1x2x2x1xf32>
}

// -----

// Negative: a negative scale turns max into min, so the mul stays above the max pool; the offset still moves down
// and folds into the next conv's bias (2.0 + 1.0 + 0.5).
// CHECK-LABEL: func.func @negative_scale_stays_above_maxpool
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0,
// CHECK: %[[M:.*]] = "tfl.mul"(%[[C]],
// CHECK: %[[P:.*]] = "tfl.max_pool_2d"(%[[M]])
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[3.5]> : tensor<1xf32>}
// CHECK: "tfl.conv_2d"(%[[P]], {{.*}}, %[[B]])
// CHECK-NOT: tfl.add
func.func @negative_scale_stays_above_maxpool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %w = "arith.constant"() {value = dense<1.0> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %s = "arith.constant"() {value = dense<[2.0, -4.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %w2 = "arith.constant"() {value = dense<1.0> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b2 = "arith.constant"() {value = dense<2.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "RELU", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.add"(%1, %t) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.max_pool_2d"(%2) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = "tfl.conv_2d"(%3, %w2, %b2) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %4 : tensor<1x2x2x1xf32>
}

// -----

// Conv-ReLU-BN-Flatten-Dense: Flatten keeps channels innermost, so the batch norm moves below it with its constants
// tiled ([2, 3] → [2, 3, 2, 3]) and folds into the dense layer: bias sum(W * [1, 0.5, 1, 0.5]) = 3.
// CHECK-LABEL: func.func @relu_bn_flatten_dense
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0,
// CHECK: %[[R:.*]] = "tfl.reshape"(%[[C]],
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[}}2.0, 3.0, 2.0, 3.0]]> : tensor<1x4xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[3.0]> : tensor<1xf32>}
// CHECK: "tfl.fully_connected"(%[[R]], %[[W]], %[[B]])
// CHECK-NOT: tfl.mul
// CHECK-NOT: tfl.add
func.func @relu_bn_flatten_dense(%x: tensor<1x2x1x1xf32>) -> tensor<1x1xf32> {
  %w = "arith.constant"() {value = dense<1.0> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %s = "arith.constant"() {value = dense<[2.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %t = "arith.constant"() {value = dense<[1.0, 0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %shape = "arith.constant"() {value = dense<[1, 4]> : tensor<2xi32>} : () -> tensor<2xi32>
  %fw = "arith.constant"() {value = dense<1.0> : tensor<1x4xf32>} : () -> tensor<1x4xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "RELU", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x2x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x2xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  %2 = "tfl.add"(%1, %t) {fused_activation_function = "NONE"} : (tensor<1x2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  %3 = "tfl.reshape"(%2, %shape) : (tensor<1x2x1x2xf32>, tensor<2xi32>) -> tensor<1x4xf32>
  %4 = "tfl.fully_connected"(%3, %fw) {fused_activation_function = "NONE"} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
  return %4 : tensor<1x1xf32>
}

// -----

// Negative: a reshape whose last axis (2) is not a multiple of the channels (3) mixes channels within a row, so the
// scale cannot be tiled and stays above it.
// CHECK-LABEL: func.func @reshape_mixes_channels
// CHECK: %[[M:.*]] = "tfl.mul"
// CHECK: "tfl.reshape"(%[[M]],
// CHECK: "tfl.fully_connected"
func.func @reshape_mixes_channels(%x: tensor<1x2x2x3xf32>) -> tensor<6x1xf32> {
  %s = "arith.constant"() {value = dense<[2.0, 3.0, 4.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %shape = "arith.constant"() {value = dense<[6, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %fw = "arith.constant"() {value = dense<1.0> : tensor<1x2xf32>} : () -> tensor<1x2xf32>
  %0 = "tfl.relu"(%x) : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %1 = "tfl.mul"(%0, %s) {fused_activation_function = "NONE"} : (tensor<1x2x2x3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  %2 = "tfl.reshape"(%1, %shape) : (tensor<1x2x2x3xf32>, tensor<2xi32>) -> tensor<6x2xf32>
  %3 = "tfl.fully_connected"(%2, %fw) {fused_activation_function = "NONE"} : (tensor<6x2xf32>, tensor<1x2xf32>) -> tensor<6x1xf32>
  return %3 : tensor<6x1xf32>
}
