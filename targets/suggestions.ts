// Repair suggestions: for each failed rule (and a few patterns worth changing), the pass or flag that fixes it and whether outputs change.
import type { Module } from '../src/ir/core.js';
import { constantValue } from '../src/ir/builtin-ops.js';
import { constInts, fusedActivation, normalizeAxes, sigType } from './facts.js';
import { isSqueezeExcite, isSwish } from './patterns.js';
import type { OpContext, PlacementCore, Suggestion, Target } from './target.js';

type Draft = Omit<Suggestion, 'because' | 'ops'> & { because: string[]; ops: number[] };

const draft = (id: string, title: string, changes_numerics: boolean, detail: string, extra: { pass?: string; flags?: string } = {}): Draft => ({
  id,
  title,
  pass: extra.pass ?? null,
  flags: extra.flags ?? null,
  changes_numerics,
  because: [],
  ops: [],
  detail,
});

/** `--input-shape name=1,H,W,C` for each input with an unknown dimension (unknown non-batch dims stay '?'). */
function inputShapeFlags(module: Module): string {
  const f = module.main();
  const flags = f.args.flatMap((a, i) => {
    const s = a.type.shape;
    if (s !== null && s.every((d) => d >= 0)) return [];
    const dims = s === null ? ['?'] : s.map((d, k) => (d >= 0 ? String(d) : k === 0 ? '1' : '?'));
    return [`--input-shape ${f.argName(i) ?? `input_${i}`}=${dims.join(',')}`];
  });
  return flags.length ? flags.join(' ') : '--input-shape NAME=1,H,W,C';
}

/** Conv/FC/depthwise filters (operand 1 of each) still stored as float32 constants. */
function hasFloat32Weights(contexts: readonly OpContext[]): boolean {
  return contexts.some((c) => {
    const w = c.op.operands[1];
    return ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'TRANSPOSE_CONV'].includes(c.tflName) && w !== undefined && constantValue(w.producer) !== undefined && sigType(w.type) === 'FLOAT32';
  });
}

/** Ops the Edge TPU maps only without a fused activation (unfuse-pool-activation handles them). */
const POOL_LIKE = ['AVERAGE_POOL_2D', 'MAX_POOL_2D', 'CONCATENATION'];

/** Repairs run on the float model before calibration, so the ops they add get ranges of their own (as --fix does). */
const BEFORE_QUANTIZE = 'on the float model, before quantization (litec compile --fix places it there)';

function leakyReluDraft(c: OpContext | undefined): Draft {
  const a = c?.op.attr('alpha');
  const alpha = a?.kind === 'float' || a?.kind === 'int' ? a.value : Number.NaN;
  if (alpha >= 0 && alpha <= 1) {
    return draft('leaky-relu-to-max', 'Rewrite LeakyReLU as MAXIMUM(x, alpha*x)', false, `for 0 <= alpha <= 1, LeakyReLU(x) = max(x, alpha*x) exactly: a MUL and a MAXIMUM, both mapped on the Edge TPU (leaky-relu-to-max{to=prelu} gives one PRELU instead); ${BEFORE_QUANTIZE}`, { pass: 'leaky-relu-to-max' });
  }
  return draft('leaky-relu-to-prelu', 'Rewrite LeakyReLU as PRELU', false, `alpha ${Number.isFinite(alpha) ? alpha : '?'} is outside [0, 1], so max(x, alpha*x) is not LeakyReLU; a PRELU with that constant per-channel alpha is, and maps on the Edge TPU; ${BEFORE_QUANTIZE}`, { pass: 'leaky-relu-to-max{to=prelu}' });
}

/** split-mean applies to a rank-4 mean whose axes take in H and/or W and some other axis. */
function meanDraft(c: OpContext | undefined): Draft {
  const rank = c?.op.operand(0).type.shape?.length;
  const raw = constInts(c?.op.operands[1]);
  const axes = rank === undefined || raw === undefined ? [] : normalizeAxes(raw, rank);
  if (rank === 4 && axes.some((a) => a === 1 || a === 2) && axes.some((a) => a === 0 || a === 3)) {
    return draft('split-mean', 'Split the MEAN into an x/y part and the rest', false, `reduce height and width in one MEAN (mapped to the Edge TPU), then the remaining axes in a second small MEAN at the end of the model (CPU); the result is the same; ${BEFORE_QUANTIZE}`, { pass: 'split-mean' });
  }
  return draft('mean-to-cpu-end', 'Leave the MEAN over other axes to the end of the model', false, 'the Edge TPU reduces only along x and/or y and this MEAN reduces none of them (or its axes are not constant): it runs on the CPU, so keep it after the last op meant for the Edge TPU');
}

