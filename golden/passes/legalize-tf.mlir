// RUN: litec opt %s --passes=legalize-tf
// tf → float tfl. Filters move to TFLite layouts, a following per-channel bias add becomes the conv's bias, inference
// batch norm becomes mul + add by per-channel constants, and Keras's shape arithmetic folds to constant targets.

// CHECK-LABEL: func.func @conv_bias_relu
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}1.0, 5.0, 9.0]]], {{\[\[\[}}2.0, 6.0, 10.0]]], {{\[\[\[}}3.0, 7.0, 11.0]]], {{\[\[\[}}4.0, 8.0, 12.0]]]]> : tensor<4x1x1x3xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[0.5, 1.5, 2.5, 3.5]> : tensor<4xf32>}
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, %[[W]], %[[B]]) {dilation_h_factor = 1 : i32, dilation_w_factor = 1 : i32, fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<?x8x8x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
// CHECK-NEXT: %[[R:.*]] = "tfl.relu"(%[[C]])
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: tf.
func.func @conv_bias_relu(%x: tensor<?x8x8x3xf32>) -> tensor<?x8x8x4xf32> {
  %w = "arith.constant"() {value = dense<[[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]]]]> : tensor<1x1x3x4xf32>} : () -> tensor<1x1x3x4xf32>
  %b = "arith.constant"() {value = dense<[0.5, 1.5, 2.5, 3.5]> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = "tf.Conv2D"(%x, %w) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<?x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<?x8x8x4xf32>
  %1 = "tf.BiasAdd"(%0, %b) : (tensor<?x8x8x4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  %2 = "tf.Relu"(%1) : (tensor<?x8x8x4xf32>) -> tensor<?x8x8x4xf32>
  return %2 : tensor<?x8x8x4xf32>
}

// -----

// A depthwise filter [H, W, C, M] is TFLite's [1, H, W, C*M] with the same data; an AddV2 of a [1, 1, 1, C*M]
// constant on the left is the bias too.
// CHECK-LABEL: func.func @depthwise_add
// CHECK-DAG: %[[W:.*]] = "arith.constant"() {value = dense<{{\[\[\[\[}}1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>}
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>}
// CHECK: %[[C:.*]] = "tfl.depthwise_conv_2d"(%arg0, %[[W]], %[[B]]) {depth_multiplier = 2 : i32, dilation_h_factor = 1 : i32, dilation_w_factor = 1 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x5x5x2xf32>, tensor<1x1x1x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @depthwise_add(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x4xf32> {
  %w = "arith.constant"() {value = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>} : () -> tensor<1x1x2x2xf32>
  %b = "arith.constant"() {value = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %0 = "tf.DepthwiseConv2dNative"(%x, %w) {padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<1x5x5x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x3x4xf32>
  %1 = "tf.AddV2"(%b, %0) : (tensor<1x1x1x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %1 : tensor<1x3x3x4xf32>
}

// -----

// EXPLICIT padding becomes a tfl.pad and a VALID conv; with no bias add the conv gets a zero bias; a filter that is
// not a constant is transposed by a tfl.transpose.
// CHECK-LABEL: func.func @explicit_padding_computed_filter
// CHECK: %[[P:.*]] = "arith.constant"() {value = dense<{{\[\[}}0, 0], [1, 2], [0, 3], [0, 0]]> : tensor<4x2xi32>}
// CHECK: %[[X:.*]] = "tfl.pad"(%arg0, %[[P]]) : (tensor<1x4x4x1xf32>, tensor<4x2xi32>) -> tensor<1x7x7x1xf32>
// CHECK: %[[PERM:.*]] = "arith.constant"() {value = dense<[3, 0, 1, 2]> : tensor<4xi32>}
// CHECK: %[[W:.*]] = "tfl.transpose"(%arg1, %[[PERM]]) : (tensor<3x3x1x2xf32>, tensor<4xi32>) -> tensor<2x3x3x1xf32>
// CHECK: %[[Z:.*]] = "arith.constant"() {value = dense<[0.0, 0.0]> : tensor<2xf32>}
// CHECK: "tfl.conv_2d"(%[[X]], %[[W]], %[[Z]]) {dilation_h_factor = 1 : i32, dilation_w_factor = 1 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 2 : i32} : (tensor<1x7x7x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>) -> tensor<1x5x3x2xf32>
func.func @explicit_padding_computed_filter(%x: tensor<1x4x4x1xf32>, %w: tensor<3x3x1x2xf32>) -> tensor<1x5x3x2xf32> {
  %0 = "tf.Conv2D"(%x, %w) {padding = "EXPLICIT", explicit_paddings = [0, 0, 1, 2, 0, 3, 0, 0], strides = [1, 1, 2, 1]} : (tensor<1x4x4x1xf32>, tensor<3x3x1x2xf32>) -> tensor<1x5x3x2xf32>
  return %0 : tensor<1x5x3x2xf32>
}

// -----

// MatMul: b [in, out] becomes the [out, in] filter of fully_connected (a new constant); transpose_b = true keeps it.
// CHECK-LABEL: func.func @dense_layers
// CHECK-DAG: %[[W1:.*]] = "arith.constant"() {value = dense<{{\[\[}}1.0, 3.0], [2.0, 4.0]]> : tensor<2x2xf32>}
// CHECK-DAG: %[[B1:.*]] = "arith.constant"() {value = dense<[0.5, -0.5]> : tensor<2xf32>}
// CHECK: %[[F:.*]] = "tfl.fully_connected"(%arg0, %[[W1]], %[[B1]]) {asymmetric_quantize_inputs = false, fused_activation_function = "NONE", keep_num_dims = false, weights_format = "DEFAULT"} : (tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
// CHECK: %[[G:.*]] = "tfl.fully_connected"(%[[F]], %arg1) {{.*}} : (tensor<?x2xf32>, tensor<3x2xf32>) -> tensor<?x3xf32>
// CHECK: "tfl.softmax"(%[[G]]) {beta = 1.0 : f32}
func.func @dense_layers(%x: tensor<?x2xf32>, %w2: tensor<3x2xf32>) -> tensor<?x3xf32> {
  %w = "arith.constant"() {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %b = "arith.constant"() {value = dense<[0.5, -0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "tf.MatMul"(%x, %w) : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %1 = "tf.BiasAdd"(%0, %b) : (tensor<?x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %2 = "tf.MatMul"(%1, %w2) {transpose_b = true} : (tensor<?x2xf32>, tensor<3x2xf32>) -> tensor<?x3xf32>
  %3 = "tf.Softmax"(%2) : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %3 : tensor<?x3xf32>
}

// -----

// Inference batch norm: scale' = gamma / sqrt(var + eps) = [2, 0.5], offset' = beta - mean * scale' = [-1, 2.5].
// CHECK-LABEL: func.func @batch_norm
// CHECK-DAG: %[[S:.*]] = "arith.constant"() {value = dense<[2.0, 0.5]> : tensor<2xf32>}
// CHECK-DAG: %[[O:.*]] = "arith.constant"() {value = dense<[-1.0, 2.5]> : tensor<2xf32>}
// CHECK: %[[M:.*]] = "tfl.mul"(%arg0, %[[S]]) {fused_activation_function = "NONE"}
// CHECK-NEXT: %[[A:.*]] = "tfl.add"(%[[M]], %[[O]]) {fused_activation_function = "NONE"}
// CHECK-NEXT: return %[[A]]
func.func @batch_norm(%x: tensor<?x3x3x2xf32>) -> tensor<?x3x3x2xf32> {
  %gamma = "arith.constant"() {value = dense<[4.0, 1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %beta = "arith.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %mean = "arith.constant"() {value = dense<[1.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %var = "arith.constant"() {value = dense<[3.75, 3.75]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0:6 = "tf.FusedBatchNormV3"(%x, %gamma, %beta, %mean, %var) {epsilon = 0.25 : f32, is_training = false} : (tensor<?x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<?x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<*xf32>)
  return %0#0 : tensor<?x3x3x2xf32>
}

// -----

// Keras Flatten with a dynamic batch: reshape(x, pack(shape(x)[0], -1)) → reshape(x, [-1, 48]).
// CHECK-LABEL: func.func @keras_flatten
// CHECK: %[[T:.*]] = "arith.constant"() {value = dense<[-1, 48]> : tensor<2xi32>}
// CHECK-NEXT: %[[R:.*]] = "tfl.reshape"(%arg0, %[[T]]) : (tensor<?x4x4x3xf32>, tensor<2xi32>) -> tensor<?x48xf32>
// CHECK-NEXT: return %[[R]]
func.func @keras_flatten(%x: tensor<?x4x4x3xf32>) -> tensor<?x48xf32> {
  %b = "arith.constant"() {value = dense<[0]> : tensor<1xi32>} : () -> tensor<1xi32>
  %e = "arith.constant"() {value = dense<[1]> : tensor<1xi32>} : () -> tensor<1xi32>
  %m = "arith.constant"() {value = dense<-1> : tensor<i32>} : () -> tensor<i32>
  %0 = "tf.Shape"(%x) : (tensor<?x4x4x3xf32>) -> tensor<4xi32>
  %1 = "tf.StridedSlice"(%0, %b, %e, %e) {shrink_axis_mask = 1} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<i32>
  %2 = "tf.Pack"(%1, %m) : (tensor<i32>, tensor<i32>) -> tensor<2xi32>
  %3 = "tf.Reshape"(%x, %2) : (tensor<?x4x4x3xf32>, tensor<2xi32>) -> tensor<?x48xf32>
  return %3 : tensor<?x48xf32>
}

// -----

// StridedSlice x[..., tf.newaxis, 1:3] on [2, 3, 4]: dense begin/end/strides for every input dim, then a reshape
// adds the new axis.
// CHECK-LABEL: func.func @strided_slice_masks
// CHECK-DAG: %[[B:.*]] = "arith.constant"() {value = dense<[0, 0, 1]> : tensor<3xi32>}
// CHECK-DAG: %[[E:.*]] = "arith.constant"() {value = dense<[2, 3, 3]> : tensor<3xi32>}
// CHECK-DAG: %[[S:.*]] = "arith.constant"() {value = dense<[1, 1, 1]> : tensor<3xi32>}
// CHECK: %[[Y:.*]] = "tfl.strided_slice"(%arg0, %[[B]], %[[E]], %[[S]]) {begin_mask = 0 : i32, ellipsis_mask = 0 : i32, end_mask = 0 : i32, new_axis_mask = 0 : i32, shrink_axis_mask = 0 : i32} : (tensor<2x3x4xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<2x3x2xf32>
// CHECK: %[[SHAPE:.*]] = "arith.constant"() {value = dense<[2, 3, 1, 2]> : tensor<4xi32>}
// CHECK: "tfl.reshape"(%[[Y]], %[[SHAPE]]) : (tensor<2x3x2xf32>, tensor<4xi32>) -> tensor<2x3x1x2xf32>
func.func @strided_slice_masks(%x: tensor<2x3x4xf32>) -> tensor<2x3x1x2xf32> {
  %b = "arith.constant"() {value = dense<[0, 0, 1]> : tensor<3xi32>} : () -> tensor<3xi32>
  %e = "arith.constant"() {value = dense<[0, 0, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
  %s = "arith.constant"() {value = dense<[1, 1, 1]> : tensor<3xi32>} : () -> tensor<3xi32>
  %0 = "tf.StridedSlice"(%x, %b, %e, %s) {ellipsis_mask = 1, new_axis_mask = 2} : (tensor<2x3x4xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<2x3x1x2xf32>
  return %0 : tensor<2x3x1x2xf32>
}

// -----

// One tfl op per tf op for elementwise math, activations, reductions, pools and data movement.
// CHECK-LABEL: func.func @one_to_one
// CHECK: "tfl.max_pool_2d"(%arg0) {filter_height = 2 : i32, filter_width = 2 : i32, fused_activation_function = "NONE", padding = "SAME", stride_h = 2 : i32, stride_w = 2 : i32}
// CHECK: "tfl.average_pool_2d"(%arg0) {filter_height = 3 : i32, filter_width = 3 : i32, fused_activation_function = "NONE", padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32}
// CHECK: "tfl.leaky_relu"({{.*}}) {alpha = 0.2 : f32}
// CHECK: "tfl.logistic"
// CHECK: "tfl.elu"
// CHECK: "tfl.relu6"
// CHECK: "tfl.div"({{.*}}) {fused_activation_function = "NONE"}
// CHECK: "tfl.sub"
// CHECK: "tfl.squared_difference"
// CHECK: "tfl.mean"({{.*}}) {keep_dims = true} : (tensor<1x4x4x2xf32>, tensor<2xi32>) -> tensor<1x1x1x2xf32>
// CHECK: "tfl.concatenation"({{.*}}) {axis = 3 : i32, fused_activation_function = "NONE"} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
// CHECK: "tfl.pad"
// CHECK: "tfl.transpose"
// CHECK: "tfl.squeeze"({{.*}}) {squeeze_dims = [0 : i64]}
// CHECK: "tfl.expand_dims"
// CHECK: "tfl.cast"({{.*}}) : (tensor<4x5x2x2xf32>) -> tensor<4x5x2x2xi32>
// CHECK-NOT: "tf.
func.func @one_to_one(%x: tensor<1x4x4x2xf32>) -> (tensor<1x2x2x4xf32>, tensor<1x1x1x2xf32>, tensor<4x5x2x2xi32>, tensor<5x1x5x2xf32>) {
  %axes = "arith.constant"() {value = dense<[1, 2]> : tensor<2xi64>} : () -> tensor<2xi64>
  %cat = "arith.constant"() {value = dense<-1> : tensor<i32>} : () -> tensor<i32>
  %pads = "arith.constant"() {value = dense<[[0, 1], [0, 0], [1, 0], [0, 0]]> : tensor<4x2xi32>} : () -> tensor<4x2xi32>
  %perm = "arith.constant"() {value = dense<[1, 2, 0, 3]> : tensor<4xi32>} : () -> tensor<4xi32>
  %dim = "arith.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
  %0 = "tf.MaxPool"(%x) {ksize = [1, 2, 2, 1], padding = "SAME", strides = [1, 2, 2, 1]} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = "tf.AvgPool"(%x) {ksize = [1, 3, 3, 1], padding = "VALID", strides = [1, 1, 1, 1]} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = "tf.LeakyRelu"(%0) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = "tf.Sigmoid"(%1) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = "tf.Elu"(%2) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %5 = "tf.Relu6"(%3) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %6 = "tf.RealDiv"(%4, %5) : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %7 = "tf.Sub"(%6, %5) : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %8 = "tf.SquaredDifference"(%7, %4) : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %9 = "tf.Mean"(%x, %axes) {keep_dims = true} : (tensor<1x4x4x2xf32>, tensor<2xi64>) -> tensor<1x1x1x2xf32>
  %10 = "tf.ConcatV2"(%8, %7, %cat) : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<i32>) -> tensor<1x2x2x4xf32>
  %11 = "tf.Pad"(%x, %pads) : (tensor<1x4x4x2xf32>, tensor<4x2xi32>) -> tensor<2x4x5x2xf32>
  %12 = "tf.Transpose"(%11, %perm) : (tensor<2x4x5x2xf32>, tensor<4xi32>) -> tensor<4x5x2x2xf32>
  %13 = "tf.Squeeze"(%x) {squeeze_dims = [0]} : (tensor<1x4x4x2xf32>) -> tensor<4x4x2xf32>
  %14 = "tf.ExpandDims"(%13, %dim) : (tensor<4x4x2xf32>, tensor<i32>) -> tensor<4x1x4x2xf32>
  %15 = "tf.Pad"(%14, %pads) : (tensor<4x1x4x2xf32>, tensor<4x2xi32>) -> tensor<5x1x5x2xf32>
  %16 = "tf.StridedSlice"(%15, %dim, %dim, %dim) {begin_mask = 1, end_mask = 1} : (tensor<5x1x5x2xf32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<5x1x5x2xf32>
  %17 = "tf.Cast"(%12) {DstT = tensor<*xi32>} : (tensor<4x5x2x2xf32>) -> tensor<4x5x2x2xi32>
  return %10, %9, %17, %16 : tensor<1x2x2x4xf32>, tensor<1x1x1x2xf32>, tensor<4x5x2x2xi32>, tensor<5x1x5x2xf32>
}

// -----

// Negative: a bias add stays a separate add when the conv result has another user (the unbiased conv is still
// needed) or when the added constant is not per channel. (A filter two convs share is transposed for each; cse
// merges the copies.)
// CHECK-LABEL: func.func @bias_not_fused
// CHECK: %[[C:.*]] = "tfl.conv_2d"(%arg0, %{{.*}}, %{{.*}}) {{.*}} padding = "VALID"
// CHECK-NEXT: %[[A:.*]] = "tfl.add"(%[[C]], %{{.*}}) {{.*}} : (tensor<1x2x2x2xf32>, tensor<2xf32>)
// CHECK: %[[D:.*]] = "tfl.conv_2d"(%arg0, %{{.*}}, %{{.*}}) {{.*}} padding = "SAME"
// CHECK-NEXT: %[[E:.*]] = "tfl.add"(%[[D]], %{{.*}}) {{.*}} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>)
// CHECK-NEXT: return %[[A]], %[[C]], %[[E]]
func.func @bias_not_fused(%x: tensor<1x2x2x1xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = "arith.constant"() {value = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b = "arith.constant"() {value = dense<[0.5, 1.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %full = "arith.constant"() {value = dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>} : () -> tensor<1x2x2x2xf32>
  %0 = "tf.Conv2D"(%x, %w) {padding = "VALID", strides = [1, 1, 1, 1]} : (tensor<1x2x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = "tf.BiasAdd"(%0, %b) : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %2 = "tf.Conv2D"(%x, %w) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<1x2x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = "tf.AddV2"(%2, %full) : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1, %0, %3 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Ops that cannot be converted are reported in one error at the first of them, grouped by op type with the reason.
func.func @unsupported(%x: tensor<4x4xf32>, %b: tensor<2xi32>, %axes: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<4xf32>) {
  // expected-error @+3 {{unsupported TF ops: Mean (node }}
  // expected-error @+2 {{reduction axes are not an i32 tensor or a constant); StridedSlice (nodes }}
  // expected-error @+1 {{begin, end and strides are not constant, or the input is unranked); legalize-tf{allow-partial=true} keeps them}}
  %0 = "tf.StridedSlice"(%x, %b, %b, %b) : (tensor<4x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  %1 = "tf.StridedSlice"(%x, %b, %b, %b) {shrink_axis_mask = 1} : (tensor<4x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  %2 = "tf.Mean"(%x, %axes) : (tensor<4x4xf32>, tensor<1xi64>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<4xf32>
}

// -----

// RUN: litec opt %s --passes='legalize-tf{allow-partial=true}'
// allow-partial keeps what cannot be converted as tf ops and converts the rest.
// CHECK-LABEL: func.func @partial
// CHECK: %[[S:.*]] = "tf.StridedSlice"(%arg0, %arg1, %arg1, %arg1)
// CHECK: "tfl.relu"(%[[S]])
// CHECK-NOT: "tf.Relu"
func.func @partial(%x: tensor<4x4xf32>, %b: tensor<2xi32>) -> tensor<*xf32> {
  %0 = "tf.StridedSlice"(%x, %b, %b, %b) : (tensor<4x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  %1 = "tf.Relu"(%0) : (tensor<*xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}
