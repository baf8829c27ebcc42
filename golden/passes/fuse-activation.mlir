// RUN: litec opt %s --passes=fuse-activation
// Standalone activations become the producer's fused_activation_function.

// CHECK-LABEL: func.func @every_producer
// CHECK: %[[C:.*]] = "tfl.conv_2d"{{.*}}fused_activation_function = "RELU6"
// CHECK: %[[D:.*]] = "tfl.depthwise_conv_2d"(%[[C]]{{.*}}fused_activation_function = "RELU"
// CHECK: %[[A:.*]] = "tfl.add"(%[[D]], %[[C]]) {fused_activation_function = "RELU_N1_TO_1"}
// CHECK: %[[M:.*]] = "tfl.mul"(%[[A]], %[[A]]) {fused_activation_function = "RELU"}
// CHECK: %[[S:.*]] = "tfl.sub"(%[[M]], %[[A]]) {fused_activation_function = "RELU6"}
// CHECK: %[[P:.*]] = "tfl.average_pool_2d"(%[[S]]) {{.*}}fused_activation_function = "RELU"
// CHECK: %[[Q:.*]] = "tfl.max_pool_2d"(%[[P]]) {{.*}}fused_activation_function = "RELU6"
// The TFLite runtime refuses a concatenation with a fused activation: the relu after it stays.
// CHECK: %[[K:.*]] = "tfl.concatenation"(%[[Q]], %[[Q]]) {axis = 3 : i32, fused_activation_function = "NONE"}
// CHECK: %[[KR:.*]] = "tfl.relu"(%[[K]])
// CHECK: %[[R:.*]] = "tfl.reshape"(%[[KR]]
// CHECK: %[[F:.*]] = "tfl.fully_connected"(%[[R]]{{.*}}fused_activation_function = "RELU6"
// CHECK-NOT: "tfl.relu
// CHECK: return %[[F]]
func.func @every_producer(%x: tensor<1x4x4x2xf32>) -> tensor<1x3xf32> {
  %w = "arith.constant"() {value = dense<0.5> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %dw = "arith.constant"() {value = dense<0.5> : tensor<1x3x3x2xf32>} : () -> tensor<1x3x3x2xf32>
  %fw = "arith.constant"() {value = dense<0.5> : tensor<3x16xf32>} : () -> tensor<3x16xf32>
  %shape = "arith.constant"() {value = dense<[1, 16]> : tensor<2xi32>} : () -> tensor<2xi32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.relu6"(%0) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.depthwise_conv_2d"(%1, %dw) {depth_multiplier = 1 : i32, fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.relu"(%2) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %4 = "tfl.add"(%3, %1) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %5 = "tfl.relu_n1_to_1"(%4) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %6 = "tfl.mul"(%5, %5) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %7 = "tfl.relu"(%6) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %8 = "tfl.sub"(%7, %5) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %9 = "tfl.relu6"(%8) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %10 = "tfl.average_pool_2d"(%9) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %11 = "tfl.relu"(%10) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %12 = "tfl.max_pool_2d"(%11) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %13 = "tfl.relu6"(%12) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %14 = "tfl.concatenation"(%13, %13) {axis = 3 : i32, fused_activation_function = "NONE"} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
  %15 = "tfl.relu"(%14) : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %16 = "tfl.reshape"(%15, %shape) : (tensor<1x2x2x4xf32>, tensor<2xi32>) -> tensor<1x16xf32>
  %17 = "tfl.fully_connected"(%16, %fw) {fused_activation_function = "NONE"} : (tensor<1x16xf32>, tensor<3x16xf32>) -> tensor<1x3xf32>
  %18 = "tfl.relu6"(%17) : (tensor<1x3xf32>) -> tensor<1x3xf32>
  return %18 : tensor<1x3xf32>
}

// -----

// The fused op carries both locations.
// RUN: litec opt %s --passes=fuse-activation --print-loc
// CHECK-LABEL: func.func @fused_location
// CHECK: "tfl.conv_2d"{{.*}}fused_activation_function = "RELU"{{.*}} loc(fused["block/conv", "block/relu"])
func.func @fused_location(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> loc("block/conv")
  %1 = "tfl.relu"(%0) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("block/relu")
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// minimum(maximum(x, 0), 6), in either nesting and operand order, is relu6 first and then fuses; (-1, 1) is relu_n1_to_1.
// CHECK-LABEL: func.func @clamps
// CHECK: %[[A:.*]] = "tfl.conv_2d"{{.*}}fused_activation_function = "RELU6"
// CHECK: %[[B:.*]] = "tfl.add"(%[[A]], %[[A]]) {fused_activation_function = "RELU6"}
// CHECK: %[[C:.*]] = "tfl.mul"(%[[B]], %[[B]]) {fused_activation_function = "RELU_N1_TO_1"}
// CHECK-NOT: tfl.minimum
// CHECK-NOT: tfl.maximum
// CHECK: return %[[C]]
func.func @clamps(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "arith.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %six = "arith.constant"() {value = dense<6.0> : tensor<f32>} : () -> tensor<f32>
  %one = "arith.constant"() {value = dense<1.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %mone = "arith.constant"() {value = dense<-1.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.maximum"(%0, %zero) : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.minimum"(%1, %six) : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x4x4x2xf32>
  %3 = "tfl.add"(%2, %2) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %4 = "tfl.minimum"(%six, %3) : (tensor<f32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %5 = "tfl.maximum"(%zero, %4) : (tensor<f32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %6 = "tfl.mul"(%5, %5) {fused_activation_function = "NONE"} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %7 = "tfl.maximum"(%6, %mone) : (tensor<1x4x4x2xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %8 = "tfl.minimum"(%7, %one) : (tensor<1x4x4x2xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %8 : tensor<1x4x4x2xf32>
}

// -----

// Negative: a producer with another user, a producer already fused, an op that cannot fuse (reshape), a clamp
// that is no TFLite activation, and tanh (TFLite kernels ignore a fused TANH, so it is opt-in).
// CHECK-LABEL: func.func @must_not_fuse
// CHECK: %[[A:.*]] = "tfl.add"(%arg0, %arg0) {fused_activation_function = "NONE"}
// CHECK: "tfl.relu"(%[[A]])
// CHECK: %[[M:.*]] = "tfl.mul"(%arg0, %arg0) {fused_activation_function = "RELU"}
// CHECK: "tfl.relu6"(%[[M]])
// CHECK: %[[R:.*]] = "tfl.reshape"
// CHECK: "tfl.relu"(%[[R]])
// CHECK: "tfl.minimum"
// CHECK: %[[T:.*]] = "tfl.sub"(%arg0, %arg0) {fused_activation_function = "NONE"}
// CHECK: "tfl.tanh"(%[[T]])
func.func @must_not_fuse(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %shape = "arith.constant"() {value = dense<[4]> : tensor<1xi32>} : () -> tensor<1xi32>
  %five = "arith.constant"() {value = dense<5.0> : tensor<f32>} : () -> tensor<f32>
  %zero = "arith.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %0 = "tfl.add"(%x, %x) {fused_activation_function = "NONE"} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = "tfl.relu"(%0) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %2 = "tfl.mul"(%x, %x) {fused_activation_function = "RELU"} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = "tfl.relu6"(%2) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %4 = "tfl.reshape"(%x, %shape) : (tensor<1x4xf32>, tensor<1xi32>) -> tensor<4xf32>
  %5 = "tfl.relu"(%4) : (tensor<4xf32>) -> tensor<4xf32>
  %6 = "tfl.maximum"(%x, %zero) : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %7 = "tfl.minimum"(%6, %five) : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %8 = "tfl.sub"(%x, %x) {fused_activation_function = "NONE"} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %9 = "tfl.tanh"(%8) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %1, %0, %3, %5, %7, %9 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// With fuse-tanh=true, tanh fuses too (for runtimes that apply it).
// RUN: litec opt %s --passes=fuse-activation{fuse-tanh=true}
// CHECK-LABEL: func.func @tanh_opt_in
// CHECK: "tfl.fully_connected"{{.*}}fused_activation_function = "TANH"
// CHECK-NOT: tfl.tanh
func.func @tanh_opt_in(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %0 = "tfl.fully_connected"(%x, %w) {fused_activation_function = "NONE"} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  %1 = "tfl.tanh"(%0) : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
