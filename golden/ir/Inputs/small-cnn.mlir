// Input of golden/ir/small-cnn.snap: a small float CNN written by hand (named values, short forms).
module attributes {tfl.description = "hand-written", tfl.schema_version = 3 : i32} {
  func.func @main(%image: tensor<1x6x6x2xf32> {tf.name = "image"}) -> (tensor<1x3xf32> {tf.name = "probs"}) {
    %w = arith.constant dense<[[[[0.5, -0.25]]], [[[1.0, 2.0]]], [[[0.0, -1.0]]], [[[0.125, 4.0]]]]> : tensor<4x1x1x2xf32> loc("conv/filter")
    %b = arith.constant dense<[0.5, 0.0, -0.5, 1.0]> : tensor<4xf32> loc("conv/bias")
    %conv = "tfl.conv_2d"(%image, %w, %b) {fused_activation_function = "RELU6", padding = "VALID", stride_h = 2 : i32, stride_w = 2 : i32} : (tensor<1x6x6x2xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32> loc("conv")
    %pool = "tfl.average_pool_2d"(%conv) {filter_height = 3 : i32, filter_width = 3 : i32, padding = "VALID", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x3x3x4xf32>) -> tensor<1x1x1x4xf32> loc("pool")
    %shape = arith.constant dense<[1, 4]> : tensor<2xi32> loc("flatten/shape")
    %flat = "tfl.reshape"(%pool, %shape) : (tensor<1x1x1x4xf32>, tensor<2xi32>) -> tensor<1x4xf32> loc("flatten")
    %fw = arith.constant dense<"0x0000803F000000000000000000000000000080BF00000000000000000000000000008040000000000000000000000000"> : tensor<3x4xf32> loc("fc/weights")
    %fc = "tfl.fully_connected"(%flat, %fw) {fused_activation_function = "NONE", keep_num_dims = false, weights_format = "DEFAULT"} : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<1x3xf32> loc(fused["fc", "fc/MatMul"])
    %probs = "tfl.softmax"(%fc) {beta = 1.0 : f32} : (tensor<1x3xf32>) -> tensor<1x3xf32> loc("probs")
    return %probs : tensor<1x3xf32>
  }
}
