// RUN: litec opt %s --passes=canonicalize
// canonicalize folds constant ops, removes identities (x+0, x*1, x-0, x/1) and dead ops, and shortens
// reshape/transpose/squeeze chains.

// Identity operands go, whichever side the constant is on (mul is commutative; sub and div only on the right).
// CHECK-LABEL: func.func @identities
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%arg0)
// CHECK-NEXT: return %[[R]]
func.func @identities(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "arith.constant"() {value = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %one = "arith.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %0 = "tfl.add"(%x, %zero) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%one, %0) {fused_activation_function = "NONE"} : (tensor<f32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.sub"(%1, %zero) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.div"(%2, %one) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x4x4x2xf32>
  %4 = "tfl.relu"(%3) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %4 : tensor<1x4x4x2xf32>
}

// -----

// A transpose pair that composes to the identity disappears, a reshape of a reshape reads the original, and three
// swaps of the first two axes are one.
// CHECK-LABEL: func.func @chains
// CHECK-DAG: %[[S:.*]] = "arith.constant"() {value = dense<[2, 16]> : tensor<2xi32>}
// CHECK-DAG: %[[P:.*]] = "arith.constant"() {value = dense<[1, 0, 2, 3]> : tensor<4xi32>}
// CHECK: %[[R:.*]] = "tfl.reshape"(%arg0, %[[S]]) : (tensor<1x4x4x2xf32>, tensor<2xi32>) -> tensor<2x16xf32>
// CHECK-NEXT: %[[T:.*]] = "tfl.transpose"(%arg0, %[[P]])
// CHECK-NEXT: return %arg0, %[[R]], %[[T]]
func.func @chains(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<2x16xf32>, tensor<4x1x4x2xf32>) {
  %s1 = "arith.constant"() {value = dense<[1, 32]> : tensor<2xi32>} : () -> tensor<2xi32>
  %s2 = "arith.constant"() {value = dense<[2, 16]> : tensor<2xi32>} : () -> tensor<2xi32>
  %p = "arith.constant"() {value = dense<[0, 2, 3, 1]> : tensor<4xi32>} : () -> tensor<4xi32>
  %q = "arith.constant"() {value = dense<[0, 3, 1, 2]> : tensor<4xi32>} : () -> tensor<4xi32>
  %r = "arith.constant"() {value = dense<[1, 0, 2, 3]> : tensor<4xi32>} : () -> tensor<4xi32>
  %0 = "tfl.transpose"(%x, %p) : (tensor<1x4x4x2xf32>, tensor<4xi32>) -> tensor<1x4x2x4xf32>
  %1 = "tfl.transpose"(%0, %q) : (tensor<1x4x2x4xf32>, tensor<4xi32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.reshape"(%x, %s1) : (tensor<1x4x4x2xf32>, tensor<2xi32>) -> tensor<1x32xf32>
  %3 = "tfl.reshape"(%2, %s2) : (tensor<1x32xf32>, tensor<2xi32>) -> tensor<2x16xf32>
  %4 = "tfl.transpose"(%x, %r) : (tensor<1x4x4x2xf32>, tensor<4xi32>) -> tensor<4x1x4x2xf32>
  %5 = "tfl.transpose"(%4, %r) : (tensor<4x1x4x2xf32>, tensor<4xi32>) -> tensor<1x4x4x2xf32>
  %6 = "tfl.transpose"(%5, %r) : (tensor<1x4x4x2xf32>, tensor<4xi32>) -> tensor<4x1x4x2xf32>
  return %1, %3, %6 : tensor<1x4x4x2xf32>, tensor<2x16xf32>, tensor<4x1x4x2xf32>
}

// -----

// Constant subexpressions fold to one constant (on the right of the commutative mul); unused ops go.
// CHECK-LABEL: func.func @folds_and_dead
// CHECK-NEXT: %[[C:.*]] = "arith.constant"() {value = dense<[4.0, 6.0]> : tensor<2xf32>}
// CHECK-NEXT: %[[M:.*]] = "tfl.mul"(%arg0, %[[C]])
// CHECK-NEXT: return %[[M]]
// CHECK-NOT: tfl.relu
func.func @folds_and_dead(%x: tensor<2xf32>) -> tensor<2xf32> {
  %a = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %b = "arith.constant"() {value = dense<[3.0, 4.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.add"(%a, %b) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "tfl.mul"(%0, %x) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// Negative: a fused activation, a constant that is not the identity, 0 - x, an identity that broadcasts x to a
// bigger shape, and a squeeze that removes a dimension all stay.
// CHECK-LABEL: func.func @not_identities
// CHECK: "tfl.add"(%arg0, %{{.*}}) {fused_activation_function = "RELU"}
// CHECK: "tfl.mul"(%arg0, %{{.*}})
// CHECK: "tfl.sub"(%{{.*}}, %arg0)
// CHECK: "tfl.add"(%arg1, %{{.*}}) {{.*}} -> tensor<1x4x4x2xf32>
// CHECK: "tfl.squeeze"(%arg0)
func.func @not_identities(%x: tensor<1x4x4x2xf32>, %y: tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<4x4x2xf32>) {
  %zero = "arith.constant"() {value = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %one = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %big = "arith.constant"() {value = dense<0.0> : tensor<1x4x4x2xf32>} : () -> tensor<1x4x4x2xf32>
  %0 = "tfl.add"(%x, %zero) {fused_activation_function = "RELU"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.mul"(%x, %one) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.sub"(%zero, %x) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.add"(%y, %big) {fused_activation_function = "NONE"} : (tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %4 = "tfl.squeeze"(%x) {squeeze_dims = [0]} : (tensor<1x4x4x2xf32>) -> tensor<4x4x2xf32>
  return %0, %1, %2, %3, %4 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<4x4x2xf32>
}

// -----

// A concatenation's fused activation becomes its own op (TFLite's kernel refuses a fused one); a pool keeps its.
// CHECK-LABEL: func.func @concat_activation
// CHECK: %[[C:.*]] = "tfl.concatenation"(%arg0, %arg0) {axis = 3 : i32, fused_activation_function = "NONE"}
// CHECK: %[[R:.*]] = "tfl.relu6"(%[[C]])
// CHECK: "tfl.max_pool_2d"(%[[R]]) {{.*}}fused_activation_function = "RELU"
func.func @concat_activation(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x1x4xf32> {
  %0 = "tfl.concatenation"(%x, %x) {axis = 3 : i32, fused_activation_function = "RELU6"} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
  %1 = "tfl.max_pool_2d"(%0) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "RELU", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x2x2x4xf32>) -> tensor<1x1x1x4xf32>
  return %1 : tensor<1x1x1x4xf32>
}
