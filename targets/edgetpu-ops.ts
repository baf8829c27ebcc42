// Edge TPU (compiler v16) op table: the ops it maps, the newest op version it accepts, and each op's known limits.
//
// Sources (read through the search tool; rules are written from them, not copied):
//  [ops]   coral.ai/docs/edgetpu/models-intro/#supported-operations: "Operation name / Known limitations" table
//          (also mirrored by developer.axis.com ARTPEC-7 "supported ops", which uses the same compiler).
//  [v6]    google-coral/edgetpu#631: compiler 16.0.384591198 rejects CONV_2D version 6 (grouped conv, TF 2.9).
//  [tc4]   google-coral/edgetpu#845: compiler 16.0 rejects TRANSPOSE_CONV version 4 (fused activation); #147: v3 ok.
//  [rb3]   google-coral/edgetpu#45 and #396: RESIZE_BILINEAR version 3 (half_pixel_centers) is "Operation version
//          not supported".
//  [exp2]  google-coral/libedgetpu#71: compiler 16.0 cannot even parse EXP version 2.
// Limits: the newest int8/uint8 version of each op in TFLite's op_version.cc as of TF 2.5 (what compiler v16 was
// built with), lowered where an issue shows the compiler refusing a version. Versions that mean int16, hybrid or
// int4 kernels are refused by the data-type rule as well.
import type { OpContext, OpRule, OpSupport, Violation } from './target.js';
import { constInts, fusedActivation, intAttr, isConstant, normalizeAxes, shapeView, strAttr, fmtShape } from './facts.js';
import { constantValue } from '../src/ir/builtin-ops.js';

const v = (code: string, reason: string, fix?: string): Violation => (fix === undefined ? { code, reason } : { code, reason, fix });

/** [ops] AveragePool2d, MaxPool2d, Concatenation: "No fused activation function." */
const noFusedActivation: OpRule = (c) => {
  const a = fusedActivation(c.op);
  if (a === undefined || a === 'NONE') return undefined;
  return v('ET-FUSED-ACTIVATION', `${c.tflName} has a fused ${a} activation; the Edge TPU maps ${c.tflName} only without one`, `keep the ${a} as its own op after the ${c.tflName} (do not fuse activations into pools or concatenations for the Edge TPU)`);
};

