// The TFLite GPU delegate target: its op list and version limits, per-op checks, float16 weights, 4-channel slices.
//
// Sources: tensorflow/lite/delegates/gpu/common/model_builder.cc (NewOperationParser: which ops have a parser;
// CheckMaxSupportedOpVersion per parser; GetOpsToReplace: allowed tensor types, rank >= 5 refused, largest
// partition only) and tensorflow/lite/tools/versioning/gpu_compatibility.cc (CheckGpuDelegateCompatibility).
import type { Module } from '../src/ir/core.js';
import type { TensorType } from '../src/ir/types.js';
import { activationValues, boolAttr, dynamicBatchInputs, fmtShape, fusedActivation, intAttr, isConstant, isStaticValue, shapeView, sigType, strAttr, type SigType } from './facts.js';
import { buildPipeline } from './pipelines.js';
import { modelOps, opContext, type Note, type OpContext, type OpRule, type OpSupport, type PlacementCore, type Target, type Violation } from './target.js';

const v = (code: string, reason: string, fix?: string): Violation => (fix === undefined ? { code, reason } : { code, reason, fix });
const runtimeInputs = (c: OpContext): number => c.op.operands.filter((x) => !isStaticValue(x)).length;

/** Non-constant tensors must be float32/float16, or int8/uint8 (quantized models run through dequantization). */
const ACTIVATION_TYPES: readonly SigType[] = ['FLOAT32', 'FLOAT16', 'INT8', 'UINT8'];

const tensorTypes: OpRule = (c) => {
  const allowed: readonly SigType[] = c.tflName === 'CAST' ? [...ACTIVATION_TYPES, 'INT32', 'BOOL'] : ACTIVATION_TYPES;
  for (const x of activationValues(c.op)) {
    const t = sigType(x.type);
    if (allowed.includes(t)) continue;
    return v('GPU-TYPE', `${c.tflName} works on a ${t.toLowerCase()} tensor ${fmtShape(x.type.shape)}; the GPU delegate takes float32/float16 (and int8/uint8) tensors only`, 'keep integer index/shape computations out of the GPU part (constant-fold them)');
  }
  return undefined;
};

/** Tensors of rank 5 or more are refused ("OP is supported, but tensor type/shape isn't compatible"). */
const rankAndShape: OpRule = (c) => {
  for (const x of c.op.operands.concat(c.op.results)) {
    const s = x.type.shape;
    if (s !== null && s.length >= 5) return v('GPU-RANK', `${c.tflName} uses a rank-${s.length} tensor ${fmtShape(s)}; the GPU delegate works on tensors of rank 4 or less`, 'fold the extra dimension into another one (BHWC)');
  }
  for (const x of activationValues(c.op)) {
    const view = shapeView(x.type);
    if (view.dynamic) return v('GPU-DYNAMIC-SHAPE', `${c.tflName} works on a tensor of dynamic shape ${fmtShape(x.type.shape)}; the GPU delegate builds its kernels for fixed shapes`, 'freeze the input shape: --input-shape NAME=1,H,W,C');
    const s = view.shape;
    if (s !== null && s.length === 4 && s[0]! > 1) return v('GPU-BATCH', `${c.tflName} works on ${fmtShape(s)} with batch ${s[0]}; litec's GPU target plans for batch 1`, 'compile with --batch-size 1');
  }
  return undefined;
};

/** Fused activations the delegate applies: none, RELU, RELU_N1_TO_1, RELU6, TANH (not SIGN_BIT). */
const fusedActivationRule: OpRule = (c) => (fusedActivation(c.op) === 'SIGN_BIT' ? v('GPU-ACTIVATION', `${c.tflName} has a fused SIGN_BIT activation, which the GPU delegate does not implement`) : undefined);

const depthwise: OpRule = (c) => {
  const x = c.op.operand(0).type.shape;
  const m = intAttr(c.op, 'depth_multiplier', 1);
  return m !== 1 && x !== null && x[3] !== 1 ? v('GPU-DEPTHWISE', `DEPTHWISE_CONV_2D has depth_multiplier ${m} on ${x[3]} input channels; the GPU delegate needs multiplier 1 or a single input channel`, 'use a regular CONV_2D, or depth_multiplier 1') : undefined;
};

