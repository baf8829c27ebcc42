// The Coral Edge TPU target: full-integer 8-bit ops, static batch-1 shapes of at most 3 non-unit dims, one subgraph.
import type { Module, Operation } from '../src/ir/core.js';
import { EDGETPU_OPS, EDGETPU_UNSUPPORTED_HINTS, describeUnsupported } from './edgetpu-ops.js';
import { activationValues, dynamicBatchInputs, fmtShape, formatBytes, isConstant, isShapeOperand, shapeView, sigType, valueBytes, valueLabel, weightOperands, type SigType } from './facts.js';
import { buildPipeline } from './pipelines.js';
import type { Note, OpContext, OpRule, ParamCache, PlacementCore, Target, Violation } from './target.js';

/** The Edge TPU has 8 MiB of SRAM; the compiler caches parameters there and streams the rest from host memory. */
export const EDGETPU_SRAM_BYTES = 8 * 1024 * 1024;

const isModelInput = (c: OpContext, i: number): boolean => c.op.operands[i]?.func !== undefined;
const feedsModelOutput = (op: Operation): boolean => op.result(0).uses.some((u) => u.op.name === 'func.return');

/** Every tensor must be int8/uint8 (int32 biases and shape operands aside): "Operation is working on an unsupported data type". */
const integerTypes: OpRule = (c) => {
  const op = c.op;
  if (op.name === 'tfl.quantize' && isModelInput(c, 0) && sigType(op.operand(0).type).startsWith('FLOAT')) {
    return { code: 'ET-IO-FLOAT', reason: `the model ${valueLabel(op.operand(0))} is ${sigType(op.operand(0).type).toLowerCase()}; the QUANTIZE that converts it runs on the CPU before the Edge TPU subgraph`, fix: 'give the model integer (uint8/int8) inputs and outputs' };
  }
  for (const [i, x] of op.operands.entries()) {
    const t = sigType(x.type);
    if (isConstant(x)) {
      if (isShapeOperand(op, i) || t === 'INT8' || t === 'UINT8' || t === 'INT32' || t === 'INT64') continue;
      return notQuantized(c, 'its weights', t.toLowerCase());
    }
    const bad = checkActivation(c, t, valueLabel(x));
    if (bad) return bad;
  }
  for (const r of op.results) {
    const bad = checkActivation(c, sigType(r.type), `its output ${fmtShape(r.type.shape)}`);
    if (bad) return bad;
  }
  return undefined;
};

function notQuantized(c: OpContext, what: string, type: string): Violation {
  return {
    code: 'ET-NOT-QUANTIZED',
    reason: `${c.tflName} computes on ${what} in ${type}; the Edge TPU runs only full-integer (int8/uint8) models`,
    fix: 'quantize the whole model to int8: --quantize int8 --calibration-data DIR',
  };
}

const ACTIVATION_TYPES: readonly SigType[] = ['INT8', 'UINT8'];

function checkActivation(c: OpContext, t: SigType, label: string): Violation | undefined {
  if (ACTIVATION_TYPES.includes(t)) return undefined;
  if (t.startsWith('FLOAT') || t === 'BFLOAT16') return notQuantized(c, label, t.toLowerCase());
  return { code: 'ET-DATA-TYPE', reason: `${c.tflName} works on ${label} of type ${t.toLowerCase()}; the Edge TPU computes on int8/uint8 tensors only`, fix: 'quantize activations to 8 bits (not 16x8)' };
}

/** Tensor sizes must be constant at compile time (a dynamic leading batch counts as 1: the .tflite shape holds 1). */
const staticShapes: OpRule = (c) => {
  for (const x of activationValues(c.op)) {
    const view = shapeView(x.type);
    if (view.dynamic) {
      return { code: 'ET-DYNAMIC-SHAPE', reason: `${c.tflName} works on a tensor of dynamic shape ${fmtShape(x.type.shape)}; the Edge TPU needs tensor sizes fixed at compile time`, fix: 'freeze the input shape: --input-shape NAME=1,H,W,C' };
    }
  }
  return undefined;
};

