// The reference interpreter's public surface: backend selection, the float Interpreter and its kernel tables.
export { initBackend, activeBackend, wasmDistDir, type BackendInfo, type BackendName, type BackendOptions } from './backend.js';
export { Interpreter, type InterpreterOptions, type RunOptions, type RunOutput, type ValueObserver } from './interpreter.js';
export type { FloatKernel, KernelTable } from './float/kernel.js';
export type { OperandPrep, PrepTable } from './float/prep.js';
export { tflKernels, tflOperandPreps } from './float/tfl-kernels.js';
export { tfKernels } from './float/tf-kernels.js';
export { quantizeTensor, dequantizeTensor } from './float/kernels-quant.js';
export { tfDTypeOf, type TfDType, type InputArray } from './float/dtypes.js';