/**
 * TFLite's pool kernels ignore a fused TANH (the runtime computes no tanh there), so making it a separate op changes
 * what the runtime outputs: that one is not applied silently.
 */
function unfuseDraft(c: OpContext | undefined): Draft {
  if (c !== undefined && fusedActivation(c.op) === 'TANH') {
    return draft('unfuse-tanh', 'Apply the fused TANH as its own op', true, "TFLite's pool kernels ignore a fused TANH (and CONCATENATION refuses any fused activation); as a separate TANH it maps on the Edge TPU and is applied, which changes the runtime's outputs to what the model states", { pass: 'unfuse-pool-activation' });
  }
  return draft('unfuse-pool-activation', 'Keep activations after pools and concatenations as separate ops', false, `the Edge TPU maps AVERAGE_POOL_2D, MAX_POOL_2D and CONCATENATION only without a fused activation; the standalone RELU/RELU6/RELU_N1_TO_1 maps on its own and computes the same; ${BEFORE_QUANTIZE}`, { pass: 'unfuse-pool-activation{tanh=false}' });
}

function squeezeDraft(c: OpContext | undefined, target: string): Draft {
  const why = target === 'gpu' ? 'the GPU delegate has RESHAPE but no SQUEEZE or EXPAND_DIMS' : 'the Edge TPU squeezes only leading 1s but maps any RESHAPE';
  const shapes = c === undefined ? [] : [c.op.operand(0).type.shape, c.op.result(0).type.shape];
  const dynamic = shapes.some((s) => s === null || s === undefined || s.some((d) => d < 0));
  if (dynamic) return draft('squeeze-to-reshape', 'Replace SQUEEZE/EXPAND_DIMS with RESHAPE', false, `${why}; freeze the input shapes first (litec rewrites only static shapes)`);
  return draft('squeeze-to-reshape', 'Replace SQUEEZE/EXPAND_DIMS with RESHAPE', false, `${why}; a RESHAPE to the same shape moves the same data`, { pass: 'squeeze-to-reshape' });
}