/** Batch 1, and at most 3 non-unit innermost dimensions ("Tensor has unsupported rank (up to 3 innermost dimensions mapped)"). */
const batchAndRank: OpRule = (c) => {
  for (const x of activationValues(c.op)) {
    const view = shapeView(x.type);
    const s = view.shape;
    // Unknown sizes are ET-DYNAMIC-SHAPE's business; judging rank on them would blame the wrong thing.
    if (s === null || view.dynamic || s.length <= 3) continue;
    if (s.length === 4 && s[0]! > 1) {
      return { code: 'ET-BATCH', reason: `${c.tflName} works on ${fmtShape(s)} with batch ${s[0]}; the Edge TPU runs batch 1 only`, fix: 'compile with --batch-size 1 and run one image at a time' };
    }
    const outer = s.slice(0, s.length - 3);
    if (outer.some((d) => d !== 1)) {
      return { code: 'ET-RANK', reason: `${c.tflName} works on a rank-${s.length} tensor ${fmtShape(s)}; the Edge TPU maps tensors whose dimensions beyond the 3 innermost are 1`, fix: 'keep tensors at most 3-D (HWC) apart from leading 1s, e.g. fold the extra dimension into channels' };
    }
  }
  return undefined;
};

const STATUS: Readonly<Record<string, string>> = {
  'ET-OP-UNSUPPORTED': 'Operation not supported',
  'ET-VERSION': 'Operation version not supported',
  'ET-NOT-QUANTIZED': 'Operation is working on an unsupported data type',
  'ET-DATA-TYPE': 'Operation is working on an unsupported data type',
  'ET-IO-FLOAT': 'Operation is working on an unsupported data type (float model input/output)',
  'ET-RANK': 'Tensor has unsupported rank (up to 3 innermost dimensions mapped)',
  'ET-DYNAMIC-SHAPE': 'Tensor has a dynamic size',
  'ET-BATCH': 'Batch size other than 1',
  'ET-SUBGRAPH': 'More than one subgraph is not supported',
  'ET-FUSED-ACTIVATION': 'Fused activation not supported for this operation',
  'ET-DILATION': 'Different dilation in x and y',
  'ET-FC-FORMAT': 'Unsupported fully-connected weights format',
  'ET-FC-OUTPUT': 'Output tensor is not one-dimensional',
  'ET-MEAN-AXES': 'Mean over axes other than x/y',
  'ET-PAD-AXES': 'Padding along axes other than x/y',
  'ET-SOFTMAX': 'Softmax input is not 1-D with at most 16,000 elements',
  'ET-SQUEEZE': 'Squeeze of dimensions that are not leading 1s',
  'ET-STRIDED-SLICE': 'Strided slice with strides other than 1 or with masks',
  'ET-CONCAT-CONST': 'Concatenation with a constant input',
  'ET-PRELU-ALPHA': 'PReLU alpha is not per-channel',
  'ET-PACK-AXIS': 'Pack along the batch dimension',
  'ET-REDUCE-AXES': 'Reduction over the batch dimension',
};

const VERSION_FIX: Readonly<Record<string, string>> = {
  CONV_2D: 'version 6 is a grouped convolution: split it into one CONV_2D per group plus a CONCATENATION',
  TRANSPOSE_CONV: 'version 4 has a fused activation: keep the activation as its own op',
  RESIZE_BILINEAR: 'version 3 means half_pixel_centers=true: use half_pixel_centers=false (TF1-style resize); the sampled values change slightly',
};

function paramCache(mappedOps: readonly Operation[]): ParamCache {
  const seen = new Set<unknown>();
  let total = 0;
  for (const op of mappedOps) {
    for (const w of weightOperands(op)) {
      if (seen.has(w)) continue;
      seen.add(w);
      total += valueBytes(w);
    }
  }
  const onChip = Math.min(total, EDGETPU_SRAM_BYTES);
  return { capacity_bytes: EDGETPU_SRAM_BYTES, total_bytes: total, on_chip_bytes: onChip, off_chip_bytes: total - onChip };
}

