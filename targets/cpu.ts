// The CPU target: TFLite's builtin kernels run every op the emitter writes; notes say which ops XNNPACK would not take.
//
// XNNPACK coverage follows tensorflow/lite/delegates/xnnpack/README.md ("Limitations and supported operators",
// FP32 and quantized lists). Ops XNNPACK does not delegate still run, on TFLite's builtin kernels: info, not failure.
import type { Module } from '../src/ir/core.js';
import { OP_TABLE } from '../src/emitters/tflite/op-table.js';
import { minRuntimeVersion } from '../src/emitters/tflite/versions.js';
import { constInts, fusedActivation, intAttr, isConstant, isStaticValue, normalizeAxes, sigType, strAttr } from './facts.js';
import { buildPipeline } from './pipelines.js';
import { modelOps, opContext, type Note, type OpContext, type OpSupport, type PlacementCore, type Target } from './target.js';

const XNN_FLOAT = new Set([
  'ABS', 'ADD', 'AVERAGE_POOL_2D', 'CEIL', 'CONCATENATION', 'CONV_2D', 'DEPTH_TO_SPACE', 'DEPTHWISE_CONV_2D', 'DIV', 'ELU',
  'FULLY_CONNECTED', 'FLOOR', 'HARD_SWISH', 'LEAKY_RELU', 'LOGISTIC', 'MAX_POOL_2D', 'MAXIMUM', 'MEAN', 'MINIMUM', 'MUL',
  'NEG', 'PAD', 'PRELU', 'RELU', 'RELU6', 'RELU_N1_TO_1', 'RESHAPE', 'RESIZE_BILINEAR', 'ROUND', 'SLICE', 'SOFTMAX',
  'SPACE_TO_DEPTH', 'SPLIT', 'SQRT', 'SQUARE', 'SQUARED_DIFFERENCE', 'STRIDED_SLICE', 'SUB', 'TANH', 'TRANSPOSE',
  'TRANSPOSE_CONV',
]);

const XNN_QUANT = new Set([
  'ADD', 'CONCATENATION', 'CONV_2D', 'DEPTH_TO_SPACE', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE', 'ELU', 'FULLY_CONNECTED',
  'LEAKY_RELU', 'LOGISTIC', 'MAX_POOL_2D', 'MEAN', 'MUL', 'PAD', 'QUANTIZE', 'RESHAPE', 'RESIZE_BILINEAR', 'SLICE',
  'SPACE_TO_DEPTH', 'SPLIT', 'SUB', 'TANH', 'TRANSPOSE', 'TRANSPOSE_CONV',
]);

/** Ops with a fused activation XNNPACK applies only for NONE/RELU/RELU_N1_TO_1/RELU6. */
function activationLimit(c: OpContext): string | undefined {
  const a = fusedActivation(c.op);
  return a === 'TANH' || a === 'SIGN_BIT' ? `its fused ${a} activation` : undefined;
}

/** Op-specific XNNPACK limits from the README (same for float and quantized). */
function xnnpackLimit(c: OpContext): string | undefined {
  const op = c.op;
  switch (c.tflName) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D':
      if (op.numOperands < 3) return 'it has no bias (XNNPACK needs one)';
      if (!isStaticValue(op.operand(1)) || !isStaticValue(op.operand(2))) return 'its filter or bias is not constant';
      return activationLimit(c);
    case 'FULLY_CONNECTED':
      return !isStaticValue(op.operand(1)) ? 'its weights are not constant' : activationLimit(c);
    case 'MEAN': {
      const rank = op.operand(0).type.shape?.length;
      const axes = constInts(op.operands[1]);
      if (rank !== 4 || axes === undefined) return 'its input is not 4-D with constant axes';
      const n = normalizeAxes(axes, rank).join(',');
      return n === '1,2' || n === '2' ? undefined : `it reduces axes [${n}] (XNNPACK: [1,2] or [2])`;
    }
    case 'SOFTMAX': {
      const beta = op.attr('beta');
      return beta?.kind === 'float' && beta.value !== 1 ? 'beta is not 1' : undefined;
    }
    case 'STRIDED_SLICE': {
      const strides = constInts(op.operands[3]);
      if (strides === undefined || strides.some((x) => x !== 1)) return 'its strides are not all 1';
      if (['ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'].some((m) => intAttr(op, m) !== 0)) return 'it uses ellipsis/new-axis/shrink masks';
      return undefined;
    }
    case 'CONCATENATION':
      return op.numOperands > 4 ? `it has ${op.numOperands} inputs (XNNPACK: 2 to 4)` : undefined;
    default:
      return activationLimit(c);
  }
}

