// RUN: litec opt %s --passes=cse
// Identical pure ops and identical constants merge.

// Equal constants merge by data, which makes the ops using them equal too; commutative ops match either order.
// CHECK-LABEL: func.func @merges
// CHECK-NEXT: %[[C:.*]] = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>}
// CHECK-NEXT: %[[A:.*]] = "tfl.add"(%arg0, %[[C]]) {fused_activation_function = "NONE"}
// CHECK-NEXT: %[[M:.*]] = "tfl.mul"(%[[A]], %arg0) {fused_activation_function = "NONE"}
// CHECK-NEXT: return %[[A]], %[[A]], %[[M]], %[[M]]
func.func @merges(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c1 = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %c2 = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.add"(%x, %c1) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.add"(%x, %c2) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = "tfl.mul"(%0, %x) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = "tfl.mul"(%x, %1) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Negative: different attributes, swapped operands of a non-commutative op, constants that differ (including
// 0.0 vs -0.0 and splat vs the same values stored in full), elided constants (their data is unknown) and
// ops with side effects (tfl.custom) never merge.
// CHECK-LABEL: func.func @keeps
// CHECK: "tfl.add"(%arg0, %arg1) {fused_activation_function = "NONE"}
// CHECK: "tfl.add"(%arg0, %arg1) {fused_activation_function = "RELU"}
// CHECK: "tfl.sub"(%arg0, %arg1)
// CHECK: "tfl.sub"(%arg1, %arg0)
// CHECK: dense<0.0> : tensor<2xf32>
// CHECK: dense<-0.0> : tensor<2xf32>
// CHECK: dense<[0.0, 0.0]> : tensor<2xf32>
// CHECK: dense_resource<__elided__> : tensor<20xf32>
// CHECK: dense_resource<__elided__> : tensor<20xf32>
// CHECK: "tfl.custom"
// CHECK: "tfl.custom"
func.func @keeps(%x: tensor<2xf32>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<20xf32>, tensor<20xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = "tfl.add"(%x, %y) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.add"(%x, %y) {fused_activation_function = "RELU"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = "tfl.sub"(%x, %y) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = "tfl.sub"(%y, %x) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %4 = "arith.constant"() {value = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %5 = "arith.constant"() {value = dense<-0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %6 = "arith.constant"() {value = dense<[0.0, 0.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %7 = "arith.constant"() {value = dense_resource<__elided__> : tensor<20xf32>} : () -> tensor<20xf32>
  %8 = "arith.constant"() {value = dense_resource<__elided__> : tensor<20xf32>} : () -> tensor<20xf32>
  %9 = "tfl.custom"(%x) {custom_code = "Stateful"} : (tensor<2xf32>) -> tensor<2xf32>
  %10 = "tfl.custom"(%x) {custom_code = "Stateful"} : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<20xf32>, tensor<20xf32>, tensor<2xf32>, tensor<2xf32>
}