function modelNotes(module: Module, p: PlacementCore): Note[] {
  const notes: Note[] = [];
  const dyn = dynamicBatchInputs(module);
  if (dyn) notes.push({ level: 'warning', code: 'ET-DYNAMIC-BATCH', text: `${dyn} a dynamic batch dimension; the Edge TPU compiler uses the static shape (batch 1): run one sample at a time, or freeze it with --batch-size 1` });
  const resizes = p.ops.filter((o) => o.mapped && o.op === 'RESIZE_BILINEAR').map((o) => o.index);
  if (resizes.length) notes.push({ level: 'info', code: 'ET-RESIZE', text: 'depending on input and output sizes, the Edge TPU compiler may leave RESIZE_BILINEAR on the CPU to avoid a loss of precision', ops: resizes });
  const c = p.param_cache;
  if (c && c.off_chip_bytes > 0) {
    notes.push({ level: 'warning', code: 'ET-PARAM-CACHE', text: `parameters (${formatBytes(c.total_bytes)}) exceed the ${formatBytes(c.capacity_bytes)} on-chip memory: about ${formatBytes(c.off_chip_bytes)} stream from host memory on every inference (slower); a smaller model, or segments over several Edge TPUs (edgetpu_compiler --num_segments), keeps them on chip` });
  }
  if (!p.ops.some((o) => o.op === 'CUSTOM' && o.mapped)) {
    notes.push({ level: 'info', code: 'ET-COMPILE', text: 'litec checks the Edge TPU compiler\'s rules; run edgetpu_compiler on the output .tflite to get the model with the Edge TPU custom op (model_edgetpu.tflite)' });
  }
  return notes;
}

export const edgetpu: Target = {
  name: 'edgetpu',
  summary: 'Coral Edge TPU (edgetpu_compiler v16 rules): full-integer int8/uint8 model, static batch-1 shapes, one Edge TPU subgraph',
  mappedStatus: 'Mapped to Edge TPU',
  requiredQuantization: 'full-integer',
  activationTypes: ACTIVATION_TYPES,
  ops: EDGETPU_OPS,
  commonRules: [integerTypes, staticShapes, batchAndRank],
  unsupported: (c) => {
    if (c.op.name === 'tfl.dequantize' && feedsModelOutput(c.op)) {
      return { code: 'ET-IO-FLOAT', reason: 'the model output is float; the DEQUANTIZE that produces it runs on the CPU after the Edge TPU subgraph', fix: 'give the model integer (uint8/int8) outputs and dequantize in the application' };
    }
    const hint = EDGETPU_UNSUPPORTED_HINTS[c.tflName];
    const reason = c.version === 0 ? `${c.op.name} has no TFLite form, so nothing can map it` : describeUnsupported(c);
    return hint === undefined ? { code: 'ET-OP-UNSUPPORTED', reason } : { code: 'ET-OP-UNSUPPORTED', reason, fix: hint };
  },
  tooNew: (c, max) => ({
    code: 'ET-VERSION',
    reason: `${c.tflName} is version ${c.version}; the Edge TPU compiler (v16) maps versions up to ${max} ("Operation version not supported")`,
    fix: VERSION_FIX[c.tflName] ?? `re-export without the feature that raised ${c.tflName} to version ${c.version}`,
  }),
  statusText: STATUS,
  partitioning: 'single-segment',
  spillCode: 'ET-SUBGRAPH',
  defaultQuantize: () => 'int8',
  // The Edge TPU compiler wants uint8 model I/O, as the Coral examples and the TF converter's uint8 option give.
  // fuse-activation folds a ReLU into a pool, which the Edge TPU maps only without one: unfuse it again (not TANH:
  // TFLite's pool kernels ignore a fused TANH, so unfusing it would change the function).
  pipeline: (req) => buildPipeline(['mean-to-avgpool', 'unfuse-pool-activation{tanh=false}'], req, 'uint8'),
  modelNotes,
  paramCache,
};
