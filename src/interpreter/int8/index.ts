// The integer (int8/uint8) reference interpreter: TFLite's integer kernels on quantized tfl IR.
export { Int8Interpreter } from './interpreter.js';
export type { Int8InputArray, Int8InterpreterOptions, Int8RunOptions } from './interpreter.js';
export type { Int8Kernel, Int8KernelFactory, Int8KernelTable } from './kernel.js';
export { INT8_KERNELS } from './kernel-table.js';
export type { QTensor, TensorData, TensorQuant } from './tensor.js';
