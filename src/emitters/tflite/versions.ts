// Op versions as the TFLite converter chooses them (lowest correct version), and the runtime each needs.
import { Operation } from '../../ir/core.js';
import { TensorType } from '../../ir/types.js';

/** The TFLite storage type name of an IR tensor type, as op-version rules see it. */
export type SigType = 'FLOAT32' | 'FLOAT16' | 'INT8' | 'UINT8' | 'INT16' | 'INT32' | 'INT64' | 'BOOL' | 'STRING' | 'FLOAT64' | 'BFLOAT16';

export function sigType(t: TensorType): SigType {
  const e = t.quant ? t.quant.storage : t.elem;
  switch (e) {
    case 'f32':
      return 'FLOAT32';
    case 'f16':
      return 'FLOAT16';
    case 'bf16':
      return 'BFLOAT16';
    case 'f64':
      return 'FLOAT64';
    case 'i8':
      return 'INT8';
    case 'u8':
      return 'UINT8';
    case 'i16':
      return 'INT16';
    case 'i32':
      return 'INT32';
    case 'i64':
      return 'INT64';
    case 'i1':
      return 'BOOL';
    case 'string':
      return 'STRING';
  }
}

const inT = (op: Operation, i: number): SigType | undefined => (i < op.numOperands ? sigType(op.operand(i).type) : undefined);
const outT = (op: Operation): SigType | undefined => (op.results.length ? sigType(op.result(0).type) : undefined);
const perChannel = (op: Operation, i: number): boolean => i < op.numOperands && op.operand(i).type.quant?.axis !== undefined;
const rankOf = (op: Operation, i: number): number => op.operand(i).type.shape?.length ?? 0;
const hybrid = (op: Operation): boolean => inT(op, 0) === 'FLOAT32' && inT(op, 1) === 'INT8' && outT(op) === 'FLOAT32';
const int8Io = (op: Operation): boolean => inT(op, 0) === 'INT8' && inT(op, 1) === 'INT8' && outT(op) === 'INT8';
const simpleInt8 = (v8: number, v16: number) => (op: Operation): number => (inT(op, 0) === 'INT16' ? v16 : inT(op, 0) === 'INT8' ? v8 : 1);

/** Per TFLite BuiltinOperator name: the version rule (tensorflow/lite/tools/versioning/op_version.cc). */
export const VERSION_RULES: Readonly<Record<string, (op: Operation) => number>> = {
  CONV_2D: (op) => {
    const x = op.operand(0).type.shape;
    const w = op.operand(1).type.shape;
    if (x && w && x[3]! > 0 && w[3]! > 0 && x[3] !== w[3]) return 6;
    if (inT(op, 0) === 'INT16' && inT(op, 1) === 'INT8') return 4;
    if (int8Io(op)) return 3;
    if (hybrid(op)) return perChannel(op, 1) ? 5 : 2;
    return 1;
  },
  DEPTHWISE_CONV_2D: (op) => {
    if (inT(op, 0) === 'INT16') return 5;
    if (hybrid(op)) return perChannel(op, 1) ? 6 : 4;
    if (int8Io(op)) return 3;
    if (op.int('dilation_h_factor') !== 1 || op.int('dilation_w_factor') !== 1) return 2;
    return 1;
  },
  FULLY_CONNECTED: (op) => {
    if (op.numOperands === 2) return 6;
    if (op.flag('keep_num_dims')) return 5;
    if (int8Io(op)) return 4;
    if (hybrid(op)) return op.flag('asymmetric_quantize_inputs') ? 9 : 3;
    if (op.str('weights_format') !== 'DEFAULT') return 2;
    return 1;
  },
  ADD: simpleInt8(2, 3),
  SUB: (op) => (inT(op, 0) === 'INT8' ? 2 : 1),
  MUL: (op) => {
    if (inT(op, 0) === 'INT16') return 4;
    const [a, b, o] = [op.operand(0).type.quant, op.operand(1).type.quant, op.result(0).type.quant];
    if (a && b && o && (a.scales[0]! * b.scales[0]!) / o.scales[0]! >= 1) return 3;
    return inT(op, 0) === 'INT8' ? 2 : 1;
  },
  DIV: () => 1,
  AVERAGE_POOL_2D: simpleInt8(2, 3),
  MAX_POOL_2D: simpleInt8(2, 3),
  CONCATENATION: simpleInt8(2, 3),
  SOFTMAX: simpleInt8(2, 3),
  MEAN: simpleInt8(2, 3),
  REDUCE_MAX: simpleInt8(2, 3),
  RELU6: simpleInt8(2, 3),
  RSQRT: simpleInt8(2, 3),
  RELU: (op) => (inT(op, 0) === 'INT16' ? 3 : inT(op, 0) === 'INT8' || inT(op, 0) === 'UINT8' ? 2 : 1),
  LOGISTIC: simpleInt8(2, 3),
  TANH: simpleInt8(2, 3),
  PAD: (op) => (rankOf(op, 0) > 4 ? 4 : inT(op, 0) === 'INT16' ? 3 : inT(op, 0) === 'INT8' ? 2 : 1),
  TRANSPOSE: (op) => (rankOf(op, 0) > 5 ? 6 : inT(op, 0) === 'INT16' ? 5 : rankOf(op, 0) > 4 ? 4 : inT(op, 0) === 'BOOL' ? 3 : inT(op, 0) === 'INT8' ? 2 : 1),
  RESIZE_BILINEAR: (op) => (inT(op, 0) === 'INT16' ? 4 : op.flag('half_pixel_centers') ? 3 : inT(op, 0) === 'INT8' ? 2 : 1),
  STRIDED_SLICE: (op) => {
    if (op.flag('offset')) return 8;
    if (op.int('ellipsis_mask') !== 0 || op.int('new_axis_mask') !== 0) return 6;
    if (rankOf(op, 0) > 4) return 4;
    if (inT(op, 0) === 'BOOL') return 3;
    return inT(op, 0) === 'INT8' ? 2 : 1;
  },
  MAXIMUM: simpleInt8(2, 4),
  MINIMUM: simpleInt8(2, 4),
  GATHER: (op) => (inT(op, 0) === 'INT8' ? 2 : 1),
  PACK: (op) => (inT(op, 0) === 'INT8' ? 2 : 1),
  QUANTIZE: (op) => (op.result(0).type.quant?.axis !== undefined ? 3 : outT(op) === 'INT16' ? 2 : 1),
  DEQUANTIZE: (op) => {
    const t = inT(op, 0);
    if (t === 'INT16' || t === 'FLOAT16') return 3;
    if (t === 'INT8') return perChannel(op, 0) ? 5 : 2;
    return 1;
  },
  LEAKY_RELU: (op) => (inT(op, 0) === 'INT16' ? 2 : 1),
  SQUEEZE: () => 1,
  TRANSPOSE_CONV: (op) => (op.str('fused_activation_function') !== 'NONE' ? 4 : op.numOperands === 4 ? 3 : inT(op, 1) === 'INT8' ? 2 : 1),
};

