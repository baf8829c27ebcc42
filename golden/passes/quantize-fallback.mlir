// RUN: litec opt %s --passes='quantize{allow-float-fallback=true}'
// With allow-float-fallback an op without an int8 kernel stays float between a dequantize and a quantize.

// CHECK-LABEL: func.func @exp_fallback
// CHECK: %[[Q:.*]] = "tfl.quantize"(%arg0)
// CHECK: %[[R:.*]] = "tfl.relu"(%[[Q]]) {{.*}} -> tensor<1x4x!quant.uniform<i8:f32, 0.003921568859368563:-128>>
// CHECK: %[[D:.*]] = "tfl.dequantize"(%[[R]]) {{.*}} -> tensor<1x4xf32>
// CHECK: %[[E:.*]] = "tfl.exp"(%[[D]]) : (tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK: %[[Q2:.*]] = "tfl.quantize"(%[[E]]) {{.*}} -> tensor<1x4x!quant.uniform<i8:f32, 0.010659928433597088:-128>>
// CHECK: "tfl.relu6"(%[[Q2]])
func.func @exp_fallback(%x: tensor<1x4xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}) -> tensor<1x4xf32> {
  %0 = "tfl.relu"(%x) {quant.min = 0.0 : f32, quant.max = 1.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = "tfl.exp"(%0) {quant.min = 1.0 : f32, quant.max = 2.7182817 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %2 = "tfl.relu6"(%1) {quant.min = 1.0 : f32, quant.max = 2.7182817 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}