/** Fused activations the Edge TPU applies: none, RELU, RELU6, RELU_N1_TO_1 (TANH/SIGN_BIT are not among them). */
const supportedFusedActivation: OpRule = (c) => {
  const a = fusedActivation(c.op);
  if (a === undefined || ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'].includes(a)) return undefined;
  return v('ET-FUSED-ACTIVATION', `${c.tflName} has a fused ${a} activation; the Edge TPU fuses only RELU, RELU6 and RELU_N1_TO_1`, `apply ${a} as a separate op`);
};

/** [ops] Conv2d, DepthwiseConv2d: "Must use the same dilation in x and y dimensions." */
const sameDilation: OpRule = (c) => {
  const h = intAttr(c.op, 'dilation_h_factor', 1);
  const w = intAttr(c.op, 'dilation_w_factor', 1);
  return h === w ? undefined : v('ET-DILATION', `${c.tflName} dilates y by ${h} and x by ${w}; the Edge TPU needs the same dilation in x and y`, 'use equal dilation factors');
};

/** [ops] FullyConnected: "Only the default format is supported for fully-connected weights. Output tensor is one-dimensional." */
const fullyConnected: OpRule = (c) => {
  const fmt = strAttr(c.op, 'weights_format');
  if (fmt !== undefined && fmt !== 'DEFAULT') return v('ET-FC-FORMAT', `FULLY_CONNECTED uses the ${fmt} weights format; the Edge TPU takes only the default format`);
  const out = shapeView(c.op.result(0).type).shape;
  if (out === null || out.length < 2) return undefined;
  if (out[0]! > 1) return v('ET-BATCH', `FULLY_CONNECTED output ${fmtShape(out)} has batch ${out[0]}; the Edge TPU needs a one-dimensional output (batch 1)`, 'compile with --batch-size 1');
  if (out.slice(0, -1).some((d) => d !== 1)) return v('ET-FC-OUTPUT', `FULLY_CONNECTED output ${fmtShape(out)} is not one-dimensional; the Edge TPU needs [1, units]`, 'keep_num_dims=false, or reshape the input to [1, features] first');
  return undefined;
};

/** The x/y axes of an NHWC tensor ([y][x][z] for rank 3). */
function spatialAxes(rank: number): number[] {
  return rank === 4 ? [1, 2] : rank === 3 ? [0, 1] : [];
}

/** [ops] Mean: "Supports reduction along x- and/or y-dimensions only." */
const meanOverXY: OpRule = (c) => {
  const rank = c.op.operand(0).type.shape?.length;
  const raw = constInts(c.op.operands[1]);
  if (rank === undefined || raw === undefined) return v('ET-MEAN-AXES', 'MEAN has non-constant axes or an unranked input; the Edge TPU needs constant x/y axes');
  const axes = normalizeAxes(raw, rank);
  const xy = spatialAxes(rank);
  if (axes.every((a) => xy.includes(a))) return undefined;
  const fix = axes.some((a) => xy.includes(a))
    ? 'split the MEAN: reduce x/y on the Edge TPU, then the remaining axes in a second, small MEAN (split-mean)'
    : 'this MEAN reduces neither x nor y: keep it at the end of the model, where it runs on the CPU';
  return v('ET-MEAN-AXES', `MEAN reduces axes [${axes}] of a rank-${rank} tensor; the Edge TPU reduces along x and/or y only (axes [${xy}])`, fix);
};

/** [ops] Pad: "Supports padding along x- and/or y-dimensions only." */
const padOverXY: OpRule = (c) => {
  const rank = c.op.operand(0).type.shape?.length;
  const pads = constInts(c.op.operands[1]);
  if (rank === undefined || pads === undefined) return v('ET-PAD-AXES', 'PAD has non-constant paddings or an unranked input; the Edge TPU needs constant x/y paddings');
  const xy = spatialAxes(rank);
  const bad = [...Array(rank).keys()].filter((a) => !xy.includes(a) && (pads[2 * a] !== 0 || pads[2 * a + 1] !== 0));
  return bad.length === 0 ? undefined : v('ET-PAD-AXES', `PAD pads axes [${bad}]; the Edge TPU pads along x and/or y only`, 'pad only height and width (channel padding can often move into the next conv as zero weights)');
};

/** [ops] Softmax: "Supports only 1-D input tensor with a max of 16,000 elements." */
const softmax1D: OpRule = (c) => {
  const s = shapeView(c.op.operand(0).type).shape;
  if (s === null || s.length === 0) return undefined;
  const last = s[s.length - 1]!;
  if (s.slice(0, -1).some((d) => d !== 1)) return v('ET-SOFTMAX', `SOFTMAX input ${fmtShape(s)} is not one-dimensional; the Edge TPU runs softmax over a 1-D vector only`, 'reshape to [1, N] before the softmax, or leave the softmax to the CPU at the end of the model');
  if (last > 16000) return v('ET-SOFTMAX', `SOFTMAX over ${last} elements; the Edge TPU takes at most 16,000`, 'leave the softmax out of the Edge TPU model (apply it on the CPU) or reduce the classes');
  return undefined;
};

/** [ops] Squeeze: only of leading 1s, so no relayout is needed ([1,5,10] → [5,10] is fine, [5,1,10] → [5,10] is not). */
const squeezeLeading: OpRule = (c) => {
  const s = shapeView(c.op.operand(0).type).shape;
  if (s === null) return undefined;
  const given = (c.op.attr('squeeze_dims')?.kind === 'array' ? c.op.ints('squeeze_dims') : []).filter(Number.isFinite);
  const dims = given.length ? normalizeAxes(given, s.length) : s.flatMap((d, i) => (d === 1 ? [i] : []));
  const bad = dims.filter((d) => s.slice(0, d).some((x) => x !== 1));
  return bad.length === 0 ? undefined : v('ET-SQUEEZE', `SQUEEZE removes dims [${bad}] of ${fmtShape(s)} that are not leading 1s; the Edge TPU squeezes only leading 1s`, 'use a RESHAPE, or squeeze before the non-unit dims');
};

/** [ops] StridedSlice: all strides 1, ellipsis mask 0, new-axis mask 0. */
const stridedSlice: OpRule = (c) => {
  const strides = constInts(c.op.operands[3]);
  if (strides === undefined || strides.some((x) => x !== 1)) return v('ET-STRIDED-SLICE', `STRIDED_SLICE strides [${strides ?? '?'}]; the Edge TPU needs all strides equal to 1`);
  if (intAttr(c.op, 'ellipsis_mask') !== 0 || intAttr(c.op, 'new_axis_mask') !== 0) return v('ET-STRIDED-SLICE', 'STRIDED_SLICE uses an ellipsis or new-axis mask; the Edge TPU needs both to be 0');
  return undefined;
};

/** [ops] Concatenation: a compile-time constant input is allowed only as one of exactly 2 inputs and all zeros. */
const concatConstants: OpRule = (c) => {
  const consts = c.op.operands.filter(isConstant);
  if (consts.length === 0) return undefined;
  const zeros = consts.every((x) => {
    const d = constantValue(x.producer);
    return d !== undefined && Array.from(d.data as ArrayLike<unknown>).every((e) => e === 0 || e === 0n);
  });
  if (c.op.numOperands === 2 && consts.length === 1 && zeros) return undefined;
  return v('ET-CONCAT-CONST', 'CONCATENATION has a constant input; the Edge TPU allows one only as the second of exactly 2 inputs and all zeros (a zero pad)', 'fold the constant into the producer or concatenate it on the CPU');
};

/** [ops] PReLU: alpha must be 1-dimensional (only the innermost dimension may be larger than 1). */
const preluAlpha: OpRule = (c) => {
  const a = c.op.operands[1]?.type.shape;
  if (a === null || a === undefined || a.slice(0, -1).every((d) => d === 1)) return undefined;
  return v('ET-PRELU-ALPHA', `PRELU alpha ${fmtShape(a)} varies over more than the channel dimension; the Edge TPU needs a per-channel (1-D) alpha`, 'share alpha across height and width (Keras PReLU shared_axes=[1, 2])');
};

/** [ops] Pack: "No packing in batch dimension." */
const packNotBatch: OpRule = (c) =>
  intAttr(c.op, 'axis') === 0 && (c.op.operand(0).type.shape?.length ?? 0) >= 1
    ? v('ET-PACK-AXIS', 'PACK along axis 0 (the batch dimension); the Edge TPU does not pack in the batch dimension')
    : undefined;

/** [ops] ReduceMax, Sum: "Cannot operate on the batch dimension." */
const reduceNotBatch: OpRule = (c) => {
  const rank = c.op.operand(0).type.shape?.length;
  const raw = constInts(c.op.operands[1]);
  if (rank === undefined || raw === undefined) return v('ET-REDUCE-AXES', `${c.tflName} has non-constant axes or an unranked input`);
  return rank > 1 && normalizeAxes(raw, rank).includes(0) ? v('ET-REDUCE-AXES', `${c.tflName} reduces the batch dimension; the Edge TPU cannot`) : undefined;
};

/** An Edge TPU custom op means the model was already compiled by edgetpu_compiler. */
const edgetpuCustom: OpRule = (c) => {
  const code = strAttr(c.op, 'custom_code');
  return code === 'edgetpu-custom-op' ? undefined : v('ET-OP-UNSUPPORTED', `custom op "${code ?? ''}" is not an Edge TPU op`);
};

const s = (maxVersion: number, ...rules: OpRule[]): OpSupport => ({ maxVersion, rules });

/** Supported ops (by TFLite builtin name) with the newest version mapped and the op's own limits. */
export const EDGETPU_OPS: ReadonlyMap<string, OpSupport> = new Map<string, OpSupport>([
  ['ADD', s(2, supportedFusedActivation)],
  ['SUB', s(2, supportedFusedActivation)],
  ['MUL', s(3, supportedFusedActivation)],
  ['MAXIMUM', s(2)],
  ['MINIMUM', s(2)],
  ['SQUARED_DIFFERENCE', s(2)], // [ops] runtime >= 14
  ['AVERAGE_POOL_2D', s(2, noFusedActivation)],
  ['MAX_POOL_2D', s(2, noFusedActivation)],
  ['CONCATENATION', s(2, noFusedActivation, concatConstants)],
  ['CONV_2D', s(3, supportedFusedActivation, sameDilation)], // [v6]
  ['DEPTHWISE_CONV_2D', s(3, supportedFusedActivation, sameDilation)],
  ['TRANSPOSE_CONV', s(3)], // [tc4], [ops] runtime >= 13
  ['FULLY_CONNECTED', s(6, supportedFusedActivation, fullyConnected)], // v5 keep_num_dims, v6 no bias
  ['LOGISTIC', s(2)],
  ['TANH', s(2)],
  ['RELU', s(2)],
  ['RELU6', s(2)],
  ['RELU_N1_TO_1', s(1)],
  ['PRELU', s(1, preluAlpha)], // [ops] runtime >= 13
  ['MEAN', s(2, meanOverXY)],
  ['SUM', s(2, reduceNotBatch)], // [ops] runtime >= 13
  ['REDUCE_MAX', s(2, reduceNotBatch)], // [ops] runtime >= 14
  ['PAD', s(2, padOverXY)],
  ['RESHAPE', s(1)],
  ['SQUEEZE', s(1, squeezeLeading)],
  ['EXPAND_DIMS', s(1)], // [ops] runtime >= 13
  ['TRANSPOSE', s(2)], // [ops] runtime >= 14
  ['PACK', s(2, packNotBatch)], // [ops] runtime >= 13
  ['STRIDED_SLICE', s(2, stridedSlice)],
  ['SOFTMAX', s(2, softmax1D)],
  ['RESIZE_BILINEAR', s(2)], // [rb3]: version 3 (half_pixel_centers) is refused
  ['RSQRT', s(2)], // [ops] runtime >= 14
  ['QUANTIZE', s(2)], // [ops] runtime >= 13
  ['CUSTOM', s(1, edgetpuCustom)],
]);

/** Ops people expect and the table lacks, with what to do instead. */
export const EDGETPU_UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  HARD_SWISH: 'rebuild with ReLU6 (swish-to-relu6 with to=relu6, not to=hard-swish); the Edge TPU has no HardSwish',
  LEAKY_RELU: 'replace LeakyReLU(alpha) with PRELU (constant per-channel alpha) or MAXIMUM(x, alpha*x): both map',
  DEQUANTIZE: 'keep the model integer to the end (int8/uint8 outputs); dequantize in the application',
  DIV: 'multiply by the reciprocal when the divisor is constant',
  EXP: 'the Edge TPU has no EXP; keep it at the end of the model (CPU) or use a LOGISTIC/TANH form',
  GATHER: 'move the gather to the end of the model (CPU) or express it as a slice',
  CAST: 'casts run on the CPU; keep the model in one integer type',
  SHAPE: 'freeze shapes (--input-shape) so SHAPE folds away',
};

export function describeUnsupported(c: OpContext): string {
  return `${c.tflName} is not among the ops the Edge TPU compiler maps`;
}