/** Why XNNPACK would leave this op to TFLite's builtin kernels, or undefined when it takes it. */
export function xnnpackGap(c: OpContext): string | undefined {
  const op = c.op;
  const f16Weights = op.operands.some((v) => isConstant(v) && sigType(v.type) === 'FLOAT16');
  if (f16Weights && c.tflName !== 'DEQUANTIZE') return `${c.tflName} reads float16 weights directly (no DEQUANTIZE): TFLite's CPU kernels and XNNPACK compute in float32`;
  if (c.tflName === 'DEQUANTIZE' && isConstant(op.operand(0))) return undefined; // static weights: unpacked at load time
  const runtime = op.operands.find((v) => !isStaticValue(v)) ?? op.results[0];
  const t = runtime ? sigType(runtime.type) : 'FLOAT32';
  if (t === 'FLOAT32') {
    if (!XNN_FLOAT.has(c.tflName)) return `XNNPACK does not delegate float32 ${c.tflName}`;
  } else if (t === 'INT8' || t === 'UINT8') {
    if (!XNN_QUANT.has(c.tflName)) return `XNNPACK does not delegate ${t.toLowerCase()} ${c.tflName}`;
  } else return `XNNPACK does not delegate ${c.tflName} on ${t.toLowerCase()} tensors`;
  const limit = xnnpackLimit(c);
  return limit === undefined ? undefined : `XNNPACK does not delegate this ${c.tflName}: ${limit}`;
}

function modelNotes(module: Module, p: PlacementCore): Note[] {
  const notes: Note[] = [];
  const contexts = modelOps(module).map(opContext);
  const gaps = new Map<string, number[]>();
  const f16: number[] = [];
  for (const c of contexts) {
    const g = xnnpackGap(c);
    if (g === undefined) continue;
    if (g.includes('float16 weights')) f16.push(c.index);
    else gaps.set(c.tflName, [...(gaps.get(c.tflName) ?? []), c.index]);
  }
  if (gaps.size) {
    const list = [...gaps].map(([name, ops]) => `${name} x${ops.length}`).join(', ');
    notes.push({ level: 'info', code: 'CPU-XNNPACK', text: `XNNPACK does not take ${list}; those ops run on TFLite's builtin CPU kernels (correct, slower)`, ops: [...gaps.values()].flat().sort((a, b) => a - b) });
  }
  if (f16.length) notes.push({ level: 'warning', code: 'CPU-F16-WEIGHTS', text: `${f16.length} op(s) read float16 weights without a DEQUANTIZE; CPU kernels compute in float32, so keep float16 weights behind DEQUANTIZE ops (quantize{mode=float16} does this)`, ops: f16 });
  const uint8 = contexts.filter((c) => c.op.operands.some((v) => !isStaticValue(v) && sigType(v.type) === 'UINT8')).map((c) => c.index);
  if (uint8.length) notes.push({ level: 'info', code: 'CPU-XNNPACK-UINT8', text: `${uint8.length} op(s) compute on uint8 (the TF1 quantization scheme); XNNPACK's unsigned path is experimental and off by default (tflite_with_xnnpack_qu8), so they usually run on TFLite's builtin kernels`, ops: uint8 });
  const customs = p.ops.filter((o) => o.op === 'CUSTOM').map((o) => o.index);
  if (customs.length) notes.push({ level: 'warning', code: 'CPU-CUSTOM-OP', text: 'custom ops need their kernels registered with the interpreter (an OpResolver); stock TFLite cannot run them', ops: customs });
  const runtime = minRuntimeVersion(contexts.filter((c) => c.version > 0 && c.tflName !== 'CUSTOM').map((c) => ({ code: c.tflName, version: c.version })));
  if (runtime) notes.push({ level: 'info', code: 'CPU-RUNTIME', text: `needs TensorFlow Lite ${runtime} or newer (the op versions the emitter writes)` });
  return notes;
}

const ALL_OPS: ReadonlyMap<string, OpSupport> = new Map(OP_TABLE.map((e) => [e.code, { maxVersion: Number.POSITIVE_INFINITY }]));

export const cpu: Target = {
  name: 'cpu',
  summary: "TFLite CPU: builtin kernels for every op litec emits; XNNPACK accelerates the ops it takes",
  mappedStatus: 'TFLite builtin kernel',
  requiredQuantization: 'any',
  // TFLite's kernels cover every type the emitter writes; XNNPACK's narrower set is reported in notes.
  activationTypes: ['FLOAT32', 'FLOAT16', 'INT8', 'UINT8', 'INT16', 'INT32', 'INT64', 'BOOL', 'STRING'],
  ops: ALL_OPS,
  commonRules: [],
  unsupported: (c) =>
    c.tflName === 'CUSTOM'
      ? { code: 'CPU-CUSTOM-OP', reason: `custom op "${strAttr(c.op, 'custom_code') ?? ''}" has no builtin TFLite kernel`, fix: 'register the custom kernel with the interpreter, or replace the op with builtin ones' }
      : { code: 'CPU-NO-TFLITE', reason: `${c.op.name} has no TFLite builtin form`, fix: 'lower it to tfl ops (legalize-tf) or remove it' },
  tooNew: (c, max) => ({ code: 'CPU-VERSION', reason: `${c.tflName} version ${c.version} is newer than ${max}` }),
  statusText: { 'CPU-CUSTOM-OP': 'Custom op without a builtin kernel', 'CPU-NO-TFLITE': 'No TFLite form' },
  partitioning: 'all',
  spillCode: 'CPU-NO-TFLITE',
  defaultQuantize: (hasCalibrationData) => (hasCalibrationData ? 'int8' : 'none'),
  pipeline: (req) => buildPipeline([], req),
  opNotes: (c) => {
    const g = xnnpackGap(c);
    return g === undefined ? [] : [g];
  },
  modelNotes,
};
