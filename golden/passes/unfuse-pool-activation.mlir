// RUN: litec opt %s --passes=unfuse-pool-activation
// A fused activation on a pool or concatenation becomes the op without it followed by the activation op.

// CHECK-LABEL: func.func @avg_pool_relu6
// CHECK-NEXT: %[[P:.*]] = "tfl.average_pool_2d"(%arg0) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %[[R:.*]] = "tfl.relu6"(%[[P]]) : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @avg_pool_relu6(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = "tfl.average_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "RELU6", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Every user of the pool (here two) reads the activation; max_pool with RELU, concatenation with RELU_N1_TO_1 and TANH.
// CHECK-LABEL: func.func @users
// CHECK: %[[M:.*]] = "tfl.max_pool_2d"(%arg0) {{.*}}fused_activation_function = "NONE"
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%[[M]])
// CHECK-NEXT: %[[C:.*]] = "tfl.concatenation"(%[[R]], %[[R]]) {axis = 3 : i32, fused_activation_function = "NONE"}
// CHECK-NEXT: %[[C1:.*]] = "tfl.relu_n1_to_1"(%[[C]])
// CHECK-NEXT: %[[T:.*]] = "tfl.concatenation"(%[[C1]], %arg0) {axis = 3 : i32, fused_activation_function = "NONE"}
// CHECK-NEXT: %[[T1:.*]] = "tfl.tanh"(%[[T]])
// CHECK-NEXT: return %[[T1]], %[[R]]
func.func @users(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x6xf32>, tensor<1x4x4x2xf32>) {
  %0 = "tfl.max_pool_2d"(%x) {filter_height = 3 : i32, filter_width = 3 : i32, fused_activation_function = "RELU", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = "tfl.concatenation"(%0, %0) {axis = 3 : i32, fused_activation_function = "RELU_N1_TO_1"} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
  %2 = "tfl.concatenation"(%1, %x) {axis = 3 : i32, fused_activation_function = "TANH"} : (tensor<1x4x4x4xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x6xf32>
  return %2, %0 : tensor<1x4x4x6xf32>, tensor<1x4x4x2xf32>
}

// -----

// A quantized pool keeps its type, and the relu reads and writes that type (the same integers as the fused clamp);
// a quantized concatenation too (TFLite's CONCATENATION refuses a fused activation: the model loads only after this).
// A quantized fused TANH stays (no int8 kernel applies it).
// CHECK-LABEL: func.func @quantized
// CHECK-NEXT: %[[P:.*]] = "tfl.max_pool_2d"(%arg0) {{.*}}fused_activation_function = "NONE"{{.*}} -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%[[P]]) : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>
// CHECK-NEXT: %[[C:.*]] = "tfl.concatenation"(%[[R]], %[[R]]) {axis = 3 : i32, fused_activation_function = "NONE"}
// CHECK-NEXT: %[[C6:.*]] = "tfl.relu6"(%[[C]]) : (tensor<1x2x2x8x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.05:-3>>
// CHECK-NEXT: %[[T:.*]] = "tfl.average_pool_2d"(%arg0) {{.*}}fused_activation_function = "TANH"
// CHECK-NOT: tfl.tanh
// CHECK: return %[[C6]], %[[T]]
func.func @quantized(%x: tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>) -> (tensor<1x2x2x8x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>) {
  %0 = "tfl.max_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "RELU", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>
  %1 = "tfl.concatenation"(%0, %0) {axis = 3 : i32, fused_activation_function = "RELU6"} : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.05:-3>>
  %2 = "tfl.average_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "TANH", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>
  return %1, %2 : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1x2x2x4x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// Negative: no activation and a conv (it maps with its fused RELU) stay; tanh=false leaves a fused TANH.
// RUN: litec opt %s '--passes=unfuse-pool-activation{tanh=false}'
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: tfl.relu
// CHECK-NOT: tfl.tanh
// CHECK: "tfl.average_pool_2d"(%arg0) {{.*}}fused_activation_function = "NONE"
// CHECK-NEXT: "tfl.conv_2d"{{.*}}fused_activation_function = "RELU"
// CHECK-NEXT: "tfl.max_pool_2d"(%arg0) {{.*}}fused_activation_function = "TANH"
func.func @unchanged(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = "tfl.average_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = "tfl.conv_2d"(%x, %w) {fused_activation_function = "RELU", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = "tfl.max_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "TANH", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1, %2 : tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>, tensor<1x2x2x2xf32>
}
