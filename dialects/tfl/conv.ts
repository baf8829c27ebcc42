// tfl convolution-like ops: conv_2d, depthwise_conv_2d, fully_connected, transpose_conv, pools.
import { Operation } from '../../src/ir/core.js';
import { Traits, attrBool, attrEnum, attrI32, defineOp } from '../../src/ir/opdef.js';
import { windowOutputSize } from '../../src/ir/shape.js';
import { TensorType, tensorType } from '../../src/ir/types.js';
import { activationAttr, constInts, paddingAttr, requireRank } from '../common.js';

const windowAttrs = {
  padding: paddingAttr,
  stride_h: attrI32(),
  stride_w: attrI32(),
  dilation_h_factor: attrI32(1),
  dilation_w_factor: attrI32(1),
  fused_activation_function: activationAttr,
};

function convResult(op: Operation, outChannels: number): TensorType[] | undefined {
  const x = op.operand(0).type;
  const w = op.operand(1).type;
  if (x.shape === null || w.shape === null || x.shape.length !== 4 || w.shape.length !== 4) return undefined;
  const pad = op.str('padding');
  const h = windowOutputSize(x.shape[1]!, w.shape[1]!, op.int('stride_h'), op.int('dilation_h_factor'), pad);
  const wd = windowOutputSize(x.shape[2]!, w.shape[2]!, op.int('stride_w'), op.int('dilation_w_factor'), pad);
  return [tensorType([x.shape[0]!, h, wd, outChannels], x.elem)];
}

function verifyBias(op: Operation, channels: number | undefined): string | undefined {
  const b = op.input('bias');
  if (b === undefined || channels === undefined || channels < 0) return undefined;
  const s = b.type.shape;
  if (s !== null && (s.length !== 1 || (s[0]! >= 0 && s[0] !== channels))) return `bias must have shape [${channels}], got [${s}]`;
  return undefined;
}

export const Conv2D = defineOp({
  name: 'tfl.conv_2d',
  summary: 'Convolution; filter is OHWI.',
  operands: ['input', 'filter', 'bias?'],
  attrs: windowAttrs,
  traits: [Traits.Pure, Traits.FusedActivation, Traits.Quantizable],
  verify: (op) => {
    const bad = requireRank(op, 0, 4, 'input') ?? requireRank(op, 1, 4, 'filter');
    if (bad) return bad;
    const x = op.operand(0).type.shape;
    const w = op.operand(1).type.shape;
    if (x && w && x[3]! >= 0 && w[3]! >= 0 && x[3]! % w[3]! !== 0) return `input channels ${x[3]} are not a multiple of filter input channels ${w[3]}`;
    return verifyBias(op, w?.[0]);
  },
  inferTypes: (op) => convResult(op, op.operand(1).type.shape?.[0] ?? -1),
});

export const DepthwiseConv2D = defineOp({
  name: 'tfl.depthwise_conv_2d',
  summary: 'Depthwise convolution; filter is 1xHxWx(C*multiplier).',
  operands: ['input', 'filter', 'bias?'],
  attrs: { ...windowAttrs, depth_multiplier: attrI32(1) },
  traits: [Traits.Pure, Traits.FusedActivation, Traits.Quantizable],
  verify: (op) => {
    const bad = requireRank(op, 0, 4, 'input') ?? requireRank(op, 1, 4, 'filter');
    if (bad) return bad;
    const x = op.operand(0).type.shape;
    const w = op.operand(1).type.shape;
    if (w && w[0] !== 1) return `filter must be 1xHxWxC, got [${w}]`;
    if (x && w && x[3]! >= 0 && w[3]! >= 0 && x[3]! * op.int('depth_multiplier') !== w[3]) return `filter channels ${w[3]} != input channels ${x[3]} x depth_multiplier ${op.int('depth_multiplier')}`;
    return verifyBias(op, w?.[3]);
  },
  inferTypes: (op) => convResult(op, op.operand(1).type.shape?.[3] ?? -1),
});

