// tf neural-network ops: Conv2D, DepthwiseConv2dNative, BiasAdd, FusedBatchNorm*, MaxPool, AvgPool, MatMul, Softmax.
import { Operation } from '../../src/ir/core.js';
import { OpDef, Traits, attrBool, attrEnum, attrF32, attrInts, defineOp } from '../../src/ir/opdef.js';
import { TensorType, tensorType } from '../../src/ir/types.js';
import { requireRank, sameAsOperand } from '../common.js';
import { convPaddingAttr, dataFormatAttr, explicitPaddingsAttr, verifyExplicitPaddings, verifyNhwc, verifyNhwcList, windowOf, windowResult } from './util.js';

const convAttrs = {
  strides: attrInts(),
  padding: convPaddingAttr,
  explicit_paddings: explicitPaddingsAttr,
  data_format: dataFormatAttr,
  dilations: attrInts([1, 1, 1, 1]),
};

function verifyConvLike(op: Operation): string | undefined {
  return (
    verifyNhwc(op) ??
    verifyNhwcList(op, 'strides') ??
    verifyNhwcList(op, 'dilations') ??
    verifyExplicitPaddings(op) ??
    requireRank(op, 0, 4, 'input') ??
    requireRank(op, 1, 4, 'filter')
  );
}

export const Conv2D = defineOp({
  name: 'tf.Conv2D',
  summary: 'NHWC convolution with an HWIO filter.',
  operands: ['input', 'filter'],
  attrs: convAttrs,
  traits: [Traits.Pure],
  verify: (op) => {
    const bad = verifyConvLike(op);
    if (bad) return bad;
    const c = op.operand(0).type.shape?.[3] ?? -1;
    const ic = op.operand(1).type.shape?.[2] ?? -1;
    if (c >= 0 && ic > 0 && c % ic !== 0) return `input has ${c} channels, not a multiple of the filter's ${ic} input channels`;
    return undefined;
  },
  inferTypes: (op) => {
    const w = op.operand(1).type.shape;
    const ok = w !== null && w.length === 4;
    return windowResult(op, op.operand(0).type, ok ? w[0]! : -1, ok ? w[1]! : -1, ok ? w[3]! : -1, windowOf(op));
  },
});

export const DepthwiseConv2dNative = defineOp({
  name: 'tf.DepthwiseConv2dNative',
  summary: 'NHWC depthwise convolution with an [H, W, C, multiplier] filter.',
  operands: ['input', 'filter'],
  attrs: convAttrs,
  traits: [Traits.Pure],
  verify: (op) => {
    const bad = verifyConvLike(op);
    if (bad) return bad;
    const c = op.operand(0).type.shape?.[3] ?? -1;
    const fc = op.operand(1).type.shape?.[2] ?? -1;
    if (c >= 0 && fc >= 0 && c !== fc) return `input has ${c} channels but the filter is for ${fc}`;
    return undefined;
  },
  inferTypes: (op) => {
    const w = op.operand(1).type.shape;
    const ok = w !== null && w.length === 4;
    const ch = ok && w[2]! >= 0 && w[3]! >= 0 ? w[2]! * w[3]! : -1;
    return windowResult(op, op.operand(0).type, ok ? w[0]! : -1, ok ? w[1]! : -1, ch, windowOf(op));
  },
});

export const BiasAdd = defineOp({
  name: 'tf.BiasAdd',
  summary: 'Adds a 1-D bias along the last (channel) dim.',
  operands: ['value', 'bias'],
  attrs: { data_format: dataFormatAttr },
  traits: [Traits.Pure],
  verify: (op) => {
    const bad = verifyNhwc(op) ?? requireRank(op, 1, 1, 'bias');
    if (bad) return bad;
    const x = op.operand(0).type.shape;
    const b = op.operand(1).type.shape;
    if (x !== null && x.length < 2) return `value must have rank 2 or more, got rank ${x.length}`;
    const c = x?.[x.length - 1] ?? -1;
    if (b !== null && c >= 0 && b[0]! >= 0 && b[0] !== c) return `bias has ${b[0]} entries but the value has ${c} channels`;
    return undefined;
  },
  inferTypes: sameAsOperand(0),
});

