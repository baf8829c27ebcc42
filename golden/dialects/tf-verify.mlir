// RUN: litec opt %s --verify-diagnostics
// The tf dialect's verifier: what the importer cannot turn into a convertible model fails here, at the op.

func.func @nchw(%x: tensor<1x3x8x8xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{data_format NCHW is not supported (only NHWC)}}
  %0 = "tf.Conv2D"(%x, %w) {data_format = "NCHW", padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<1x3x8x8xf32>, tensor<3x3x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_stride(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{strides [2,1,1,1] must be 1 in the batch and channel dims}}
  %0 = "tf.Conv2D"(%x, %w) {padding = "SAME", strides = [2, 1, 1, 1]} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @wrong_result(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{result 0 has type tensor<1x8x8x4xf32> but the operands imply tensor<1x6x6x4xf32>}}
  %0 = "tf.Conv2D"(%x, %w) {padding = "VALID", strides = [1, 1, 1, 1]} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @training_batch_norm(%x: tensor<1x2x2x2xf32>, %c: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{is_training = true (a training-mode batch norm) cannot be converted}}
  %0:6 = "tf.FusedBatchNormV3"(%x, %c, %c, %c, %c) : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<*xf32>)
  return %0#0 : tensor<1x2x2x2xf32>
}

// -----

func.func @slice_out_of_bounds(%x: tensor<3x4xf32>) -> tensor<*xf32> {
  %b = "arith.constant"() {value = dense<[5]> : tensor<1xi32>} : () -> tensor<1xi32>
  %e = "arith.constant"() {value = dense<[6]> : tensor<1xi32>} : () -> tensor<1xi32>
  %s = "arith.constant"() {value = dense<[1]> : tensor<1xi32>} : () -> tensor<1xi32>
  // expected-error @+1 {{index 5 is out of bounds for dimension 0 of size 3}}
  %0 = "tf.StridedSlice"(%x, %b, %e, %s) {shrink_axis_mask = 1} : (tensor<3x4xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{inner dimensions differ: a gives 3, b gives 4}}
  %0 = "tf.MatMul"(%a, %b) : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @bias_length(%x: tensor<1x4x4x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{bias has 4 entries but the value has 3 channels}}
  %0 = "tf.BiasAdd"(%x, %b) : (tensor<1x4x4x3xf32>, tensor<4xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

func.func @two_unknown(%x: tensor<12xf32>) -> tensor<*xf32> {
  %s = "arith.constant"() {value = dense<[-1, -1]> : tensor<2xi32>} : () -> tensor<2xi32>
  // expected-error @+1 {{shape [-1,-1] may hold at most one -1}}
  %0 = "tf.Reshape"(%x, %s) : (tensor<12xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
