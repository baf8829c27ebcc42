// RUN: litec opt %s --passes=calibrate
// calibrate runs the model on representative data; litec opt has none, so it says how to pass some (LC5002).

// expected-error @+1 {{calibrate needs representative data: pass --calibration-data PATH}}
func.func @needs_data(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.relu6"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
