// Standalone activations on int8/uint8: softmax and logistic (the float lookup tables TFLite's desktop kernels
// use, from quant-activations.ts) and relu / relu6 / relu_n1_to_1 (activations.cc QuantizedReluX).
//
// QuantizedReluX: multiplier = QuantizeMultiplier(float(s_in / s_out)); clamp bounds are
// zp_out + roundf(bound / s_out) in float32, intersected with the storage range; each element is
// zp_out + MultiplyByQuantizedMultiplier(x - zp_in, m, shift), clamped. The result depends only on the 8-bit
// input, so relu and logistic are table lookups.
import type { Operation } from '../../ir/core.js';
import { logisticLookupTable, softmaxInt8Lut, softmaxLookupTable } from '../quant-activations.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, tfliteRound } from '../quant-math.js';
import { arg, type Int8Kernel } from './kernel.js';
import { alloc8, tensorQuant8, unsupported, type TensorQuant } from './tensor.js';

function sameStorage(op: Operation): [TensorQuant, TensorQuant & { storage: 'i8' | 'u8' }] {
  const qi = tensorQuant8(op, op.operand(0), 'input');
  const qo = tensorQuant8(op, op.result(0), 'output');
  if (qi.storage !== qo.storage) return unsupported(op, `input is ${qi.storage} but output is ${qo.storage}`);
  return [qi, qo];
}

/** A kernel that maps every 8-bit value through a 256-entry table indexed by (value & 0xff). */
function tableKernel(storage: 'i8' | 'u8', table: Int16Array): Int8Kernel {
  return (inputs) => {
    const x = arg(inputs, 0);
    const out = alloc8(storage, x.data.length);
    const data = x.data;
    for (let i = 0; i < out.length; i++) out[i] = table[data[i]! & 0xff]!;
    return [{ data: out, shape: x.shape }];
  };
}

export function softmaxKernel(op: Operation): Int8Kernel {
  const [qi, qo] = sameStorage(op);
  const table = softmaxLookupTable(qi.scale, op.float('beta'));
  return (inputs) => {
    const x = arg(inputs, 0);
    const depth = x.shape[x.shape.length - 1] ?? 1;
    if (x.shape.length === 0 || depth === 0) return unsupported(op, 'softmax needs an input of rank >= 1 with a non-empty last axis');
    const out = alloc8(qo.storage, x.data.length);
    softmaxInt8Lut(x.data as Int8Array | Uint8Array, depth, table, qo.scale, qo.zeroPoint, out);
    return [{ data: out, shape: x.shape }];
  };
}

export function logisticKernel(op: Operation): Int8Kernel {
  const [qi, qo] = sameStorage(op);
  return tableKernel(qo.storage, logisticLookupTable(qi.scale, qi.zeroPoint, qo.scale, qo.zeroPoint, qo.storage === 'i8'));
}

function reluXKernel(op: Operation, lower: number, upper: number): Int8Kernel {
  const [qi, qo] = sameStorage(op);
  const f = Math.fround;
  const { multiplier, shift } = quantizeMultiplier(f(qi.scale / qo.scale));
  const actMin = Math.max(qo.qmin, qo.zeroPoint + tfliteRound(f(lower / qo.scale)));
  const actMax = upper === Infinity ? qo.qmax : Math.min(qo.qmax, qo.zeroPoint + tfliteRound(f(upper / qo.scale)));
  const table = new Int16Array(256);
  for (let v = qi.qmin; v <= qi.qmax; v++) {
    const r = qo.zeroPoint + multiplyByQuantizedMultiplier(v - qi.zeroPoint, multiplier, shift);
    table[v & 0xff] = r < actMin ? actMin : r > actMax ? actMax : r;
  }
  return tableKernel(qo.storage, table);
}

export const reluKernel = (op: Operation): Int8Kernel => reluXKernel(op, 0, Infinity);
export const relu6Kernel = (op: Operation): Int8Kernel => reluXKernel(op, 0, 6);
export const reluN1To1Kernel = (op: Operation): Int8Kernel => reluXKernel(op, -1, 1);
