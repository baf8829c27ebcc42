// Which tfl ops TFLite runs in int8 and the constraint each puts on its output parameters (the quantization spec).
import { Operation } from '../../src/ir/core.js';
import { constantValue } from '../../src/ir/builtin-ops.js';

/**
 * weighted: conv-like, symmetric int8 filter (per channel along `axis`), int32 bias, own output range;
 * own:      output parameters from its own calibrated range (add, mul, mean, relu...);
 * same:     output keeps the input's parameters (pools, reshape, pad, transpose...);
 * shared:   every input and the output share one set of parameters (concatenation, maximum, minimum, pack);
 * fixed:    output parameters fixed by the spec (softmax, logistic: 1/256, -128; tanh: 1/128, 0);
 * passthrough: reads a quantized tensor without caring about its parameters (shape).
 */
export type Int8Rule =
  | { readonly kind: 'weighted'; readonly input: number; readonly filter: number; readonly bias: number; readonly axis: number; readonly perChannelOk: boolean }
  | { readonly kind: 'own' | 'same' | 'shared' | 'fixed' | 'passthrough' };

const own = { kind: 'own' } as const;
const same = { kind: 'same' } as const;
const shared = { kind: 'shared' } as const;
const fixed = { kind: 'fixed' } as const;

export const INT8_RULES: Readonly<Record<string, Int8Rule>> = {
  'tfl.conv_2d': { kind: 'weighted', input: 0, filter: 1, bias: 2, axis: 0, perChannelOk: true },
  'tfl.depthwise_conv_2d': { kind: 'weighted', input: 0, filter: 1, bias: 2, axis: 3, perChannelOk: true },
  'tfl.fully_connected': { kind: 'weighted', input: 0, filter: 1, bias: 2, axis: 0, perChannelOk: true },
  'tfl.transpose_conv': { kind: 'weighted', input: 2, filter: 1, bias: 3, axis: 0, perChannelOk: true },
  'tfl.add': own,
  'tfl.sub': own,
  'tfl.mul': own,
  'tfl.mean': own,
  'tfl.sum': own,
  'tfl.relu': own,
  'tfl.relu6': own,
  'tfl.relu_n1_to_1': own,
  'tfl.leaky_relu': own,
  'tfl.hard_swish': own,
  'tfl.prelu': own,
  'tfl.squared_difference': own,
  'tfl.max_pool_2d': same,
  'tfl.average_pool_2d': same,
  'tfl.reshape': same,
  'tfl.squeeze': same,
  'tfl.expand_dims': same,
  'tfl.pad': same,
  'tfl.pad_v2': same,
  'tfl.mirror_pad': same,
  'tfl.transpose': same,
  'tfl.strided_slice': same,
  'tfl.gather': same,
  'tfl.resize_bilinear': same,
  'tfl.reduce_max': same,
  'tfl.concatenation': shared,
  'tfl.maximum': shared,
  'tfl.minimum': shared,
  'tfl.pack': shared,
  'tfl.softmax': fixed,
  'tfl.logistic': fixed,
  'tfl.tanh': fixed,
  'tfl.shape': { kind: 'passthrough' },
};

/** Fused activations TFLite's integer kernels can apply (they clamp on the output's quantized range). */
const INT8_ACTIVATIONS = new Set(['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1']);

function allFinite(data: ArrayLike<unknown>): boolean {
  for (let i = 0; i < data.length; i++) if (typeof data[i] !== 'number' || !Number.isFinite(data[i])) return false;
  return true;
}

/** Why an op cannot be quantized to int8, or undefined when it can. */
export function int8Blocker(op: Operation): string | undefined {
  const rule = INT8_RULES[op.name];
  if (rule === undefined) return 'TFLite has no int8 kernel for it';
  const act = op.attrs.get('fused_activation_function');
  if (act?.kind === 'string' && !INT8_ACTIVATIONS.has(act.value)) return `its fused activation ${act.value} has no int8 form`;
  if (rule.kind === 'weighted') {
    const w = rule.filter < op.numOperands ? constantValue(op.operand(rule.filter).producer) : undefined;
    if (w === undefined || w.type.elem !== 'f32' || w.type.quant !== undefined || w.elided) return 'its filter is not a readable float constant';
    if (!allFinite(w.data)) return 'its filter holds NaN or infinite values';
    if (rule.bias < op.numOperands) {
      const b = constantValue(op.operand(rule.bias).producer);
      if (b === undefined || b.type.elem !== 'f32' || b.type.quant !== undefined || b.elided) return 'its bias is not a readable float constant';
      if (!allFinite(b.data)) return 'its bias holds NaN or infinite values';
    }
  }
  return undefined;
}
