// tfl.quantize (float -> int8/uint8, and int8 <-> uint8 requantization) and tfl.dequantize, as quantize.cc does them.
//
// Float input: AffineQuantize, q = clamp(round(x / scale) + zp) in float32. Quantized input: Requantize with
// QuantizeMultiplier(double(s_in) / double(s_out)): q = clamp(MultiplyByQuantizedMultiplier(x - zp_in, m, shift)
// + zp_out); with equal scales and zero points 128 apart this is exactly the sign-bit flip TFLite's fast path does.
// Dequantize: float(double(scale) * (q - zp)).
import type { Operation } from '../../ir/core.js';
import { dequantize, multiplyByQuantizedMultiplier, quantizeMultiplier, quantizeValue } from '../quant-math.js';
import { arg, type Int8Kernel } from './kernel.js';
import { alloc8, tensorQuant, tensorQuant8, unsupported } from './tensor.js';

export function quantizeKernel(op: Operation): Int8Kernel {
  const qo = tensorQuant8(op, op.result(0), 'output');
  const range = { min: qo.qmin, max: qo.qmax };
  const inType = op.operand(0).type;
  if (inType.quant === undefined) {
    if (inType.elem !== 'f32') return unsupported(op, `cannot quantize ${inType.elem} input`);
    return (inputs) => {
      const x = arg(inputs, 0);
      const out = alloc8(qo.storage, x.data.length);
      for (let i = 0; i < out.length; i++) out[i] = quantizeValue(x.data[i]!, qo.scale, qo.zeroPoint, range);
      return [{ data: out, shape: x.shape }];
    };
  }
  const qi = tensorQuant8(op, op.operand(0), 'input');
  const { multiplier, shift } = quantizeMultiplier(qi.scale / qo.scale);
  const table = new Int16Array(256);
  for (let v = qi.qmin; v <= qi.qmax; v++) {
    const r = multiplyByQuantizedMultiplier(v - qi.zeroPoint, multiplier, shift) + qo.zeroPoint;
    table[v & 0xff] = r < qo.qmin ? qo.qmin : r > qo.qmax ? qo.qmax : r;
  }
  return (inputs) => {
    const x = arg(inputs, 0);
    const out = alloc8(qo.storage, x.data.length);
    for (let i = 0; i < out.length; i++) out[i] = table[x.data[i]! & 0xff]!;
    return [{ data: out, shape: x.shape }];
  };
}

export function dequantizeKernel(op: Operation): Int8Kernel {
  const qi = tensorQuant(op, op.operand(0), 'input');
  if (op.result(0).type.elem !== 'f32') return unsupported(op, `dequantize to ${op.result(0).type.elem} is not supported`);
  return (inputs) => {
    const x = arg(inputs, 0);
    return [{ data: dequantize(x.data, qi.scale, qi.zeroPoint), shape: x.shape }];
  };
}