function fusedBatchNorm(name: string, sideOutputs: number, formats: readonly string[]): OpDef {
  return defineOp({
    name,
    summary: 'Batch normalization; only inference mode (is_training = false) is supported.',
    operands: ['x', 'scale', 'offset', 'mean', 'variance'],
    results: ['y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2', 'reserve_space_3'].slice(0, 1 + sideOutputs),
    attrs: { epsilon: attrF32(0.0001), exponential_avg_factor: attrF32(1), data_format: attrEnum(formats, 'NHWC'), is_training: attrBool(true) },
    traits: [Traits.Pure],
    verify: (op) => {
      const bad = verifyNhwc(op);
      if (bad) return bad;
      if (op.flag('is_training')) return 'is_training = true (a training-mode batch norm) cannot be converted; save the model for inference (training=False)';
      const c = op.operand(0).type.shape?.at(-1) ?? -1;
      for (let i = 1; i < 5; i++) {
        const s = op.operand(i).type.shape;
        if (s === null) continue;
        if (s.length !== 1) return `${['scale', 'offset', 'mean', 'variance'][i - 1]} must be rank 1, got rank ${s.length}`;
        if (c >= 0 && s[0]! >= 0 && s[0] !== c) return `${['scale', 'offset', 'mean', 'variance'][i - 1]} has ${s[0]} entries but x has ${c} channels`;
      }
      return undefined;
    },
    inferTypes: (op) => {
      const x = op.operand(0).type;
      const c = x.shape?.at(-1) ?? op.operand(1).type.shape?.[0] ?? -1;
      const u = op.operand(1).type.elem;
      const side: TensorType[] = [];
      for (let i = 0; i < Math.min(sideOutputs, 4); i++) side.push(tensorType([c], u));
      // reserve_space_3 is an implementation detail of TF's kernels with no fixed shape.
      if (sideOutputs === 5) side.push(tensorType(null, u));
      return [tensorType(x.shape, x.elem), ...side];
    },
  });
}

export const FusedBatchNorm = fusedBatchNorm('tf.FusedBatchNorm', 4, ['NHWC', 'NCHW']);
export const FusedBatchNormV2 = fusedBatchNorm('tf.FusedBatchNormV2', 4, ['NHWC', 'NCHW']);
export const FusedBatchNormV3 = fusedBatchNorm('tf.FusedBatchNormV3', 5, ['NHWC', 'NCHW', 'NDHWC', 'NCDHW']);

function pool(name: string, input: string, paddings: readonly string[]): OpDef {
  const explicit = paddings.includes('EXPLICIT');
  return defineOp({
    name,
    operands: [input],
    attrs: { ksize: attrInts(), strides: attrInts(), padding: attrEnum(paddings), data_format: dataFormatAttr, ...(explicit ? { explicit_paddings: explicitPaddingsAttr } : {}) },
    traits: [Traits.Pure],
    verify: (op) =>
      verifyNhwc(op) ?? verifyNhwcList(op, 'ksize') ?? verifyNhwcList(op, 'strides') ?? (explicit ? verifyExplicitPaddings(op) : undefined) ?? requireRank(op, 0, 4, 'input'),
    inferTypes: (op) => {
      const k = op.ints('ksize');
      const x = op.operand(0).type;
      return windowResult(op, x, k[1] ?? 1, k[2] ?? 1, x.shape?.[3] ?? -1, windowOf(op));
    },
  });
}

export const MaxPool = pool('tf.MaxPool', 'input', ['SAME', 'VALID', 'EXPLICIT']);
export const AvgPool = pool('tf.AvgPool', 'value', ['SAME', 'VALID']);

export const MatMul = defineOp({
  name: 'tf.MatMul',
  summary: 'a x b of rank-2 matrices, optionally transposed.',
  operands: ['a', 'b'],
  attrs: { transpose_a: attrBool(false), transpose_b: attrBool(false) },
  traits: [Traits.Pure],
  verify: (op) => {
    const bad = requireRank(op, 0, 2, 'a') ?? requireRank(op, 1, 2, 'b');
    if (bad) return bad;
    const a = op.operand(0).type.shape;
    const b = op.operand(1).type.shape;
    const k1 = a?.[op.flag('transpose_a') ? 0 : 1] ?? -1;
    const k2 = b?.[op.flag('transpose_b') ? 1 : 0] ?? -1;
    if (k1 >= 0 && k2 >= 0 && k1 !== k2) return `inner dimensions differ: a gives ${k1}, b gives ${k2}`;
    return undefined;
  },
  inferTypes: (op) => {
    const a = op.operand(0).type;
    const b = op.operand(1).type.shape;
    const m = a.shape?.[op.flag('transpose_a') ? 1 : 0] ?? -1;
    const n = b?.[op.flag('transpose_b') ? 0 : 1] ?? -1;
    return [tensorType([m, n], a.elem)];
  },
});

export const Softmax = defineOp({
  name: 'tf.Softmax',
  summary: 'Softmax over the last dim.',
  operands: ['logits'],
  traits: [Traits.Pure],
  verify: (op) => (op.operand(0).type.shape?.length === 0 ? 'logits must have rank 1 or more' : undefined),
  inferTypes: sameAsOperand(0),
});
