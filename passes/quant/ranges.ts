// Calibrated ranges as IR attributes (`quant.min`/`quant.max` on producing ops and func args) and known output ranges.
import { Attr, f32 } from '../../src/ir/attributes.js';
import { Func, Operation, Value } from '../../src/ir/core.js';
import { Range } from './stats.js';

export const MIN_ATTR = 'quant.min';
export const MAX_ATTR = 'quant.max';

/** Ranges fixed by the op's math, whatever the data (used instead of calibrated ones). */
const FIXED_OUTPUT: Readonly<Record<string, Range>> = {
  'tfl.relu6': { min: 0, max: 6 },
  'tfl.relu_n1_to_1': { min: -1, max: 1 },
  'tfl.logistic': { min: 0, max: 1 },
  'tfl.softmax': { min: 0, max: 1 },
  'tfl.tanh': { min: -1, max: 1 },
};

/** The exact output range of an op that has one (relu6, logistic, softmax, tanh, relu_n1_to_1). */
export function fixedOutputRange(op: Operation): Range | undefined {
  return FIXED_OUTPUT[op.name];
}

/** Clips a calibrated range to what the op's fused activation lets through (RELU6 → [0, 6], ...). */
export function clipToFusedActivation(op: Operation, r: Range): Range {
  const a = op.attrs.get('fused_activation_function');
  const act = a?.kind === 'string' ? a.value : 'NONE';
  const clip = (lo: number, hi: number): Range => ({ min: Math.min(Math.max(r.min, lo), hi), max: Math.max(Math.min(r.max, hi), lo) });
  switch (act) {
    case 'RELU':
      return clip(0, Infinity);
    case 'RELU6':
      return clip(0, 6);
    case 'RELU_N1_TO_1':
      return clip(-1, 1);
    default:
      return r;
  }
}

function readPair(attrs: ReadonlyMap<string, Attr>, index: number): Range | undefined {
  const lo = attrs.get(MIN_ATTR);
  const hi = attrs.get(MAX_ATTR);
  const pick = (a: Attr | undefined): number | undefined => {
    if (a === undefined) return undefined;
    if (a.kind === 'float' || a.kind === 'int') return index === 0 ? a.value : undefined;
    if (a.kind === 'array') {
      const x = a.value[index];
      return x !== undefined && (x.kind === 'float' || x.kind === 'int') && !Number.isNaN(x.value) ? x.value : undefined;
    }
    return undefined;
  };
  const min = pick(lo);
  const max = pick(hi);
  return min === undefined || max === undefined ? undefined : { min, max };
}

/** The calibrated range recorded for a value (op result or func argument), if any. */
export function recordedRange(v: Value): Range | undefined {
  if (v.producer !== undefined) return readPair(v.producer.attrs, v.index);
  const f = v.func;
  const attrs = f?.argAttrs[v.index];
  return attrs === undefined ? undefined : readPair(attrs, 0);
}

/** Records ranges for every result of `op` (a single f32 per result, or arrays for multi-result ops). */
export function recordOpRanges(op: Operation, ranges: readonly (Range | undefined)[]): void {
  if (ranges.every((r) => r === undefined)) return;
  if (op.results.length === 1) {
    const r = ranges[0]!;
    op.setAttr(MIN_ATTR, f32(r.min));
    op.setAttr(MAX_ATTR, f32(r.max));
    return;
  }
  op.setAttr(MIN_ATTR, { kind: 'array', value: ranges.map((r) => f32(r?.min ?? NaN)) });
  op.setAttr(MAX_ATTR, { kind: 'array', value: ranges.map((r) => f32(r?.max ?? NaN)) });
}

export function recordArgRange(f: Func, index: number, r: Range): void {
  const attrs = f.argAttrs[index]!;
  attrs.set(MIN_ATTR, f32(r.min));
  attrs.set(MAX_ATTR, f32(r.max));
}

/** Removes the calibration attributes (the quantizer does this once it has used them). */
export function clearRanges(f: Func): void {
  for (const op of f.ops()) {
    op.removeAttr(MIN_ATTR);
    op.removeAttr(MAX_ATTR);
  }
  for (const attrs of f.argAttrs) {
    attrs.delete(MIN_ATTR);
    attrs.delete(MAX_ATTR);
  }
}
