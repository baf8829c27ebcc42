// RUN: litec opt %s --passes=remove-squeeze-excite --debug-patterns 2>&1
// Squeeze-and-excite blocks go (x * gate(x) → x), with a warning: the model computes something else afterwards.

// The EfficientNet-B0 spelling: mean(keep_dims) → 1x1 conv → swish → 1x1 conv → logistic → mul.
// CHECK-LABEL: func.func @efficientnet_se
// CHECK-NOT: tfl.mean
// CHECK-NOT: tfl.logistic
// CHECK-NOT: tfl.mul
// CHECK-NOT: tfl.conv_2d
// CHECK-NOT: arith.constant
// CHECK: return %arg0
// CHECK: warning LC4101: removed 1 squeeze-and-excite block; this changes the model's outputs
// CHECK: remove-squeeze-excite: se-blocks-removed = 1
func.func @efficientnet_se(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %axes = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %wr = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x8xf32>} : () -> tensor<2x1x1x8xf32>
  %br = "arith.constant"() {value = dense<0.1> : tensor<2xf32>} : () -> tensor<2xf32>
  %we = "arith.constant"() {value = dense<0.25> : tensor<8x1x1x2xf32>} : () -> tensor<8x1x1x2xf32>
  %be = "arith.constant"() {value = dense<0.2> : tensor<8xf32>} : () -> tensor<8xf32>
  %0 = "tfl.mean"(%x, %axes) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  %1 = "tfl.conv_2d"(%0, %wr, %br) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x8xf32>, tensor<2x1x1x8xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  %2 = "tfl.logistic"(%1) : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %3 = "tfl.mul"(%1, %2) {fused_activation_function = "NONE"} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %4 = "tfl.conv_2d"(%3, %we, %be) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x2xf32>, tensor<8x1x1x2xf32>, tensor<8xf32>) -> tensor<1x1x1x8xf32>
  %5 = "tfl.logistic"(%4) : (tensor<1x1x1x8xf32>) -> tensor<1x1x1x8xf32>
  %6 = "tfl.mul"(%x, %5) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  return %6 : tensor<1x4x4x8xf32>
}

// -----