export const TransposeConv = defineOp({
  name: 'tfl.transpose_conv',
  summary: 'Transposed convolution: output_shape, weights OHWI, input, optional bias.',
  operands: ['output_shape', 'weights', 'input', 'bias?'],
  attrs: { padding: paddingAttr, stride_h: attrI32(), stride_w: attrI32(), fused_activation_function: activationAttr },
  traits: [Traits.Pure, Traits.Quantizable],
  inferTypes: (op) => {
    const s = constInts(op.operand(0));
    return s === undefined ? undefined : [tensorType(s, op.operand(2).type.elem)];
  },
});

export const FullyConnected = defineOp({
  name: 'tfl.fully_connected',
  summary: 'y = x W^T + b with W of shape [out, in].',
  operands: ['input', 'filter', 'bias?'],
  attrs: {
    fused_activation_function: activationAttr,
    weights_format: attrEnum(['DEFAULT', 'SHUFFLED4x16INT8'], 'DEFAULT'),
    keep_num_dims: attrBool(false),
    asymmetric_quantize_inputs: attrBool(false),
  },
  traits: [Traits.Pure, Traits.FusedActivation, Traits.Quantizable],
  verify: (op) => {
    const bad = requireRank(op, 1, 2, 'filter');
    if (bad) return bad;
    const x = op.operand(0).type.shape;
    const w = op.operand(1).type.shape;
    if (x && w && x.length > 0 && x[x.length - 1]! >= 0 && w[1]! >= 0 && x[x.length - 1] !== w[1] && !op.flag('keep_num_dims')) {
      const total = x.reduce((a, b) => a * b, 1);
      if (total % w[1]! !== 0) return `input of shape [${x}] cannot feed a filter with ${w[1]} inputs`;
    }
    return verifyBias(op, w?.[0]);
  },
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const w = op.operand(1).type.shape;
    if (x.shape === null || w === null) return undefined;
    const units = w[0]!;
    if (op.flag('keep_num_dims')) return [tensorType([...x.shape.slice(0, -1), units], x.elem)];
    const total = x.shape.every((d) => d >= 0) ? x.shape.reduce((a, b) => a * b, 1) : -1;
    const batch = total >= 0 && w[1]! > 0 ? total / w[1]! : x.shape.length >= 2 ? x.shape[0]! : -1;
    return [tensorType([batch, units], x.elem)];
  },
});

const poolAttrs = {
  padding: paddingAttr,
  stride_h: attrI32(),
  stride_w: attrI32(),
  filter_height: attrI32(),
  filter_width: attrI32(),
  fused_activation_function: activationAttr,
};

function poolResult(op: Operation): TensorType[] | undefined {
  const x = op.operand(0).type;
  if (x.shape === null || x.shape.length !== 4) return undefined;
  const pad = op.str('padding');
  const h = windowOutputSize(x.shape[1]!, op.int('filter_height'), op.int('stride_h'), 1, pad);
  const w = windowOutputSize(x.shape[2]!, op.int('filter_width'), op.int('stride_w'), 1, pad);
  return [tensorType([x.shape[0]!, h, w, x.shape[3]!], x.elem)];
}

export const AveragePool2D = defineOp({
  name: 'tfl.average_pool_2d',
  operands: ['input'],
  attrs: poolAttrs,
  traits: [Traits.Pure, Traits.FusedActivation, Traits.Quantizable, Traits.SameScale],
  verify: (op) => requireRank(op, 0, 4, 'input'),
  inferTypes: poolResult,
});

export const MaxPool2D = defineOp({
  name: 'tfl.max_pool_2d',
  operands: ['input'],
  attrs: poolAttrs,
  traits: [Traits.Pure, Traits.FusedActivation, Traits.Quantizable, Traits.SameScale],
  verify: (op) => requireRank(op, 0, 4, 'input'),
  inferTypes: poolResult,
});
