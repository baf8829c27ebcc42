// RUN: litec opt %s --passes=mean-to-avgpool
// mean over H and W becomes an average_pool_2d over the whole image (plus a reshape without keep_dims).

// CHECK-LABEL: func.func @keep_dims
// CHECK-NEXT: %[[P:.*]] = "tfl.average_pool_2d"(%arg0) {filter_height = 7 : i32, filter_width = 5 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x7x5x8xf32>) -> tensor<1x1x1x8xf32>
// CHECK-NEXT: return %[[P]]
func.func @keep_dims(%x: tensor<1x7x5x8xf32>) -> tensor<1x1x1x8xf32> {
  %axes = "arith.constant"() {value = dense<[2, 1]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.mean"(%x, %axes) {keep_dims = true} : (tensor<1x7x5x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  return %0 : tensor<1x1x1x8xf32>
}

// -----

// CHECK-LABEL: func.func @no_keep_dims
// CHECK: %[[P:.*]] = "tfl.average_pool_2d"(%arg0) {filter_height = 4 : i32, filter_width = 4 : i32
// CHECK: %[[S:.*]] = "arith.constant"() {value = dense<[2, 8]> : tensor<2xi32>}
// CHECK: %[[R:.*]] = "tfl.reshape"(%[[P]], %[[S]]) : (tensor<2x1x1x8xf32>, tensor<2xi32>) -> tensor<2x8xf32>
// CHECK: return %[[R]]
func.func @no_keep_dims(%x: tensor<2x4x4x8xf32>) -> tensor<2x8xf32> {
  %axes = "arith.constant"() {value = dense<[-3, -2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.mean"(%x, %axes) {keep_dims = false} : (tensor<2x4x4x8xf32>, tensor<2xi32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// keep-dims-only=true leaves the mean that would need a reshape; max-window=16 leaves the 5x5 one.
// RUN: litec opt %s '--passes=mean-to-avgpool{keep-dims-only=true max-window=16}'
// CHECK-LABEL: func.func @options
// CHECK: "tfl.mean"(%arg0, {{.*}}) {keep_dims = false}
// CHECK: "tfl.mean"(%arg1, {{.*}}) {keep_dims = true}
// CHECK: "tfl.average_pool_2d"(%arg0) {filter_height = 4 : i32, filter_width = 4 : i32
func.func @options(%x: tensor<1x4x4x8xf32>, %y: tensor<1x5x5x8xf32>) -> (tensor<1x8xf32>, tensor<1x1x1x8xf32>, tensor<1x1x1x8xf32>) {
  %axes = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.mean"(%x, %axes) {keep_dims = false} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x8xf32>
  %1 = "tfl.mean"(%y, %axes) {keep_dims = true} : (tensor<1x5x5x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  %2 = "tfl.mean"(%x, %axes) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  return %0, %1, %2 : tensor<1x8xf32>, tensor<1x1x1x8xf32>, tensor<1x1x1x8xf32>
}

// -----

// Negative: a mean over other axes, over a rank-3 tensor, and over a dynamic H stays.
// CHECK-LABEL: func.func @not_spatial
// CHECK-NOT: tfl.average_pool_2d
// CHECK: "tfl.mean"
// CHECK: "tfl.mean"
// CHECK: "tfl.mean"
func.func @not_spatial(%x: tensor<1x4x4x8xf32>, %y: tensor<4x4x8xf32>, %z: tensor<1x?x4x8xf32>) -> (tensor<1x4x1x1xf32>, tensor<1x1x8xf32>, tensor<1x1x1x8xf32>) {
  %a = "arith.constant"() {value = dense<[2, 3]> : tensor<2xi32>} : () -> tensor<2xi32>
  %b = "arith.constant"() {value = dense<[0, 1]> : tensor<2xi32>} : () -> tensor<2xi32>
  %c = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.mean"(%x, %a) {keep_dims = true} : (tensor<1x4x4x8xf32>, tensor<2xi32>) -> tensor<1x4x1x1xf32>
  %1 = "tfl.mean"(%y, %b) {keep_dims = true} : (tensor<4x4x8xf32>, tensor<2xi32>) -> tensor<1x1x8xf32>
  %2 = "tfl.mean"(%z, %c) {keep_dims = true} : (tensor<1x?x4x8xf32>, tensor<2xi32>) -> tensor<1x1x1x8xf32>
  return %0, %1, %2 : tensor<1x4x1x1xf32>, tensor<1x1x8xf32>, tensor<1x1x1x8xf32>
}