const fullyConnected: OpRule = (c) => {
  if ((strAttr(c.op, 'weights_format') ?? 'DEFAULT') !== 'DEFAULT') return v('GPU-FC', 'FULLY_CONNECTED uses a shuffled weights format; the GPU delegate takes the default format only');
  if (isConstant(c.op.operand(0))) return v('GPU-FC', 'FULLY_CONNECTED has a constant input; the GPU delegate needs a runtime input');
  if (runtimeInputs(c) > 2) return v('GPU-FC', 'FULLY_CONNECTED has more than 2 runtime inputs');
  const inRank = c.op.operand(0).type.shape?.length;
  const outRank = c.op.result(0).type.shape?.length;
  if (boolAttr(c.op, 'keep_num_dims') && inRank !== outRank) return v('GPU-FC', 'FULLY_CONNECTED with keep_num_dims changes the rank, which the GPU delegate does not support');
  return undefined;
};

const constantAxes: OpRule = (c) => {
  const axes = c.op.operands[1];
  return axes === undefined || !isConstant(axes) || sigType(axes.type) !== 'INT32' ? v('GPU-REDUCE-AXES', `${c.tflName} needs constant int32 axes on the GPU`) : undefined;
};

/** MUL of same-rank operands where each is smaller than the other somewhere is an outer product the delegate lacks. */
const mulShapes: OpRule = (c) => {
  const a = c.op.operand(0).type.shape;
  const b = c.op.operand(1).type.shape;
  if (a === null || b === null || a.length !== b.length) return undefined;
  const aSmaller = a.some((d, i) => d < b[i]!);
  const bSmaller = b.some((d, i) => d < a[i]!);
  return aSmaller && bSmaller ? v('GPU-MUL-BROADCAST', `MUL of ${fmtShape(a)} and ${fmtShape(b)} broadcasts both ways; the GPU delegate needs one operand at least as large as the other in every dimension`, 'express the outer product as a CONV_2D or FULLY_CONNECTED') : undefined;
};

const binaryOperands: OpRule = (c) => (c.op.numOperands === 2 && runtimeInputs(c) === 0 ? v('GPU-OPERANDS', `${c.tflName} has only constant inputs; fold it (fold-constants)`) : undefined);

const unaryOperands: OpRule = (c) => (runtimeInputs(c) !== 1 ? v('GPU-OPERANDS', `${c.tflName} needs exactly one runtime input on the GPU`) : undefined);

const padShape: OpRule = (c) => {
  const p = c.op.operands[1]?.type.shape;
  if (c.op.operands[1] === undefined || !isConstant(c.op.operands[1]) || p === null || p === undefined) return v('GPU-PAD', 'PAD needs constant paddings on the GPU');
  return (p[0] === 3 || p[0] === 4) && p[1] === 2 ? undefined : v('GPU-PAD', `PAD paddings have shape ${fmtShape(p)}; the GPU delegate takes 3x2 or 4x2`);
};

const softmaxBeta: OpRule = (c) => {
  const beta = c.op.attr('beta');
  return beta?.kind === 'float' && beta.value !== 1 ? v('GPU-SOFTMAX', `SOFTMAX has beta ${beta.value}; the GPU delegate supports beta = 1 only`, 'scale the logits with a MUL before the softmax') : undefined;
};

const stridedSlice: OpRule = (c) => {
  const masks = ['ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'].filter((m) => intAttr(c.op, m) !== 0);
  if (masks.length) return v('GPU-STRIDED-SLICE', `STRIDED_SLICE uses ${masks.join(', ')}; the GPU delegate supports none of them`, 'slice without shrinking, then RESHAPE');
  const r = c.op.operand(0).type.shape?.length;
  return r === 3 || r === 4 ? undefined : v('GPU-STRIDED-SLICE', `STRIDED_SLICE on a rank-${r ?? '?'} tensor; the GPU delegate slices 3-D or 4-D tensors only`);
};

