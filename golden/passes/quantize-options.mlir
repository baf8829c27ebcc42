// RUN: litec opt %s --passes='quantize{per-channel=false input-type=uint8 output-type=uint8}'
// Per-tensor weights and uint8 model inputs/outputs (as edgetpu wants): the signature becomes uint8, a quantize
// moves uint8 to int8 at the input (zero point - 128) and back at the output.

// CHECK-LABEL: func.func @conv_u8(%arg0: tensor<1x4x4x2x!quant.uniform<ui8:f32, 0.007843137718737125:127>>) -> tensor<1x4x4x3x!quant.uniform<ui8:f32, 0.0235294122248888>>
// CHECK: %[[X:.*]] = "tfl.quantize"(%arg0) {{.*}} -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.007843137718737125:-1>>
// CHECK: "arith.constant"() {value = dense<{{.*}}> : tensor<3x1x1x2x!quant.uniform<i8<-127:127>:f32, 0.007874015718698502>>}
// CHECK: "arith.constant"() {value = dense<[16192, -8096, 0]> : tensor<3x!quant.uniform<i32:f32, 0.00006175698945298791>>}
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%[[X]],
// CHECK: %[[U:.*]] = "tfl.quantize"(%[[C]]) {{.*}} -> tensor<1x4x4x3x!quant.uniform<ui8:f32, 0.0235294122248888>>
// CHECK: return %[[U]]
func.func @conv_u8(%x: tensor<1x4x4x2xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}) -> tensor<1x4x4x3xf32> {
  %w = "arith.constant"() {value = dense<[[[[0.5, -1.0]]], [[[0.25, 0.125]]], [[[0.0, 0.0]]]]> : tensor<3x1x1x2xf32>} : () -> tensor<3x1x1x2xf32>
  %b = "arith.constant"() {value = dense<[1.0, -0.5, 0.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "tfl.conv_2d"(%x, %w, %b) {fused_activation_function = "RELU6", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32, quant.min = -2.0 : f32, quant.max = 8.0 : f32} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}
