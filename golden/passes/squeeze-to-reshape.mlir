// RUN: litec opt %s --passes=squeeze-to-reshape
// squeeze and expand_dims with static shapes become a reshape to the same result shape (a constant i32 new-shape operand).

// CHECK-LABEL: func.func @squeeze
// CHECK-NEXT: %[[S:.*]] = "arith.constant"() {value = dense<[1, 8]> : tensor<2xi32>}
// CHECK-NEXT: %[[R:.*]] = "tfl.reshape"(%arg0, %[[S]]) : (tensor<1x1x1x8xf32>, tensor<2xi32>) -> tensor<1x8xf32>
// CHECK-NEXT: return %[[R]]
func.func @squeeze(%x: tensor<1x1x1x8xf32>) -> tensor<1x8xf32> {
  %0 = "tfl.squeeze"(%x) {squeeze_dims = [1, 2]} : (tensor<1x1x1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// No squeeze_dims (every 1 goes), expand_dims at a negative axis, and a quantized squeeze (the type is kept).
// CHECK-LABEL: func.func @more
// CHECK-NOT: tfl.squeeze
// CHECK-NOT: tfl.expand_dims
// CHECK: %[[A:.*]] = "arith.constant"() {value = dense<[5, 3]> : tensor<2xi32>}
// CHECK-NEXT: "tfl.reshape"(%arg0, %[[A]]) : (tensor<1x5x1x3xf32>, tensor<2xi32>) -> tensor<5x3xf32>
// CHECK: %[[B:.*]] = "arith.constant"() {value = dense<[2, 3, 1]> : tensor<3xi32>}
// CHECK-NEXT: "tfl.reshape"(%arg1, %[[B]]) : (tensor<2x3xf32>, tensor<3xi32>) -> tensor<2x3x1xf32>
// CHECK: %[[C:.*]] = "arith.constant"() {value = dense<[4]> : tensor<1xi32>}
// CHECK-NEXT: "tfl.reshape"(%arg2, %[[C]]) : (tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1xi32>) -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
func.func @more(%x: tensor<1x5x1x3xf32>, %y: tensor<2x3xf32>, %q: tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>) -> (tensor<5x3xf32>, tensor<2x3x1xf32>, tensor<4x!quant.uniform<i8:f32, 0.05:-3>>) {
  %d = "arith.constant"() {value = dense<-1> : tensor<i32>} : () -> tensor<i32>
  %0 = "tfl.squeeze"(%x) : (tensor<1x5x1x3xf32>) -> tensor<5x3xf32>
  %1 = "tfl.expand_dims"(%y, %d) : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3x1xf32>
  %2 = "tfl.squeeze"(%q) {squeeze_dims = [0]} : (tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
  return %0, %1, %2 : tensor<5x3xf32>, tensor<2x3x1xf32>, tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// Negative: a dynamic dimension and a scalar result stay.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: tfl.reshape
// CHECK: "tfl.squeeze"(%arg0)
// CHECK: "tfl.expand_dims"(%arg0
// CHECK: "tfl.squeeze"(%arg1)
func.func @unchanged(%x: tensor<?x1x8xf32>, %s: tensor<1x1xf32>) -> (tensor<?x8xf32>, tensor<?x1x1x8xf32>, tensor<f32>) {
  %d = "arith.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
  %0 = "tfl.squeeze"(%x) {squeeze_dims = [1]} : (tensor<?x1x8xf32>) -> tensor<?x8xf32>
  %1 = "tfl.expand_dims"(%x, %d) : (tensor<?x1x8xf32>, tensor<i32>) -> tensor<?x1x1x8xf32>
  %2 = "tfl.squeeze"(%s) : (tensor<1x1xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<?x8xf32>, tensor<?x1x1x8xf32>, tensor<f32>
}
