// RUN: litec opt %s --passes=swish-to-relu6 --debug-patterns 2>&1
// swish(x) = x * logistic(x), either operand order, becomes relu6(x); the pass warns that outputs change.

// CHECK-LABEL: func.func @swish_both_orders
// CHECK-NEXT: %[[A:.*]] = "tfl.relu6"(%arg0)
// CHECK-NEXT: %[[B:.*]] = "tfl.relu6"(%[[A]])
// CHECK-NEXT: return %[[B]]
// CHECK: warning LC4102: replaced 2 swish activations with relu6; this changes the model's outputs
// CHECK: swish-to-relu6: swish-replaced = 2
func.func @swish_both_orders(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = "tfl.logistic"(%x) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %1 = "tfl.mul"(%x, %0) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %2 = "tfl.logistic"(%1) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %3 = "tfl.mul"(%2, %1) {fused_activation_function = "NONE"} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %3 : tensor<1x4x4x8xf32>
}

// -----

// to=hard-swish emits tfl.hard_swish; the replacement carries the locations of the logistic and the mul.
// RUN: litec opt %s --passes=swish-to-relu6{to=hard-swish} --print-loc 2>&1
// CHECK-LABEL: func.func @to_hard_swish
// CHECK-NEXT: "tfl.hard_swish"(%arg0) : (tensor<1x8xf32>) -> tensor<1x8xf32> loc(fused["s/Sigmoid", "s/mul"])
// CHECK: warning LC4102: replaced 1 swish activation with hard_swish; this changes the model's outputs
func.func @to_hard_swish(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = "tfl.logistic"(%x) : (tensor<1x8xf32>) -> tensor<1x8xf32> loc("s/Sigmoid")
  %1 = "tfl.mul"(%0, %x) {fused_activation_function = "NONE"} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32> loc("s/mul")
  return %1 : tensor<1x8xf32>
}

// -----

// to=relu emits tfl.relu. A logistic with another user stays for that user.
// RUN: litec opt %s --passes=swish-to-relu6{to=relu}
// CHECK-LABEL: func.func @to_relu
// CHECK: %[[L:.*]] = "tfl.logistic"(%arg0)
// CHECK: %[[R:.*]] = "tfl.relu"(%arg0)
// CHECK: return %[[R]], %[[L]]
func.func @to_relu(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = "tfl.logistic"(%x) : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = "tfl.mul"(%0, %x) {fused_activation_function = "NONE"} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %1, %0 : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// Negative: a logistic of another tensor, a mul with a fused activation, and a plain logistic are no swish.
// CHECK-LABEL: func.func @not_swish
// CHECK: %[[G:.*]] = "tfl.logistic"(%arg1)
// CHECK: "tfl.mul"(%arg0, %[[G]])
// CHECK: %[[H:.*]] = "tfl.logistic"(%arg0)
// CHECK: "tfl.mul"(%arg0, %[[H]]) {fused_activation_function = "RELU"}
// CHECK-NOT: tfl.relu6
// CHECK-NOT: warning
// CHECK: swish-to-relu6: swish-replaced = 0
func.func @not_swish(%x: tensor<1x8xf32>, %y: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = "tfl.logistic"(%y) : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = "tfl.mul"(%x, %0) {fused_activation_function = "NONE"} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %2 = "tfl.logistic"(%x) : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %3 = "tfl.mul"(%x, %2) {fused_activation_function = "RELU"} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %1, %3, %0 : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}
