// RUN: litec opt %s --passes='quantize{mode=dynamic-range min-elements=4}'
// Dynamic range: conv filters become symmetric int8 per output channel, fully_connected filters per tensor (TFLite's
// hybrid fully_connected reads one scale, as the converter makes them); activations and biases stay float, and
// fully_connected quantizes its input at run time (asymmetric_quantize_inputs, as the converter sets it).

// CHECK-LABEL: func.func @hybrid
// CHECK: %[[CW:.*]] = "arith.constant"() {value = dense<{{.*}}> : tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.007874015718698502,0.015748031437397003}>>}
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, %[[CW]], %{{.*}}) {{.*}} : (tensor<1x1x1x2xf32>, {{.*}}, tensor<2xf32>) -> tensor<1x1x1x2xf32>
// CHECK: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[}}16, -32, 8], [64, 32, -127]]> : tensor<2x3x!quant.uniform<i8<-127:127>:f32, 0.031496062874794006>>}
// CHECK: "tfl.fully_connected"(%arg1, %[[W]], %{{.*}}) {asymmetric_quantize_inputs = true{{.*}} : (tensor<1x3xf32>, {{.*}}, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NOT: tfl.quantize
func.func @hybrid(%x: tensor<1x1x1x2xf32>, %y: tensor<1x3xf32>) -> (tensor<1x1x1x2xf32>, tensor<1x2xf32>) {
  %cw = "arith.constant"() {value = dense<[[[[0.5, -1.0]]], [[[2.0, 0.25]]]]> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %cb = "arith.constant"() {value = dense<[0.5, -0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %c = "tfl.conv_2d"(%x, %cw, %cb) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  %w = "arith.constant"() {value = dense<[[0.5, -1.0, 0.25], [2.0, 1.0, -4.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %b = "arith.constant"() {value = dense<[0.5, -0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.fully_connected"(%y, %w, %b) {fused_activation_function = "NONE"} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %c, %0 : tensor<1x1x1x2xf32>, tensor<1x2xf32>
}

// -----

// RUN: litec opt %s --passes='quantize{mode=float16 min-elements=4}'
// Float16: constants of at least min-elements values become f16 followed by a dequantize; smaller ones stay f32.
// CHECK-LABEL: func.func @half
// CHECK: %[[H:.*]] = "arith.constant"() {value = dense<{{\[\[}}0.5, -1.0, 0.25], [2.0, 1.0, -4.0]]> : tensor<2x3xf16>}
// CHECK: %[[D:.*]] = "tfl.dequantize"(%[[H]]) : (tensor<2x3xf16>) -> tensor<2x3xf32>
// CHECK: "tfl.fully_connected"(%arg0, %[[D]], %{{.*}}) {{.*}} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>)
// CHECK-NOT: tensor<2xf16>
func.func @half(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = "arith.constant"() {value = dense<[[0.5, -1.0, 0.25], [2.0, 1.0, -4.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %b = "arith.constant"() {value = dense<[0.5, -0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tfl.fully_connected"(%x, %w, %b) {fused_activation_function = "NONE"} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