/** (op, version) → the first TFLite runtime that supports it (tensorflow/lite/tools/versioning/runtime_version.cc). */
const RUNTIME: Readonly<Record<string, readonly string[]>> = {
  CONV_2D: ['1.5.0', '1.14.0', '1.14.0', '2.3.0', '2.4.0', '2.9.0', '2.11.0'],
  DEPTHWISE_CONV_2D: ['1.5.0', '1.12.0', '1.14.0', '2.2.0', '2.3.0', '2.3.0', '2.11.0'],
  ADD: ['1.5.0', '1.14.0', '2.4.0', '2.6.0'],
  SUB: ['1.6.0', '1.14.0', '2.3.0', '2.4.0', '2.4.0'],
  DIV: ['1.6.0', '2.3.0'],
  MUL: ['1.5.0', '1.14.0', '1.15.0', '2.3.0', '2.6.0', '2.11.0'],
  CONCATENATION: ['1.5.0', '1.14.0', '2.3.0'],
  FULLY_CONNECTED: ['1.5.0', '1.10.0', '1.14.0', '1.14.0', '2.0.0', '2.1.0', '2.3.0', '2.3.0', '2.3.0', '2.11.0'],
  MAX_POOL_2D: ['1.5.0', '1.14.0', '2.3.0'],
  AVERAGE_POOL_2D: ['1.5.0', '1.14.0', '2.3.0'],
  MAXIMUM: ['1.14.0', '1.14.0', '2.3.0', '2.3.0'],
  MINIMUM: ['1.14.0', '1.14.0', '2.3.0', '2.3.0'],
  PAD: ['1.5.0', '1.14.0', '2.4.0', '2.6.0'],
  RESHAPE: ['1.5.0'],
  SOFTMAX: ['1.5.0', '1.14.0', '2.3.0'],
  TRANSPOSE: ['1.6.0', '1.14.0', '1.15.0', '2.3.0', '2.4.0', '2.12.0'],
  MEAN: ['1.6.0', '1.14.0', '2.4.0'],
  SUM: ['1.10.0', '1.15.0'],
  REDUCE_MAX: ['1.11.0', '1.14.0', '2.5.0'],
  RELU6: ['1.5.0', '1.14.0', '2.5.0'],
  RELU: ['1.5.0', '2.1.0', '2.5.0'],
  RELU_N1_TO_1: ['1.5.0'],
  RESIZE_BILINEAR: ['1.7.0', '1.14.0', '2.2.0', '2.5.0'],
  SQUEEZE: ['1.6.0', '2.5.0'],
  STRIDED_SLICE: ['1.6.0', '1.14.0', '2.1.0', '2.2.0', '2.5.0', '2.6.0'],
  TRANSPOSE_CONV: ['1.9.0', '2.2.0', '2.3.0', '2.13.0'],
  EXPAND_DIMS: ['1.10.0'],
  PACK: ['1.11.0', '1.14.0', '2.3.0'],
  SHAPE: ['1.10.0'],
  TANH: ['1.14.0', '1.14.0', '2.3.0'],
  LEAKY_RELU: ['1.13.1', '2.3.0'],
  LOGISTIC: ['1.14.0', '1.14.0', '2.3.0'],
  SQUARED_DIFFERENCE: ['1.13.1', '2.5.0'],
  DEQUANTIZE: ['1.13.1', '1.14.0', '1.15.0', '2.2.0', '2.7.0'],
  QUANTIZE: ['1.14.0', '1.15.0', '2.7.0'],
  PRELU: ['1.8.0'],
  EXP: ['1.7.0'],
  NEG: ['1.9.0'],
  GATHER: ['1.6.0', '1.14.0', '1.15.0', '2.4.0', '2.5.0'],
  CAST: ['1.5.0', '2.7.0', '2.8.0', '2.9.0', '2.12.0'],
  HARD_SWISH: ['1.15.0'],
  SQRT: ['1.10.0'],
  SQUARE: ['1.12.0'],
  ABS: ['1.13.0'],
};

function cmpVersion(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The minimum runtime version string for a set of (op name, version) pairs; "" when unknown. */
export function minRuntimeVersion(ops: Iterable<{ code: string; version: number }>): string {
  let best = '';
  for (const { code, version } of ops) {
    const v = RUNTIME[code]?.[version - 1];
    if (v !== undefined && (best === '' || cmpVersion(v, best) > 0)) best = v;
  }
  return best;
}