const resizeModes: OpRule = (c) => (boolAttr(c.op, 'align_corners') && boolAttr(c.op, 'half_pixel_centers') ? v('GPU-RESIZE', 'RESIZE_BILINEAR with both align_corners and half_pixel_centers set') : undefined);

const oneRuntimeInput: OpRule = (c) => (runtimeInputs(c) !== 1 ? v('GPU-OPERANDS', `${c.tflName} needs its shape/permutation operand to be constant on the GPU`, 'freeze shapes so the operand folds to a constant') : undefined);

const dequantizeInput: OpRule = (c) => (sigType(c.op.operand(0).type) === 'INT16' ? v('GPU-TYPE', 'DEQUANTIZE of int16 is not supported by the GPU delegate') : undefined);

const castTypes: OpRule = (c) => {
  const a = sigType(c.op.operand(0).type);
  const b = sigType(c.op.result(0).type);
  const num = (t: string): boolean => t === 'FLOAT32' || t === 'INT32';
  const fl = (t: string): boolean => t === 'FLOAT32' || t === 'FLOAT16';
  return (a === 'BOOL' && fl(b)) || (fl(a) && b === 'BOOL') || (num(a) && num(b)) ? undefined : v('GPU-CAST', `CAST from ${a.toLowerCase()} to ${b.toLowerCase()} is not one the GPU delegate implements`);
};

/** The custom ops model_builder.cc parses (the rest fall back to the CPU). */
const GPU_CUSTOM_OPS = ['Convolution2DTransposeBias', 'MaxPoolingWithArgmax2D', 'MaxUnpooling2D', 'Resampler'];
const knownCustom: OpRule = (c) => {
  const code = strAttr(c.op, 'custom_code') ?? '';
  return GPU_CUSTOM_OPS.includes(code) ? undefined : v('GPU-OP', `custom op "${code}" has no GPU delegate kernel`);
};

const s = (maxVersion: number, ...rules: OpRule[]): OpSupport => ({ maxVersion, rules });
const ANY = Number.POSITIVE_INFINITY; // parsers without CheckMaxSupportedOpVersion

/** Ops with a GPU parser, with the version limit each parser checks. */
export const GPU_OPS: ReadonlyMap<string, OpSupport> = new Map<string, OpSupport>([
  ['ADD', s(2, binaryOperands, fusedActivationRule)],
  ['SUB', s(2, binaryOperands, fusedActivationRule)],
  ['MUL', s(3, binaryOperands, mulShapes, fusedActivationRule)],
  ['DIV', s(2, binaryOperands, fusedActivationRule)],
  ['MAXIMUM', s(2, binaryOperands)],
  ['MINIMUM', s(2, binaryOperands)],
  ['SQUARED_DIFFERENCE', s(2, binaryOperands)],
  ['ABS', s(2, unaryOperands)],
  ['EXP', s(2, unaryOperands)],
  ['NEG', s(2, unaryOperands)],
  ['RSQRT', s(2, unaryOperands)],
  ['SQRT', s(2, unaryOperands)],
  ['SQUARE', s(2, unaryOperands)],
  ['LOGISTIC', s(2, unaryOperands)],
  ['TANH', s(2, unaryOperands)],
  ['HARD_SWISH', s(ANY, unaryOperands)],
  ['RELU', s(2)],
  ['RELU6', s(2)],
  ['LEAKY_RELU', s(2)],
  ['RELU_N1_TO_1', s(ANY)],
  ['PRELU', s(1)],
  ['AVERAGE_POOL_2D', s(2, fusedActivationRule)],
  ['MAX_POOL_2D', s(2, fusedActivationRule)],
  ['CONCATENATION', s(2, fusedActivationRule)],
  ['CONV_2D', s(6, fusedActivationRule)],
  ['DEPTHWISE_CONV_2D', s(6, fusedActivationRule, depthwise)],
  ['TRANSPOSE_CONV', s(3)],
  ['FULLY_CONNECTED', s(9, fusedActivationRule, fullyConnected)],
  ['MEAN', s(ANY, constantAxes)],
  ['SUM', s(ANY, constantAxes)],
  ['REDUCE_MAX', s(ANY, constantAxes)],
  ['PAD', s(2, padShape)],
  ['RESHAPE', s(1, oneRuntimeInput)],
  ['TRANSPOSE', s(2, oneRuntimeInput)],
  ['STRIDED_SLICE', s(2, stridedSlice)],
  ['SOFTMAX', s(2, softmaxBeta)],
  ['RESIZE_BILINEAR', s(3, resizeModes)],
  ['PACK', s(ANY)],
  ['CAST', s(ANY, castTypes)],
  ['QUANTIZE', s(2)],
  ['DEQUANTIZE', s(3, dequantizeInput)],
  ['CUSTOM', s(ANY, knownCustom)],
]);

