// tfl.mean on int8/uint8, following the branches of TFLite's reduce.cc EvalMean (reference kernels, current TF):
//  1. keep_dims, rank 4, axes [1, 2], int8: reference_integer_ops::Mean - acc = sum(x - zp_in),
//     MultiplyByQuantizedMultiplier(acc, QuantizeMultiplier(s_in / s_out)), rounding division by H*W
//     (acc > 0 ? (acc + n/2) / n : (acc - n/2) / n), + zp_out, clamp.
//  2. the same case for uint8: reference_ops::Mean (uint8) - acc = sum(x), multiplier from
//     s_in / (n * s_out) in float32, bias = zp_out - round(zp_in * s_in / s_out) (float32, half away from zero).
//  3. other axes with equal input/output quantization: the integer sum divided by n (truncating).
//  4. otherwise reference_ops::QuantizedMeanOrSum: float32 mean of the raw values, round(mean * s - zp_in * s)
//     + zp_out with s = s_in / s_out. (Older TF added 0.5 before TfLiteRound here, rounding twice; the runtime
//     tests show the desktop runtime does not, so neither does this kernel.)
import type { Operation } from '../../ir/core.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, tfliteRound } from '../quant-math.js';
import { arg, type Int8Kernel } from './kernel.js';
import { constantInts } from './operands.js';
import { alloc8, tensorQuant8, unsupported, type QTensor } from './tensor.js';

const f = Math.fround;

/** Sums of the raw values over the reduced axes: [outer positions], plus the reduced count. */
function reduceSums(x: QTensor, axes: readonly number[]): { sums: Float64Array; count: number; kept: number[] } {
  const rank = x.shape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of axes) reduced[a] = true;
  const kept = x.shape.filter((_, i) => !reduced[i]);
  let outN = 1;
  for (const d of kept) outN *= d;
  let count = 1;
  x.shape.forEach((d, i) => {
    if (reduced[i]) count *= d;
  });
  // Output stride of each input dimension (0 along reduced ones).
  const outStride = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    if (!reduced[i]) {
      outStride[i] = s;
      s *= x.shape[i]!;
    }
  }
  const sums = new Float64Array(outN);
  const counter = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < x.data.length; i++) {
    sums[o] = sums[o]! + x.data[i]!;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      o += outStride[d]!;
      if (counter[d]! < x.shape[d]!) break;
      o -= outStride[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return { sums, count, kept };
}

export function meanKernel(op: Operation): Int8Kernel {
  const qi = tensorQuant8(op, op.operand(0), 'input');
  const qo = tensorQuant8(op, op.result(0), 'output');
  if (qi.storage !== qo.storage) return unsupported(op, `input is ${qi.storage} but output is ${qo.storage}`);
  const axisValues = constantInts(op, 1);
  if (axisValues === undefined) return unsupported(op, 'the reduction axes must be a constant');
  const keepDims = op.flag('keep_dims');
  const intMean = quantizeMultiplier(qi.scale / qo.scale);

  return (inputs) => {
    const x = arg(inputs, 0);
    const rank = x.shape.length;
    const axes: number[] = [];
    for (const a of axisValues) {
      const r = a < 0 ? a + rank : a;
      if (r < 0 || r >= rank) return unsupported(op, `axis ${a} is out of range for rank ${rank}`);
      if (!axes.includes(r)) axes.push(r);
    }
    const { sums, count, kept } = reduceSums(x, axes);
    const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept;
    const out = alloc8(qo.storage, sums.length);
    const clamp = (v: number): number => (v < qo.qmin ? qo.qmin : v > qo.qmax ? qo.qmax : v);
    if (x.data.length === 0 || count === 0) return [{ data: out, shape }];
    // TFLite matches the raw axis values here: [1, 2] or [2, 1], not their negative spellings.
    const [a0, a1] = axisValues;
    const spatial = keepDims && rank === 4 && axisValues.length === 2 && ((a0 === 1 && a1 === 2) || (a0 === 2 && a1 === 1));
    if (spatial && qi.storage === 'i8') {
      const half = Math.trunc(count / 2);
      for (let i = 0; i < sums.length; i++) {
        let acc = multiplyByQuantizedMultiplier((sums[i]! - qi.zeroPoint * count) | 0, intMean.multiplier, intMean.shift);
        acc = acc > 0 ? Math.trunc((acc + half) / count) : Math.trunc((acc - half) / count);
        out[i] = clamp(acc + qo.zeroPoint);
      }
    } else if (spatial) {
      const bias = qo.zeroPoint - tfliteRound(f(f(qi.zeroPoint * qi.scale) / qo.scale));
      const m = quantizeMultiplier(f(qi.scale / f(count * qo.scale)));
      for (let i = 0; i < sums.length; i++) out[i] = clamp(multiplyByQuantizedMultiplier(sums[i]! | 0, m.multiplier, m.shift) + bias);
    } else if (qi.scale === qo.scale && qi.zeroPoint === qo.zeroPoint) {
      for (let i = 0; i < sums.length; i++) out[i] = Math.trunc(sums[i]! / count);
    } else {
      const scale = f(qi.scale / qo.scale);
      const bias = f(-qi.zeroPoint * scale);
      for (let i = 0; i < sums.length; i++) {
        const mean = f(f(sums[i]!) / f(count));
        out[i] = clamp(tfliteRound(f(f(mean * scale) + bias)) + qo.zeroPoint);
      }
    }
    return [{ data: out, shape }];
  };
}
