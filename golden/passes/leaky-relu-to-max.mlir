// RUN: litec opt %s --passes=leaky-relu-to-max
// leaky_relu(x, alpha) with 0 <= alpha <= 1 becomes maximum(x, alpha * x); the same outputs, ops the Edge TPU maps.

// CHECK-LABEL: func.func @leaky
// CHECK-NEXT: %[[A:.*]] = "arith.constant"() {value = dense<0.2> : tensor<f32>}
// CHECK-NEXT: %[[M:.*]] = "tfl.mul"(%arg0, %[[A]]) {fused_activation_function = "NONE"} : (tensor<1x4x4x3xf32>, tensor<f32>) -> tensor<1x4x4x3xf32>
// CHECK-NEXT: %[[X:.*]] = "tfl.maximum"(%arg0, %[[M]]) : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK-NEXT: return %[[X]]
func.func @leaky(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> {
  %0 = "tfl.leaky_relu"(%x) {alpha = 0.2 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// The ends of [0, 1] are included (alpha = 0 is relu, alpha = 1 the identity); a dynamic batch is fine.
// CHECK-LABEL: func.func @bounds
// CHECK-NOT: tfl.leaky_relu
// CHECK: dense<0.0> : tensor<f32>
// CHECK: "tfl.maximum"
// CHECK: dense<1.0> : tensor<f32>
// CHECK: "tfl.maximum"{{.*}} -> tensor<?x8xf32>
func.func @bounds(%x: tensor<2x8xf32>, %y: tensor<?x8xf32>) -> (tensor<2x8xf32>, tensor<?x8xf32>) {
  %0 = "tfl.leaky_relu"(%x) {alpha = 0.0 : f32} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = "tfl.leaky_relu"(%y) {alpha = 1.0 : f32} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<?x8xf32>
}

// -----

// Negative: alpha above 1 or below 0 (max(x, alpha*x) is not LeakyReLU there) and a quantized leaky_relu stay.
// CHECK-LABEL: func.func @not_rewritten
// CHECK-NOT: tfl.maximum
// CHECK: "tfl.leaky_relu"(%arg0) {alpha = 1.5 : f32}
// CHECK: "tfl.leaky_relu"(%arg0) {alpha = -0.1 : f32}
// CHECK: "tfl.leaky_relu"(%arg1) {alpha = 0.1 : f32}
func.func @not_rewritten(%x: tensor<1x8xf32>, %q: tensor<1x8x!quant.uniform<i8:f32, 0.05:-3>>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8x!quant.uniform<i8:f32, 0.04:-10>>) {
  %0 = "tfl.leaky_relu"(%x) {alpha = 1.5 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = "tfl.leaky_relu"(%x) {alpha = -0.1 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %2 = "tfl.leaky_relu"(%q) {alpha = 0.1 : f32} : (tensor<1x8x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.04:-10>>
  return %0, %1, %2 : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8x!quant.uniform<i8:f32, 0.04:-10>>
}

// -----

// to=prelu: one prelu with a per-channel alpha, for any alpha (PReLU is x for x >= 0, alpha * x otherwise).
// RUN: litec opt %s '--passes=leaky-relu-to-max{to=prelu}'
// CHECK-LABEL: func.func @prelu
// CHECK: %[[A:.*]] = "arith.constant"() {value = dense<[0.3, 0.3, 0.3]> : tensor<3xf32>}
// CHECK-NEXT: %[[P:.*]] = "tfl.prelu"(%arg0, %[[A]]) : (tensor<1x4x4x3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
// CHECK: "arith.constant"() {value = dense<[1.5, 1.5, 1.5]> : tensor<3xf32>}
// CHECK-NEXT: "tfl.prelu"
// CHECK-NOT: tfl.leaky_relu
// CHECK-NOT: tfl.maximum
func.func @prelu(%x: tensor<1x4x4x3xf32>) -> (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) {
  %0 = "tfl.leaky_relu"(%x) {alpha = 0.3 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %1 = "tfl.leaky_relu"(%x) {alpha = 1.5 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %0, %1 : tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>
}