const HINTS: Readonly<Record<string, string>> = {
  SQUEEZE: 'replace it with a RESHAPE to the squeezed shape (same data, GPU-supported)',
  EXPAND_DIMS: 'replace it with a RESHAPE (same data, GPU-supported)',
  GATHER: 'move the gather to the end of the model or express it as a slice',
  SHAPE: 'freeze shapes (--input-shape) so SHAPE folds to a constant',
};

/** Share of a tensor's 4-channel slice storage that is padding, for C channels. */
export function sliceWaste(channels: number): number {
  if (channels <= 0) return 0;
  const padded = Math.ceil(channels / 4) * 4;
  return (padded - channels) / padded;
}

function channelsOf(shape: readonly number[] | null): number | undefined {
  if (shape === null || shape.length < 2) return undefined;
  const c = shape[shape.length - 1]!;
  return c > 0 ? c : undefined;
}

/** Channel count and element count of an op's first result as the GPU sees it (batch 1), when static. */
function outputChannels(c: OpContext): { shape: readonly number[]; channels: number; elements: number } | undefined {
  const r = c.op.results[0];
  const s = r === undefined ? null : shapeView(r.type).shape;
  const ch = channelsOf(s);
  if (s === null || ch === undefined || s.some((d) => d < 0)) return undefined;
  return { shape: s, channels: ch, elements: s.reduce((a, d) => a * d, 1) };
}

/** A percentage with as many digits as it needs to not read as 0. */
function pct(x: number): string {
  return x === 0 || x >= 1 ? x.toFixed(0) : x >= 0.1 ? x.toFixed(1) : x.toPrecision(1);
}

/**
 * The GPU keeps tensors as 4-channel slices (PHWC4): C % 4 != 0 pads every pixel. Counts the model inputs the GPU
 * part reads and the outputs of mapped ops; warns with the share of all that storage that is padding.
 */
