// RUN: litec opt %s --passes=quantize
// int8 full-integer quantization of graphs whose ranges calibrate recorded (quant.min / quant.max).

// A conv with RELU6: the input is quantized from its range [-1, 1] (scale 2/255, zero point -1), the filter is
// symmetric int8 per output channel (max|w| / 127; the all-zero channel gets 1e-6), the bias int32 at input x
// weight scale, and the output range is the RELU6-clipped [0, 6] (scale 6/255, zero point -128).
// CHECK-LABEL: func.func @conv_relu6
// CHECK: %[[X:.*]] = "tfl.quantize"(%arg0) : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.007843137718737125:-1>>
// CHECK: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}64, -127]]], {{\[\[\[}}127, 64]]], {{\[\[\[}}0, 0]]]]> : tensor<3x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.007874015718698502,0.0019685039296746254,9.999999974752427e-7}>>}
// CHECK: %[[B:.*]] = "arith.constant"() {value = dense<[16192, -32385, 0]> : tensor<3x!quant.uniform<i32:f32:0, {0.00006175698945298791,0.000015439247363246977,7.84313769486289e-9}>>}
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%[[X]], %[[W]], %[[B]]) {{.*}} -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.0235294122248888:-128>>
// CHECK: %[[D:.*]] = "tfl.dequantize"(%[[C]]) {{.*}} -> tensor<1x4x4x3xf32>
// CHECK: return %[[D]]
// CHECK-NOT: quant.min
func.func @conv_relu6(%x: tensor<1x4x4x2xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}) -> tensor<1x4x4x3xf32> {
  %w = "arith.constant"() {value = dense<[[[[0.5, -1.0]]], [[[0.25, 0.125]]], [[[0.0, 0.0]]]]> : tensor<3x1x1x2xf32>} : () -> tensor<3x1x1x2xf32>
  %b = "arith.constant"() {value = dense<[1.0, -0.5, 0.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "tfl.conv_2d"(%x, %w, %b) {fused_activation_function = "RELU6", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32, quant.min = -2.0 : f32, quant.max = 8.0 : f32} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// A fully_connected without a bias gets an int32 zero bias (TFLite's integer kernels need one).
// CHECK-LABEL: func.func @fc_no_bias
// CHECK: %[[B:.*]] = "arith.constant"() {value = dense<[0, 0]> : tensor<2x!quant.uniform<i32:f32:0, {0.00006175698945298791,0.00024702795781195164}>>}
// CHECK: "tfl.fully_connected"(%{{.*}}, %{{.*}}, %[[B]])
func.func @fc_no_bias(%x: tensor<1x3xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}) -> tensor<1x2xf32> {
  %w = "arith.constant"() {value = dense<[[0.5, -1.0, 0.25], [1.0, 2.0, -4.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %0 = "tfl.fully_connected"(%x, %w) {fused_activation_function = "NONE", quant.min = -5.0 : f32, quant.max = 5.0 : f32} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// Concatenation inputs and output share the output's parameters (range [-1, 4]).
// CHECK-LABEL: func.func @concat
// CHECK-DAG: %[[Y:.*]] = "tfl.quantize"(%arg1) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.019607843831181526:-77>>
// CHECK-DAG: %[[X:.*]] = "tfl.quantize"(%arg0) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.019607843831181526:-77>>
// CHECK: "tfl.concatenation"(%[[X]], %[[Y]]) {{.*}} -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.019607843831181526:-77>>
func.func @concat(%x: tensor<1x2x2x2xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}, %y: tensor<1x2x2x2xf32> {quant.min = 0.0 : f32, quant.max = 4.0 : f32}) -> tensor<1x2x2x4xf32> {
  %0 = "tfl.concatenation"(%x, %y) {axis = 3 : i32, fused_activation_function = "NONE", quant.min = -1.0 : f32, quant.max = 4.0 : f32} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
  return %0 : tensor<1x2x2x4xf32>
}

// -----

// TFLite's int8 concatenation applies no activation: the RELU becomes its own op; the concat covers its inputs'
// combined range [-2, 2] and the relu its calibrated [0, 2].
// CHECK-LABEL: func.func @concat_relu
// CHECK: %[[C:.*]] = "tfl.concatenation"{{.*}}fused_activation_function = "NONE"{{.*}} -> tensor<1x8x!quant.uniform<i8:f32, 0.01568627543747425:-1>>
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%[[C]]) {{.*}} -> tensor<1x8x!quant.uniform<i8:f32, 0.007843137718737125:-128>>
// CHECK-NEXT: "tfl.dequantize"(%[[R]])
func.func @concat_relu(%x: tensor<1x4xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}, %y: tensor<1x4xf32> {quant.min = -2.0 : f32, quant.max = 2.0 : f32}) -> tensor<1x8xf32> {
  %0 = "tfl.concatenation"(%x, %y) {axis = 1 : i32, fused_activation_function = "RELU", quant.min = 0.0 : f32, quant.max = 2.0 : f32} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// softmax and logistic outputs are fixed at 1/256, -128; tanh at 1/128, 0.
// CHECK-LABEL: func.func @fixed
// CHECK: "tfl.softmax"{{.*}} -> tensor<1x10x!quant.uniform<i8:f32, 0.00390625:-128>>
// CHECK: "tfl.logistic"{{.*}} -> tensor<1x10x!quant.uniform<i8:f32, 0.00390625:-128>>
// CHECK: "tfl.tanh"{{.*}} -> tensor<1x10x!quant.uniform<i8:f32, 0.0078125>>
func.func @fixed(%x: tensor<1x10xf32> {quant.min = -8.0 : f32, quant.max = 8.0 : f32}) -> (tensor<1x10xf32>, tensor<1x10xf32>, tensor<1x10xf32>) {
  %0 = "tfl.softmax"(%x) {beta = 1.0 : f32, quant.min = 0.0 : f32, quant.max = 1.0 : f32} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %1 = "tfl.logistic"(%x) {quant.min = 0.0 : f32, quant.max = 1.0 : f32} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %2 = "tfl.tanh"(%x) {quant.min = -1.0 : f32, quant.max = 1.0 : f32} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0, %1, %2 : tensor<1x10xf32>, tensor<1x10xf32>, tensor<1x10xf32>
}

// -----

// max_pool_2d and reshape keep their input's parameters (their own recorded ranges are not used).
// CHECK-LABEL: func.func @pool_reshape
// CHECK: "tfl.max_pool_2d"{{.*}} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.007843137718737125:-128>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.007843137718737125:-128>>
// CHECK: "tfl.reshape"{{.*}} -> tensor<1x8x!quant.uniform<i8:f32, 0.007843137718737125:-128>>
// CHECK-NOT: tfl.quantize
func.func @pool_reshape(%x: tensor<1x4x4x2xf32> {quant.min = 0.0 : f32, quant.max = 2.0 : f32}) -> tensor<1x8xf32> {
  %0 = "tfl.max_pool_2d"(%x) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32, quant.min = 0.0 : f32, quant.max = 1.5 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %s = "arith.constant"() {value = dense<[1, 8]> : tensor<2xi32>} : () -> tensor<2xi32>
  %1 = "tfl.reshape"(%0, %s) {quant.min = 0.0 : f32, quant.max = 1.5 : f32} : (tensor<1x2x2x2xf32>, tensor<2xi32>) -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// An op without an int8 kernel is an error naming it (LC5001).
func.func @exp(%x: tensor<1x4xf32> {quant.min = -1.0 : f32, quant.max = 1.0 : f32}) -> tensor<1x4xf32> {
  // expected-error @+1 {{'tfl.exp' cannot be quantized to int8: TFLite has no int8 kernel for it (pass allow-float-fallback=true to keep it in float)}}
  %0 = "tfl.exp"(%x) {quant.min = 0.3 : f32, quant.max = 2.8 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Without calibrated ranges quantize says to run calibrate first (LC5002).
// expected-error @+1 {{no calibrated range for input 0 of @uncalibrated: run calibrate before quantize}}
func.func @uncalibrated(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.relu"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
