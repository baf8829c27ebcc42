// The float kernel table for the tfl dialect (and arith.constant), with the operand preparations they rely on.
import type { KernelTable } from './kernel.js';
import type { PrepTable } from './prep.js';
import { convKernels, convPreps } from './kernels-conv.js';
import { elementwiseKernels } from './kernels-elementwise.js';
import { quantKernels } from './kernels-quant.js';
import { reduceKernels } from './kernels-reduce.js';
import { shapeKernels } from './kernels-shape.js';

/**
 * Every tfl op with a float meaning. conv_2d, depthwise_conv_2d and transpose_conv expect their filters in tfjs
 * layout: run them through the interpreter (which applies tflOperandPreps) rather than calling them directly.
 */
export const tflKernels: KernelTable = {
  ...convKernels,
  ...elementwiseKernels,
  ...shapeKernels,
  ...reduceKernels,
  ...quantKernels,
};

export const tflOperandPreps: PrepTable = { ...convPreps };
