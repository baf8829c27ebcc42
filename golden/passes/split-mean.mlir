// RUN: litec opt %s --passes=split-mean
// A mean over H and/or W and other axes becomes a mean over the H/W part and then a mean over the rest (renumbered
// when keep_dims is false).

// CHECK-LABEL: func.func @hwc
// CHECK: %[[S:.*]] = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>}
// CHECK-NEXT: %[[P:.*]] = "tfl.mean"(%arg0, %[[S]]) {keep_dims = false} : (tensor<1x6x5x8xf32>, tensor<2xi32>) -> tensor<1x8xf32>
// CHECK-NEXT: %[[R:.*]] = "arith.constant"() {value = dense<[1]> : tensor<1xi32>}
// CHECK-NEXT: %[[M:.*]] = "tfl.mean"(%[[P]], %[[R]]) {keep_dims = false} : (tensor<1x8xf32>, tensor<1xi32>) -> tensor<1xf32>
// CHECK-NEXT: return %[[M]]
func.func @hwc(%x: tensor<1x6x5x8xf32>) -> tensor<1xf32> {
  %axes = "arith.constant"() {value = dense<[3, 1, 2]> : tensor<3xi32>} : () -> tensor<3xi32>
  %0 = "tfl.mean"(%x, %axes) {keep_dims = false} : (tensor<1x6x5x8xf32>, tensor<3xi32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// keep_dims = true carries over; negative and repeated axes are normalized; H alone is a spatial part too.
// CHECK-LABEL: func.func @keep_dims
// CHECK: "tfl.mean"(%arg0, {{.*}}) {keep_dims = true} : (tensor<2x4x4x3xf32>, tensor<2xi32>) -> tensor<2x1x1x3xf32>
// CHECK: %[[B:.*]] = "arith.constant"() {value = dense<[0]> : tensor<1xi32>}
// CHECK-NEXT: "tfl.mean"({{.*}}, %[[B]]) {keep_dims = true} : (tensor<2x1x1x3xf32>, tensor<1xi32>) -> tensor<1x1x1x3xf32>
// CHECK: %[[H:.*]] = "arith.constant"() {value = dense<[1]> : tensor<1xi32>}
// CHECK-NEXT: "tfl.mean"(%arg0, %[[H]]) {keep_dims = false} : (tensor<2x4x4x3xf32>, tensor<1xi32>) -> tensor<2x4x3xf32>
// CHECK: %[[C:.*]] = "arith.constant"() {value = dense<[2]> : tensor<1xi32>}
// CHECK-NEXT: "tfl.mean"({{.*}}, %[[C]]) {keep_dims = false} : (tensor<2x4x3xf32>, tensor<1xi32>) -> tensor<2x4xf32>
func.func @keep_dims(%x: tensor<2x4x4x3xf32>) -> (tensor<1x1x1x3xf32>, tensor<2x4xf32>) {
  %a = "arith.constant"() {value = dense<[-2, 0, 1, 2]> : tensor<4xi32>} : () -> tensor<4xi32>
  %b = "arith.constant"() {value = dense<[-1, 1]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.mean"(%x, %a) {keep_dims = true} : (tensor<2x4x4x3xf32>, tensor<4xi32>) -> tensor<1x1x1x3xf32>
  %1 = "tfl.mean"(%x, %b) {keep_dims = false} : (tensor<2x4x4x3xf32>, tensor<2xi32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<1x1x1x3xf32>, tensor<2x4xf32>
}

// -----

// Negative: only H/W (already maps), only other axes, a dynamic shape, rank 3, non-constant axes and a quantized
// mean stay as they are.
// CHECK-LABEL: func.func @not_split
// CHECK: "tfl.mean"(%arg0, %0)
// CHECK-NEXT: "tfl.mean"(%arg0, %1)
// CHECK-NEXT: "tfl.mean"(%arg1, %2)
// CHECK-NEXT: "tfl.mean"(%arg2, %3)
// CHECK-NEXT: "tfl.mean"(%arg0, %arg3)
// CHECK-NEXT: "tfl.mean"(%arg4, %2)
// CHECK-NOT: "tfl.mean"
func.func @not_split(%x: tensor<1x4x4x8xf32>, %d: tensor<1x?x4x8xf32>, %r: tensor<4x4x8xf32>, %ax: tensor<3xi32>, %q: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>>) -> (tensor<1x1x1x8xf32>, tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-3>>) {
  %hw = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %c = "arith.constant"() {value = dense<[3]> : tensor<1xi32>} : () -> tensor<1xi32>
  %all = "arith.constant"() {value = dense<[1, 2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
  %all3 = "arith.constant"() {value = dense<[0, 1, 2]> : tensor<3xi32>} : () -> tensor<3xi32>
  %0 = "tfl.mean"(%x, %hw) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  %1 = "tfl.mean"(%x, %c) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<1xi32>) -> tensor<1x4x4x1xf32>
  %2 = "tfl.mean"(%d, %all) {keep_dims = true} : (tensor<1x?x4x8xf32>, tensor<3xi32>) -> tensor<1x1x1x1xf32>
  %3 = "tfl.mean"(%r, %all3) {keep_dims = true} : (tensor<4x4x8xf32>, tensor<3xi32>) -> tensor<1x1x1xf32>
  %4 = "tfl.mean"(%x, %ax) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<3xi32>) -> tensor<1x1x1x1xf32>
  %5 = "tfl.mean"(%q, %all) {keep_dims = true} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>>, tensor<3xi32>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-3>>
  return %0, %1, %2, %3, %4, %5 : tensor<1x1x1x8xf32>, tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-3>>
}