/** Suggestions for a placement, most useful first; each names the ops and rule codes that led to it. */
export function suggest(module: Module, target: Target, p: PlacementCore, contexts: readonly OpContext[]): Suggestion[] {
  const out = new Map<string, Draft>();
  const add = (d: Draft, code: string, index?: number): void => {
    const have = out.get(d.id) ?? d;
    if (!have.because.includes(code)) have.because.push(code);
    if (index !== undefined && !have.ops.includes(index)) have.ops.push(index);
    out.set(d.id, have);
  };
  const contextOf = (index: number): OpContext | undefined => contexts[index]?.index === index ? contexts[index] : contexts.find((c) => c.index === index);

  for (const o of p.ops) {
    for (const vio of o.violations) {
      const code = vio.code;
      if (code.endsWith('NOT-QUANTIZED')) {
        add(draft('quantize-int8', 'Quantize the whole model to int8 (full integer)', true, `${target.name} runs only full-integer models; calibration on about 100 representative inputs sets the activation ranges`, { pass: 'calibrate,quantize{mode=int8}', flags: '--quantize int8 --calibration-data DIR' }), code, o.index);
      } else if (code.endsWith('IO-FLOAT')) {
        add(draft('integer-io', 'Give the model uint8/int8 inputs and outputs', false, 'the float QUANTIZE/DEQUANTIZE at the model boundary run on the CPU; with integer I/O the application applies the input scale/zero point stored in the model'), code, o.index);
      } else if (code.endsWith('-BATCH')) {
        add(draft('batch-size-1', 'Fix the batch size to 1', false, 'the accelerator runs one sample at a time; freeze the batch dimension at import', { flags: '--batch-size 1' }), code, o.index);
      } else if (code.endsWith('DYNAMIC-SHAPE')) {
        add(draft('freeze-input-shape', 'Freeze dynamic dimensions', false, 'give every input a static shape at import so shapes propagate and SHAPE ops fold', { flags: inputShapeFlags(module) }), code, o.index);
      } else if (code === 'ET-OP-UNSUPPORTED' && o.op === 'HARD_SWISH') {
        add(draft('swish-to-relu6', 'Use ReLU6 instead of (hard) swish', true, 'the Edge TPU has no HARD_SWISH: rebuild the float model with swish-to-relu6 (to=relu6, not to=hard-swish) before quantizing, then fine-tune', { pass: 'swish-to-relu6' }), code, o.index);
      } else if (o.op === 'LEAKY_RELU' && code.endsWith('OP-UNSUPPORTED')) {
        add(leakyReluDraft(contextOf(o.index)), code, o.index);
      } else if (code === 'ET-MEAN-AXES') {
        add(meanDraft(contextOf(o.index)), code, o.index);
      } else if (code === 'ET-FUSED-ACTIVATION' && POOL_LIKE.includes(o.op)) {
        add(unfuseDraft(contextOf(o.index)), code, o.index);
      } else if (code.endsWith('-VERSION')) {
        const resize = o.op === 'RESIZE_BILINEAR';
        add(draft(`${target.name}-op-version`, 'Avoid op features that raise the op version', resize, vio.fix ?? 'the op version comes from its options and types; re-export without the newer feature'), code, o.index);
      } else if ((code === 'GPU-OP' && (o.op === 'SQUEEZE' || o.op === 'EXPAND_DIMS')) || code === 'ET-SQUEEZE') {
        add(squeezeDraft(contextOf(o.index), target.name), code, o.index);
      } else if (vio.fix !== undefined) {
        add(draft(`fix-${code.toLowerCase()}`, `${code}: ${target.statusText[code] ?? 'fix the failing rule'}`, false, vio.fix), code, o.index);
      }
    }
  }

  const cpuCount = p.ops.filter((o) => !o.mapped).length;
  const spilled = p.ops.filter((o) => o.code === target.spillCode && o.violations.length === 0).map((o) => o.index);
  if (spilled.length && p.first_blocker) {
    const b = p.first_blocker;
    const d = target.partitioning === 'single-segment'
      ? draft('fix-first-blocker', `Fix op #${b.index} ${b.op} first`, false, `the Edge TPU compiler maps only up to the first op it cannot map; fixing #${b.index} ${b.op}${b.loc ? ` ("${b.loc}")` : ''} lets ${spilled.length} op(s) after it back onto the Edge TPU (if it cannot be fixed, move it to the end of the model)`)
      : draft('fix-partitions', 'Merge the GPU partitions', false, `${spilled.length} supported op(s) sit in smaller partitions the GPU delegate does not take; remove or move the unsupported ops between them, or raise the delegate's max_delegated_partitions`);
    for (const i of spilled) add(d, target.spillCode, i);
  }

  // Advice: changes worth making even when everything maps (they change the function, so never applied silently).
  const swish = contexts.filter((c) => isSwish(c.op)).map((c) => c.index);
  if (swish.length && target.name === 'edgetpu') for (const i of swish) add(draft('swish-to-relu6', 'Use ReLU6 instead of swish', true, 'swish (x*sigmoid(x)) maps, but int8 LOGISTIC+MUL lose accuracy and time on the Edge TPU; EfficientNet-Lite uses ReLU6 instead (fine-tune afterwards)', { pass: 'swish-to-relu6' }), 'advice', i);
  if (swish.length && target.name === 'gpu') for (const i of swish) add(draft('swish-to-hard-swish', 'Use hard-swish instead of swish', true, 'the GPU delegate has a HARD_SWISH kernel: one op instead of LOGISTIC+MUL, close to swish numerically', { pass: 'swish-to-relu6{to=hard-swish}' }), 'advice', i);
  const se = contexts.filter((c) => isSqueezeExcite(c.op)).map((c) => c.index);
  if (se.length && target.name !== 'cpu') for (const i of se) add(draft('remove-squeeze-excite', 'Remove squeeze-and-excite blocks', true, `each SE block is a global pool, two small layers and a sigmoid gate: little compute, but serial work that ${target.name === 'edgetpu' ? 'costs Edge TPU time and int8 accuracy' : 'stalls the GPU'}; EfficientNet-Lite drops them (retrain or fine-tune afterwards)`, { pass: 'remove-squeeze-excite' }), 'advice', i);
  if (target.name === 'gpu' && cpuCount < p.ops.length && hasFloat32Weights(contexts)) {
    add(draft('quantize-float16', 'Store weights as float16', true, 'float16 weights halve the model; the GPU delegate reads them directly and, with precision loss allowed (the Android default), computes in float16 anyway', { pass: 'quantize{mode=float16}', flags: '--quantize float16' }), 'advice');
  }
  return [...out.values()].map((d) => ({ ...d, ops: [...d.ops].sort((a, b) => a - b) }));
}
