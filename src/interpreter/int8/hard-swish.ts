// tfl.hard_swish on int8/uint8: reference_ops::HardSwish's 16-bit fixed-point algorithm with HardSwishPrepare's params.
//
// The input is moved to a "high-resolution" scale (x - zp) * 2^7; one 16-bit multiplier takes it to the output
// scale, another to the "relu-ish" scale where 3.0 is 2^15; the relu-ish value is mapped from [-1, 1] to [0, 1]
// and multiplied in (with the non-rounding SQDMULH-style product), then shifted and offset. The result depends only
// on the 8-bit input, so it is tabulated once at prepare time.
import type { Operation } from '../../ir/core.js';
import { quantizeMultiplier, roundingDivideByPOT } from '../quant-math.js';
import { arg, type Int8Kernel } from './kernel.js';
import { alloc8, tensorQuant8, unsupported } from './tensor.js';

const INT16_MIN = -32768;
const INT16_MAX = 32767;

/** DownScaleInt32ToInt16Multiplier: rounds a Q0.31 multiplier to Q0.15. */
export function downScaleInt32ToInt16Multiplier(m: number): number {
  const rounding = 1 << 15;
  if (m >= 2147483647 - rounding) return INT16_MAX;
  return (m + rounding) >> 16;
}

/** gemmlowp SaturatingRoundingDoublingHighMul on int16. */
export function srdhm16(a: number, b: number): number {
  if (a === INT16_MIN && b === INT16_MIN) return INT16_MAX;
  const ab = a * b;
  return Math.trunc((ab + (ab >= 0 ? 1 << 14 : 1 - (1 << 14))) / 32768);
}

/** reference_ops::SaturatingDoublingHighMul: like srdhm16 but truncating (no rounding nudge). */
export function sdhm16(a: number, b: number): number {
  if (a === INT16_MIN && b === INT16_MIN) return INT16_MAX;
  return Math.trunc((a * b) / 32768);
}

/** reference_ops::SaturatingLeftShift on int16. */
export function saturatingLeftShift16(v: number, amount: number): number {
  const r = v * 2 ** amount;
  return r > INT16_MAX ? INT16_MAX : r < INT16_MIN ? INT16_MIN : r;
}

export interface HardSwishParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  reluishMultiplier: number;
  reluishExponent: number;
  outputMultiplier: number;
  outputExponent: number;
}

/** HardSwishPrepare: both multipliers are computed in float32, then reduced to 16 bits. */
export function prepareHardSwish(inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number): HardSwishParams {
  const f = Math.fround;
  const hiresInputScale = f(f(1 / 128) * f(inputScale));
  const reluishScale = f(3 / 32768);
  const out = quantizeMultiplier(f(hiresInputScale / f(outputScale)));
  const reluish = quantizeMultiplier(f(hiresInputScale / reluishScale));
  return {
    inputZeroPoint,
    outputZeroPoint,
    reluishMultiplier: downScaleInt32ToInt16Multiplier(reluish.multiplier),
    reluishExponent: reluish.shift,
    outputMultiplier: downScaleInt32ToInt16Multiplier(out.multiplier),
    outputExponent: out.shift,
  };
}

/** One element of reference_ops::HardSwish, clamped to [qmin, qmax]. */
export function hardSwishValue(x: number, p: HardSwishParams, qmin: number, qmax: number): number {
  const inputValue = x - p.inputZeroPoint;
  const hires = inputValue * 128;
  const preshiftOutput = srdhm16(hires, p.outputMultiplier);
  let reluish = hires;
  if (p.reluishExponent > 0) reluish = saturatingLeftShift16(reluish, p.reluishExponent - 1);
  reluish = srdhm16(reluish, p.reluishMultiplier);
  if (p.reluishExponent > 0) reluish = saturatingLeftShift16(reluish, 1);
  if (p.reluishExponent < 0) reluish = roundingDivideByPOT(reluish, -p.reluishExponent);
  reluish = (reluish + (1 << 15)) >> 1;
  const preshift = sdhm16(reluish, preshiftOutput);
  const out = roundingDivideByPOT(preshift, -p.outputExponent) + p.outputZeroPoint;
  return out < qmin ? qmin : out > qmax ? qmax : out;
}

export function hardSwishKernel(op: Operation): Int8Kernel {
  const qi = tensorQuant8(op, op.operand(0), 'input');
  const qo = tensorQuant8(op, op.result(0), 'output');
  if (qi.storage !== qo.storage) return unsupported(op, `input is ${qi.storage} but output is ${qo.storage}`);
  const p = prepareHardSwish(qi.scale, qi.zeroPoint, qo.scale, qo.zeroPoint);
  if (p.outputExponent > 0) return unsupported(op, 'the output scale is too small for the input scale (TFLite requires input_scale / 128 <= output_scale)');
  const table = new Int16Array(256);
  for (let v = qi.qmin; v <= qi.qmax; v++) table[v & 0xff] = hardSwishValue(v, p, qo.qmin, qo.qmax);
  return (inputs) => {
    const x = arg(inputs, 0);
    const out = alloc8(qo.storage, x.data.length);
    for (let i = 0; i < out.length; i++) out[i] = table[x.data[i]! & 0xff]!;
    return [{ data: out, shape: x.shape }];
  };
}
