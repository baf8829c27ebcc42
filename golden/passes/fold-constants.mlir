// RUN: litec opt %s --passes=fold-constants
// Ops whose operands are all constant become constants.

// Shape arithmetic as TF graphs spell it: shape → strided_slice → pack → reshape target.
// CHECK-LABEL: func.func @shape_arithmetic
// CHECK: %[[S:.*]] = "arith.constant"() {value = dense<[2, 48]> : tensor<2xi32>}
// CHECK-NEXT: %[[R:.*]] = "tfl.reshape"(%arg0, %[[S]]) : (tensor<2x4x4x3xf32>, tensor<2xi32>) -> tensor<2x48xf32>
// CHECK-NEXT: return %[[R]]
func.func @shape_arithmetic(%x: tensor<2x4x4x3xf32>) -> tensor<2x48xf32> {
  %b = "arith.constant"() {value = dense<[0]> : tensor<1xi32>} : () -> tensor<1xi32>
  %e = "arith.constant"() {value = dense<[1]> : tensor<1xi32>} : () -> tensor<1xi32>
  %s = "arith.constant"() {value = dense<[1]> : tensor<1xi32>} : () -> tensor<1xi32>
  %rest = "arith.constant"() {value = dense<48> : tensor<i32>} : () -> tensor<i32>
  %0 = "tfl.shape"(%x) : (tensor<2x4x4x3xf32>) -> tensor<4xi32>
  %1 = "tfl.strided_slice"(%0, %b, %e, %s) {shrink_axis_mask = 1 : i32} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<i32>
  %2 = "tfl.pack"(%1, %rest) {axis = 0 : i32, values_count = 2 : i32} : (tensor<i32>, tensor<i32>) -> tensor<2xi32>
  %3 = "tfl.reshape"(%x, %2) : (tensor<2x4x4x3xf32>, tensor<2xi32>) -> tensor<2x48xf32>
  return %3 : tensor<2x48xf32>
}

// -----

// Arithmetic through fold hooks and data movement through the pass's evaluators.
// CHECK-LABEL: func.func @data_movement
// CHECK-DAG: "arith.constant"() {value = dense<[11.0, 22.0]> : tensor<2xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<{{\[\[}}1.0, 3.0], [2.0, 4.0]]> : tensor<2x2xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<[1.0, 2.0, 10.0, 20.0]> : tensor<4xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<[3, -2]> : tensor<2xi32>}
// CHECK-DAG: "arith.constant"() {value = dense<[20.0, 1.0]> : tensor<2xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<{{\[\[}}0.0, 0.0, 0.0], [0.0, 1.0, 2.0]]> : tensor<2x3xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<{{\[\[}}1.0, 2.0]]> : tensor<1x2xf32>}
// CHECK-NOT: "tfl.
// CHECK: return
func.func @data_movement() -> (tensor<2xf32>, tensor<2x2xf32>, tensor<4xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2x3xf32>, tensor<1x2xf32>) {
  %a = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %c = "arith.constant"() {value = dense<[10.0, 20.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %m = "arith.constant"() {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %perm = "arith.constant"() {value = dense<[1, 0]> : tensor<2xi32>} : () -> tensor<2xi32>
  %f = "arith.constant"() {value = dense<[3.7, -2.9]> : tensor<2xf32>} : () -> tensor<2xf32>
  %idx = "arith.constant"() {value = dense<[3, 0]> : tensor<2xi32>} : () -> tensor<2xi32>
  %pads = "arith.constant"() {value = dense<[[1, 0], [1, 0]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %row = "arith.constant"() {value = dense<[[0.0, 1.0, 2.0]]> : tensor<1x3xf32>} : () -> tensor<1x3xf32>
  %zero = "arith.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %sb = "arith.constant"() {value = dense<[0, 1]> : tensor<2xi32>} : () -> tensor<2xi32>
  %se = "arith.constant"() {value = dense<[0, 0]> : tensor<2xi32>} : () -> tensor<2xi32>
  %ss = "arith.constant"() {value = dense<[1, 1]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.add"(%a, %c) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.transpose"(%m, %perm) : (tensor<2x2xf32>, tensor<2xi32>) -> tensor<2x2xf32>
  %2 = "tfl.concatenation"(%a, %c) {axis = 0 : i32, fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  %3 = "tfl.cast"(%f) : (tensor<2xf32>) -> tensor<2xi32>
  %4 = "tfl.gather"(%2, %idx) {axis = 0 : i32} : (tensor<4xf32>, tensor<2xi32>) -> tensor<2xf32>
  %5 = "tfl.pad"(%row, %pads) : (tensor<1x3xf32>, tensor<2x2xi32>) -> tensor<2x4xf32>
  %6 = "tfl.strided_slice"(%5, %sb, %se, %ss) {begin_mask = 1 : i32, end_mask = 3 : i32} : (tensor<2x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<2x3xf32>
  %7 = "tfl.expand_dims"(%a, %zero) : (tensor<2xf32>, tensor<i32>) -> tensor<1x2xf32>
  return %0, %1, %2, %3, %4, %6, %7 : tensor<2xf32>, tensor<2x2xf32>, tensor<4xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2x3xf32>, tensor<1x2xf32>
}

// -----

// Ops with a non-constant operand and constants whose data was not printed (elided) are left alone. An op without a
// fold hook (conv) is evaluated by the reference interpreter, which `litec opt` provides as the constant evaluator.
// CHECK-LABEL: func.func @not_constant
// CHECK: "tfl.add"(%arg0,
// CHECK-NOT: "tfl.conv_2d"
// CHECK: dense<[[[[1.0]]]]> : tensor<1x1x1x1xf32>
// CHECK: "tfl.transpose"
func.func @not_constant(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<1x1x1x1xf32>, tensor<4x5xf32>) {
  %a = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %i = "arith.constant"() {value = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %big = "arith.constant"() {value = dense_resource<__elided__> : tensor<5x4xf32>} : () -> tensor<5x4xf32>
  %perm = "arith.constant"() {value = dense<[1, 0]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.add"(%x, %a) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.conv_2d"(%i, %i) {fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %2 = "tfl.transpose"(%big, %perm) : (tensor<5x4xf32>, tensor<2xi32>) -> tensor<4x5xf32>
  return %0, %1, %2 : tensor<2xf32>, tensor<1x1x1x1xf32>, tensor<4x5xf32>
}
