// The integer kernel table: tfl op name -> kernel factory. Adding an op is one line here plus its kernel file.
import { logisticKernel, relu6Kernel, reluKernel, reluN1To1Kernel, softmaxKernel } from './activations.js';
import { addKernel, mulKernel, subKernel } from './add-sub-mul.js';
import { conv2dKernel } from './conv.js';
import { concatenationKernel, expandDimsKernel, padKernel, reshapeKernel, squeezeKernel } from './data-movement.js';
import { depthwiseConv2dKernel } from './depthwise-conv.js';
import { fullyConnectedKernel } from './fully-connected.js';
import { hardSwishKernel } from './hard-swish.js';
import type { Int8KernelTable } from './kernel.js';
import { meanKernel } from './mean.js';
import { averagePool2dKernel, maxPool2dKernel } from './pool.js';
import { dequantizeKernel, quantizeKernel } from './quantize.js';

export const INT8_KERNELS: Int8KernelTable = {
  'tfl.conv_2d': conv2dKernel,
  'tfl.depthwise_conv_2d': depthwiseConv2dKernel,
  'tfl.fully_connected': fullyConnectedKernel,
  'tfl.add': addKernel,
  'tfl.sub': subKernel,
  'tfl.mul': mulKernel,
  'tfl.average_pool_2d': averagePool2dKernel,
  'tfl.max_pool_2d': maxPool2dKernel,
  'tfl.mean': meanKernel,
  'tfl.reshape': reshapeKernel,
  'tfl.squeeze': squeezeKernel,
  'tfl.expand_dims': expandDimsKernel,
  'tfl.concatenation': concatenationKernel,
  'tfl.pad': padKernel,
  'tfl.softmax': softmaxKernel,
  'tfl.logistic': logisticKernel,
  'tfl.relu': reluKernel,
  'tfl.relu6': relu6Kernel,
  'tfl.relu_n1_to_1': reluN1To1Kernel,
  'tfl.hard_swish': hardSwishKernel,
  'tfl.quantize': quantizeKernel,
  'tfl.dequantize': dequantizeKernel,
};