function channelWaste(module: Module, contexts: readonly OpContext[], p: PlacementCore): Note | undefined {
  let padded = 0;
  let wasted = 0;
  const waste: { label: string; index: number | undefined; c: number; share: number }[] = [];
  const count = (label: string, index: number | undefined, t: TensorType): void => {
    const s = shapeView(t).shape;
    const ch = channelsOf(s);
    if (s === null || ch === undefined || s.some((d) => d < 0)) return;
    const pixels = s.reduce((a, d) => a * d, 1) / ch;
    const slices = Math.ceil(ch / 4) * 4;
    padded += pixels * slices;
    wasted += pixels * (slices - ch);
    if (ch % 4 !== 0) waste.push({ label, index, c: ch, share: sliceWaste(ch) });
  };
  const f = module.main();
  f.args.forEach((a, i) => {
    if (a.uses.some((u) => contexts.some((c) => c.op === u.op && p.ops[c.index]?.mapped))) count(`input "${f.argName(i) ?? `#${i}`}"`, undefined, a.type);
  });
  for (const c of contexts) {
    const r = c.op.results[0];
    if (p.ops[c.index]?.mapped && r !== undefined && !isStaticValue(r)) count(`#${c.index} ${c.tflName}`, c.index, r.type);
  }
  if (waste.length === 0) return undefined;
  const worst = [...waste].sort((a, b) => b.share - a.share).slice(0, 3);
  const share = padded > 0 ? (100 * wasted) / padded : 0;
  return {
    level: 'warning',
    code: 'GPU-CHANNELS',
    text: `${waste.length} GPU tensor(s) have a channel count that is not a multiple of 4; the GPU stores 4-channel slices, so ${pct(share)}% of the GPU's activation storage is padding (worst: ${worst.map((w) => `${w.label} C=${w.c} ${pct(100 * w.share)}%`).join(', ')})`,
    ops: waste.flatMap((w) => (w.index === undefined ? [] : [w.index])),
  };
}

function modelNotes(module: Module, p: PlacementCore): Note[] {
  const notes: Note[] = [];
  const dyn = dynamicBatchInputs(module);
  if (dyn) notes.push({ level: 'warning', code: 'GPU-DYNAMIC-BATCH', text: `${dyn} a dynamic batch dimension; the GPU delegate is built for batch 1, and resizing the input rebuilds it` });
  const contexts = modelOps(module).map(opContext);
  const channels = channelWaste(module, contexts, p);
  if (channels) notes.push(channels);
  const quantized = contexts.some((c) => p.ops[c.index]?.mapped && activationValues(c.op).some((x) => ['INT8', 'UINT8'].includes(sigType(x.type))));
  if (quantized) notes.push({ level: 'info', code: 'GPU-QUANTIZED', text: 'the GPU delegate runs int8/uint8 models by dequantizing: it computes in float16/float32, so integer quantization brings no GPU speed-up (float16 weights are the GPU default)' });
  if (p.ops.some((o) => o.code === 'GPU-PARTITION')) notes.push({ level: 'warning', code: 'GPU-PARTITION', text: 'supported ops are split into several partitions; the GPU delegate takes only the largest one unless max_delegated_partitions is raised (each extra partition costs a GPU<->CPU copy)' });
  return notes;
}

function opNotes(c: OpContext): string[] {
  if (c.op.results[0] === undefined || isStaticValue(c.op.results[0])) return [];
  const o = outputChannels(c);
  if (o === undefined || o.channels % 4 === 0) return [];
  return [`output ${fmtShape(o.shape)} has C=${o.channels}: the GPU stores 4-channel slices, so ${(100 * sliceWaste(o.channels)).toFixed(0)}% of its storage is padding`];
}

export const gpu: Target = {
  name: 'gpu',
  summary: 'TFLite GPU delegate (OpenCL/OpenGL/Metal): float16/float32 compute, static batch-1 shapes, largest partition delegated',
  mappedStatus: 'Mapped to GPU delegate',
  requiredQuantization: 'any',
  activationTypes: ACTIVATION_TYPES,
  ops: GPU_OPS,
  commonRules: [tensorTypes, rankAndShape],
  unsupported: (c) => {
    const hint = HINTS[c.tflName];
    const reason = c.version === 0 ? `${c.op.name} has no TFLite form` : `${c.tflName} has no GPU delegate kernel`;
    return hint === undefined ? { code: 'GPU-OP', reason } : { code: 'GPU-OP', reason, fix: hint };
  },
  tooNew: (c, max) => ({ code: 'GPU-VERSION', reason: `${c.tflName} is version ${c.version}; the GPU delegate takes versions up to ${max}`, fix: `re-export without the feature that raised ${c.tflName} to version ${c.version}` }),
  statusText: {
    'GPU-OP': 'Operation is not supported',
    'GPU-VERSION': 'Operation version not supported',
    'GPU-TYPE': 'OP is supported, but tensor type/shape isn\'t compatible',
    'GPU-RANK': 'OP is supported, but tensor type/shape isn\'t compatible',
    'GPU-DYNAMIC-SHAPE': 'Tensor has a dynamic size',
    'GPU-BATCH': 'Batch size other than 1',
    'GPU-PARTITION': 'Supported, but outside the largest partition',
  },
  partitioning: 'largest-partition',
  spillCode: 'GPU-PARTITION',
  defaultQuantize: () => 'float16',
  pipeline: (req) => buildPipeline([], req),
  opNotes,
  modelNotes,
};