// Other spellings: mean without keep_dims → fully_connected → relu → fully_connected → logistic → reshape, gate on
// the left; and average_pool_2d → conv with fused RELU6 → conv → hard sigmoid (add 3 with RELU6, mul 1/6). Other
// ops (the relu after the block) are untouched.
// CHECK-LABEL: func.func @other_spellings
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%arg0)
// CHECK-NEXT: return %[[R]]
// CHECK: warning LC4101: removed 2 squeeze-and-excite blocks; this changes the model's outputs
// CHECK: remove-squeeze-excite: se-blocks-removed = 2
func.func @other_spellings(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %axes = "arith.constant"() {value = dense<[-3, -2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %shape = "arith.constant"() {value = dense<[1, 1, 1, 8]> : tensor<4xi32>} : () -> tensor<4xi32>
  %fr = "arith.constant"() {value = dense<0.5> : tensor<2x8xf32>} : () -> tensor<2x8xf32>
  %fe = "arith.constant"() {value = dense<0.5> : tensor<8x2xf32>} : () -> tensor<8x2xf32>
  %wr = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x8xf32>} : () -> tensor<2x1x1x8xf32>
  %we = "arith.constant"() {value = dense<0.25> : tensor<8x1x1x2xf32>} : () -> tensor<8x1x1x2xf32>
  %three = "arith.constant"() {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>
  %sixth = "arith.constant"() {value = dense<0.16666667> : tensor<f32>} : () -> tensor<f32>
  %0 = "tfl.mean"(%x, %axes) {keep_dims = false} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x8xf32>
  %1 = "tfl.fully_connected"(%0, %fr) {fused_activation_function = "NONE"} : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<1x2xf32>
  %2 = "tfl.relu"(%1) : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %3 = "tfl.fully_connected"(%2, %fe) {fused_activation_function = "NONE"} : (tensor<1x2xf32>, tensor<8x2xf32>) -> tensor<1x8xf32>
  %4 = "tfl.logistic"(%3) : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %5 = "tfl.reshape"(%4, %shape) : (tensor<1x8xf32>, tensor<4xi32>) -> tensor<1x1x1x8xf32>
  %6 = "tfl.mul"(%5, %x) {fused_activation_function = "NONE"} : (tensor<1x1x1x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %7 = "tfl.average_pool_2d"(%6) {filter_height = 4 : i32, filter_width = 4 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x8xf32>) -> tensor<1x1x1x8xf32>
  %8 = "tfl.conv_2d"(%7, %wr) {fused_activation_function = "RELU6", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x8xf32>, tensor<2x1x1x8xf32>) -> tensor<1x1x1x2xf32>
  %9 = "tfl.conv_2d"(%8, %we) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x1x1x8xf32>
  %10 = "tfl.add"(%9, %three) {fused_activation_function = "RELU6"} : (tensor<1x1x1x8xf32>, tensor<f32>) -> tensor<1x1x1x8xf32>
  %11 = "tfl.mul"(%10, %sixth) {fused_activation_function = "NONE"} : (tensor<1x1x1x8xf32>, tensor<f32>) -> tensor<1x1x1x8xf32>
  %12 = "tfl.mul"(%6, %11) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %13 = "tfl.relu"(%12) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %13 : tensor<1x4x4x8xf32>
}

// -----

// Negative: a mul by a gate that is no SE branch (swish: x * logistic(x)), an SE whose pooled value has another user,
// and a gate computed from another tensor (pooled from y, multiplying x). Nothing is removed and nothing warns.
// CHECK-LABEL: func.func @not_squeeze_excite
// CHECK: %[[S:.*]] = "tfl.mul"(%arg0, %{{.*}})
// CHECK: %[[P:.*]] = "tfl.mean"(%[[S]],
// CHECK: "tfl.mul"(%[[S]],
// CHECK: %[[Q:.*]] = "tfl.mean"(%arg1,
// CHECK: "tfl.mul"(%[[S]],
// CHECK: return {{.*}} %[[P]]
// CHECK-NOT: warning
// CHECK: remove-squeeze-excite: se-blocks-removed = 0
func.func @not_squeeze_excite(%x: tensor<1x4x4x8xf32>, %y: tensor<1x4x4x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) {
  %axes = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %wr = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x8xf32>} : () -> tensor<2x1x1x8xf32>
  %we = "arith.constant"() {value = dense<0.25> : tensor<8x1x1x2xf32>} : () -> tensor<8x1x1x2xf32>
  %g = "tfl.logistic"(%x) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %s = "tfl.mul"(%x, %g) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %0 = "tfl.mean"(%s, %axes) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  %1 = "tfl.conv_2d"(%0, %wr) {fused_activation_function = "RELU", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x8xf32>, tensor<2x1x1x8xf32>) -> tensor<1x1x1x2xf32>
  %2 = "tfl.conv_2d"(%1, %we) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x1x1x8xf32>
  %3 = "tfl.logistic"(%2) : (tensor<1x1x1x8xf32>) -> tensor<1x1x1x8xf32>
  %4 = "tfl.mul"(%s, %3) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %5 = "tfl.mean"(%y, %axes) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  %6 = "tfl.conv_2d"(%5, %wr) {fused_activation_function = "RELU", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x8xf32>, tensor<2x1x1x8xf32>) -> tensor<1x1x1x2xf32>
  %7 = "tfl.conv_2d"(%6, %we) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x1x1x8xf32>
  %8 = "tfl.logistic"(%7) : (tensor<1x1x1x8xf32>) -> tensor<1x1x1x8xf32>
  %9 = "tfl.mul"(%s, %8) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  return %4, %9, %0 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>
}
