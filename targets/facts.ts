// Facts about ops and tensors that target rules share: constants, activation tensors, shapes at batch 1, weight bytes.
import { constantValue } from '../src/ir/builtin-ops.js';
import type { Module, Operation, Value } from '../src/ir/core.js';
import { TensorType, elementByteSize, numElements, storageElem } from '../src/ir/types.js';
import { sigType, type SigType } from '../src/emitters/tflite/versions.js';

export { sigType, type SigType };

export function isConstant(v: Value): boolean {
  return constantValue(v.producer) !== undefined;
}

/** Operand slot name from the op definition ('filter', 'shape', 'values'...); '' when the op has no definition. */
export function operandName(op: Operation, i: number): string {
  const names = op.def?.spec.operands ?? [];
  const variadic = names.findIndex((n) => n.endsWith('*'));
  let slot: string | undefined;
  if (variadic < 0 || i < variadic) slot = names[i];
  else {
    const after = names.length - 1 - variadic;
    const fromEnd = op.numOperands - 1 - i;
    slot = fromEnd < after ? names[names.length - 1 - fromEnd] : names[variadic];
  }
  return (slot ?? '').replace(/[?*]$/, '');
}

/** Operand slots that carry shapes, axes or indices (small int32 constants), not learned parameters. */
const SHAPE_LIKE = new Set(['shape', 'axis', 'padding', 'begin', 'end', 'strides', 'perm', 'size', 'output_shape', 'dim', 'indices']);

export function isShapeOperand(op: Operation, i: number): boolean {
  return SHAPE_LIKE.has(operandName(op, i));
}

/**
 * A value fixed before inference: a constant, or a constant behind a DEQUANTIZE (float16 or int8 weights that
 * runtimes and delegates expand once at load time, as the GPU delegate and XNNPACK do).
 */
export function isStaticValue(v: Value): boolean {
  if (isConstant(v)) return true;
  const p = v.producer;
  return p !== undefined && p.name === 'tfl.dequantize' && p.numOperands === 1 && isConstant(p.operand(0));
}

/** The tensors an op computes on at run time: operands and results that are not static weights. */
export function activationValues(op: Operation): Value[] {
  return [...op.operands, ...op.results].filter((v) => !isStaticValue(v));
}

/** Constant operands that hold parameters (filters, biases, alphas, constant elementwise operands). */
export function weightOperands(op: Operation): Value[] {
  return op.operands.filter((v, i) => isConstant(v) && !isShapeOperand(op, i));
}

export function valueBytes(v: Value): number {
  return (numElements(v.type) ?? 0) * elementByteSize(storageElem(v.type));
}

/**
 * A tensor's shape as a delegate sees it: a dynamic leading batch dimension (what TF converters write for Keras
 * models, shape_signature -1 with shape 1) counts as 1. `dynamic` is set when any other dimension is unknown.
 */
export interface ShapeView {
  readonly shape: readonly number[] | null;
  readonly dynamicBatch: boolean;
  readonly dynamic: boolean;
}

export function shapeView(t: TensorType): ShapeView {
  const s = t.shape;
  if (s === null) return { shape: null, dynamicBatch: false, dynamic: true };
  const batchOnly = s.length >= 2 && s[0]! < 0 && s.slice(1).every((d) => d >= 0);
  const shape = batchOnly ? [1, ...s.slice(1)] : s;
  return { shape, dynamicBatch: batchOnly, dynamic: shape.some((d) => d < 0) };
}

export function fmtShape(shape: readonly number[] | null): string {
  return shape === null ? '[*]' : `[${shape.map((d) => (d < 0 ? '?' : String(d))).join(',')}]`;
}


/** A short name for a value in messages: its producer's loc name, a func argument name, or its type. */
export function valueLabel(v: Value): string {
  if (v.func !== undefined) return `input "${v.func.argName(v.index) ?? `#${v.index}`}"`;
  return `a ${fmtShape(v.type.shape)} tensor`;
}


/** Integer contents of a constant operand (MEAN/SUM axes, PAD paddings, slice strides); undefined when not constant. */
export function constInts(v: Value | undefined): number[] | undefined {
  const c = v === undefined ? undefined : constantValue(v.producer);
  if (c === undefined) return undefined;
  const out: number[] = [];
  for (let i = 0; i < (numElements(c.type) ?? c.data.length); i++) {
    const x = c.data.length === 1 ? c.data[0] : c.data[i];
    out.push(typeof x === 'bigint' ? Number(x) : typeof x === 'number' ? x : NaN);
  }
  return out;
}

export function normalizeAxes(axes: readonly number[], rank: number): number[] {
  return [...new Set(axes.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
}

/** The op's fused activation, or undefined when the op has none. */
export function fusedActivation(op: Operation): string | undefined {
  if (!op.def?.attrSpecs.has('fused_activation_function')) return undefined;
  const a = op.attr('fused_activation_function');
  return a?.kind === 'string' ? a.value : undefined;
}

export function intAttr(op: Operation, name: string, dflt = 0): number {
  const a = op.attr(name);
  return a?.kind === 'int' || a?.kind === 'float' ? a.value : dflt;
}

export function boolAttr(op: Operation, name: string): boolean {
  const a = op.attr(name);
  return a?.kind === 'bool' ? a.value : false;
}

export function strAttr(op: Operation, name: string): string | undefined {
  const a = op.attr(name);
  return a?.kind === 'string' ? a.value : undefined;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

/** 'input "x" [?,224,224,3] has' / 'inputs "a" [?,4], "b" [?,4] have' for inputs whose only unknown dim is the batch; '' if none. */
export function dynamicBatchInputs(module: Module): string {
  const f = module.main();
  const named = f.args.flatMap((a, i) => (shapeView(a.type).dynamicBatch ? [`"${f.argName(i) ?? `#${i}`}" ${fmtShape(a.type.shape)}`] : []));
  if (named.length === 0) return '';
  return named.length === 1 ? `input ${named[0]} has` : `inputs ${named.join(', ')} have`;
}
