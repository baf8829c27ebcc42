// RUN: litec opt %s --passes=canonicalize
// Folding of the shape arithmetic Keras graphs do: whatever only reads static dims becomes a constant.

// Static input: the whole Shape → StridedSlice → Pack chain folds; the Reshape keeps its (now constant) target.
// CHECK-LABEL: func.func @static_flatten
// CHECK: %[[T:.*]] = "arith.constant"() {value = dense<[2, -1]> : tensor<2xi32>}
// CHECK-NEXT: %[[R:.*]] = "tf.Reshape"(%arg0, %[[T]])
// CHECK-NEXT: return %[[R]]
func.func @static_flatten(%x: tensor<2x4x4x3xf32>) -> tensor<2x48xf32> {
  %b = "arith.constant"() {value = dense<[0]> : tensor<1xi32>} : () -> tensor<1xi32>
  %e = "arith.constant"() {value = dense<[1]> : tensor<1xi32>} : () -> tensor<1xi32>
  %m = "arith.constant"() {value = dense<-1> : tensor<i32>} : () -> tensor<i32>
  %0 = "tf.Shape"(%x) : (tensor<2x4x4x3xf32>) -> tensor<4xi32>
  %1 = "tf.StridedSlice"(%0, %b, %e, %e) {shrink_axis_mask = 1} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<i32>
  %2 = "tf.Pack"(%1, %m) : (tensor<i32>, tensor<i32>) -> tensor<2xi32>
  %3 = "tf.Reshape"(%x, %2) : (tensor<2x4x4x3xf32>, tensor<2xi32>) -> tensor<2x48xf32>
  return %3 : tensor<2x48xf32>
}

// -----

// Dynamic batch: shape(x)[1:] reads static dims only and folds (so does its Prod); shape(x)[0] stays computed.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: %[[S:.*]] = "tf.Shape"(%arg0)
// CHECK: %[[B:.*]] = "tf.StridedSlice"(%[[S]]
// CHECK: %[[P:.*]] = "arith.constant"() {value = dense<48> : tensor<i32>}
// CHECK: "tf.Pack"(%[[B]], %[[P]])
// CHECK-NOT: tf.Prod
func.func @dynamic_batch(%x: tensor<?x4x4x3xf32>) -> tensor<?x48xf32> {
  %z = "arith.constant"() {value = dense<[0]> : tensor<1xi32>} : () -> tensor<1xi32>
  %one = "arith.constant"() {value = dense<[1]> : tensor<1xi32>} : () -> tensor<1xi32>
  %axis = "arith.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %0 = "tf.Shape"(%x) : (tensor<?x4x4x3xf32>) -> tensor<4xi32>
  %1 = "tf.StridedSlice"(%0, %z, %one, %one) {shrink_axis_mask = 1} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<i32>
  %2 = "tf.StridedSlice"(%0, %one, %z, %one) {end_mask = 1} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<3xi32>
  %3 = "tf.Prod"(%2, %axis) : (tensor<3xi32>, tensor<i32>) -> tensor<i32>
  %4 = "tf.Pack"(%1, %3) : (tensor<i32>, tensor<i32>) -> tensor<2xi32>
  %5 = "tf.Reshape"(%x, %4) : (tensor<?x4x4x3xf32>, tensor<2xi32>) -> tensor<?x48xf32>
  return %5 : tensor<?x48xf32>
}

// -----

// Constant arithmetic, casts, ranges, fills, concatenations and reversed slices fold; Identity forwards its input.
// CHECK-LABEL: func.func @constants
// CHECK-DAG: "arith.constant"() {value = dense<[2.5, 5.0]> : tensor<2xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<[3, 1]> : tensor<2xi32>}
// CHECK-DAG: "arith.constant"() {value = dense<[0, 2, 4]> : tensor<3xi32>}
// CHECK-DAG: "arith.constant"() {value = dense<7.0> : tensor<2x3xf32>}
// CHECK-DAG: "arith.constant"() {value = dense<[1, 2, 0, 2, 4, 3]> : tensor<6xi32>}
// CHECK-DAG: "arith.constant"() {value = dense<[4, 2, 0]> : tensor<3xi32>}
// CHECK-NOT: "tf.
func.func @constants() -> (tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2x3xf32>, tensor<6xi32>, tensor<3xi32>) {
  %a = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %h = "arith.constant"() {value = dense<1.5> : tensor<f32>} : () -> tensor<f32>
  %f = "arith.constant"() {value = dense<[3.75, 1.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %s0 = "arith.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %s6 = "arith.constant"() {value = dense<6> : tensor<i32>} : () -> tensor<i32>
  %s2 = "arith.constant"() {value = dense<2> : tensor<i32>} : () -> tensor<i32>
  %dims = "arith.constant"() {value = dense<[2, 3]> : tensor<2xi32>} : () -> tensor<2xi32>
  %seven = "arith.constant"() {value = dense<7.0> : tensor<f32>} : () -> tensor<f32>
  %p = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
  %q = "arith.constant"() {value = dense<[0, 2, 4, 3]> : tensor<4xi32>} : () -> tensor<4xi32>
  %b = "arith.constant"() {value = dense<[0]> : tensor<1xi32>} : () -> tensor<1xi32>
  %st = "arith.constant"() {value = dense<[-1]> : tensor<1xi32>} : () -> tensor<1xi32>
  %0 = "tf.Mul"(%a, %h) : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %1 = "tf.AddV2"(%0, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = "tf.Identity"(%1) : (tensor<2xf32>) -> tensor<2xf32>
  %3 = "tf.Cast"(%f) {DstT = tensor<*xi32>} : (tensor<2xf32>) -> tensor<2xi32>
  %4 = "tf.Range"(%s0, %s6, %s2) : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<3xi32>
  %5 = "tf.Fill"(%dims, %seven) : (tensor<2xi32>, tensor<f32>) -> tensor<2x3xf32>
  %6 = "tf.ConcatV2"(%p, %q, %s0) : (tensor<2xi32>, tensor<4xi32>, tensor<i32>) -> tensor<6xi32>
  %7 = "tf.StridedSlice"(%4, %b, %b, %st) {begin_mask = 1, end_mask = 1} : (tensor<3xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<3xi32>
  return %2, %3, %4, %5, %6, %7 : tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2x3xf32>, tensor<6xi32>, tensor<3xi32>
}
