// Requantization parameters of conv / depthwise / fully-connected, as TFLite's Prepare computes them.
//
// kernel_util.cc PopulateConvolutionQuantizationParams: for int8 inputs every output channel gets
// QuantizeMultiplier(double(input_scale) * double(filter_scale[c]) / double(output_scale)) (per-tensor filters repeat
// scale[0]). For uint8 inputs (the legacy TOCO path) the kernels use one multiplier from
// GetQuantizedConvolutionMultipler, whose product input_scale * filter_scale is taken in float32 before the
// division in double. Fully connected uses that legacy formula for every per-tensor filter and the double
// formula per channel.
import type { Operation, Value } from '../../ir/core.js';
import { calculateActivationRangeQuantized, quantizeMultiplier, type FusedActivation } from '../quant-math.js';
import { filterScales, tensorQuant8, unsupported, type TensorQuant } from './tensor.js';

export interface Requantize {
  /** Q0.31 multiplier per output channel. */
  readonly multipliers: Int32Array;
  /** Shift per output channel, positive = left (TFLite's QuantizeMultiplier exponent). */
  readonly shifts: Int32Array;
  /** 2^max(shift, 0) per channel: the left shift as an int32 factor. */
  readonly leftFactors: Int32Array;
  /** max(-shift, 0) per channel: RoundingDivideByPOT's exponent. */
  readonly rightShifts: Int32Array;
  /** 2^rightShift - 1 per channel: RoundingDivideByPOT's remainder mask. */
  readonly masks: Int32Array;
  readonly outputZeroPoint: number;
  readonly actMin: number;
  readonly actMax: number;
}

export interface ConvQuant extends Requantize {
  readonly input: TensorQuant & { storage: 'i8' | 'u8' };
  readonly output: TensorQuant & { storage: 'i8' | 'u8' };
  /** -filter zero point, added to every filter value (0 for symmetric int8 filters). */
  readonly filterOffset: number;
}

/** The fused activation attribute, checked to be one a quantized kernel can clamp. */
export function fusedActivation(op: Operation): FusedActivation {
  const a = op.attr('fused_activation_function');
  const name = a?.kind === 'string' ? a.value : 'NONE';
  if (name !== 'NONE' && name !== 'RELU' && name !== 'RELU6' && name !== 'RELU_N1_TO_1') {
    return unsupported(op, `fused activation ${name} cannot be applied by a quantized kernel`);
  }
  return name;
}

/** Activation clamp on the output's storage range (CalculateActivationRangeQuantized). */
export function activationRange(op: Operation, out: TensorQuant): { actMin: number; actMax: number } {
  const r = calculateActivationRangeQuantized(fusedActivation(op), out.scale, out.zeroPoint, { min: out.qmin, max: out.qmax });
  return { actMin: r.min, actMax: r.max };
}

/**
 * Parameters of a conv-like op with `channels` output channels whose filter is quantized along `channelAxis`.
 * `legacyPerTensor` selects the float32-product multiplier for per-tensor filters (uint8 conv, any fully connected).
 */
export function convQuant(op: Operation, input: Value, filter: Value, output: Value, channels: number, channelAxis: number, kind: 'conv' | 'fully_connected'): ConvQuant {
  const inQ = tensorQuant8(op, input, 'input');
  const outQ = tensorQuant8(op, output, 'output');
  const fq = filter.type.quant;
  if (fq === undefined || (fq.storage !== 'i8' && fq.storage !== 'u8')) return unsupported(op, 'filter must be int8 or uint8 quantized');
  if (inQ.storage !== outQ.storage) return unsupported(op, `input is ${inQ.storage} but output is ${outQ.storage}`);
  const { scales, zeroPoint } = filterScales(op, filter, channels, channelAxis);
  const perChannel = fq.scales.length > 1;
  if (perChannel && inQ.storage !== 'i8') return unsupported(op, 'per-channel filters need int8 inputs (as in TFLite)');
  const legacy = !perChannel && (inQ.storage === 'u8' || kind === 'fully_connected');
  const multipliers = new Int32Array(channels);
  const shifts = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    const real = legacy ? Math.fround(inQ.scale * scales[c]!) / outQ.scale : (inQ.scale * scales[c]!) / outQ.scale;
    const { multiplier, shift } = quantizeMultiplier(real);
    // The one multiplier the kernels' requantization (requantize.ts) does not reproduce; only a negative scale gives it.
    if (multiplier === -2147483648) return unsupported(op, `output channel ${c} has a requantization multiplier of -2^31 (negative scales)`);
    multipliers[c] = multiplier;
    shifts[c] = shift;
  }
  return {
    input: inQ,
    output: outQ,
    filterOffset: -zeroPoint,
    multipliers,
    shifts,
    leftFactors: shifts.map((s) => (s > 0 ? 1 << s : 1)),
    rightShifts: shifts.map((s) => (s > 0 ? 0 : -s)),
    masks: shifts.map((s) => (s >= 0 ? 0 : s <= -31 ? 0x7fffffff : (1 << -s) - 1)),
    outputZeroPoint: outQ.zeroPoint,
    ...activationRange(op, outQ),
  };
}
