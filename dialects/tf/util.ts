// Helpers shared by tf op definitions: window attributes (NHWC only), result-type builders, shape checks.
import { Operation } from '../../src/ir/core.js';
import { AttrSpec, attrEnum, attrInts } from '../../src/ir/opdef.js';
import { TensorType, isStatic, tensorType } from '../../src/ir/types.js';

export const dataFormatAttr: AttrSpec = attrEnum(['NHWC', 'NCHW'], 'NHWC');
export const convPaddingAttr: AttrSpec = attrEnum(['SAME', 'VALID', 'EXPLICIT']);
export const explicitPaddingsAttr: AttrSpec = attrInts([]);

/** Only NHWC is supported: say so for any other data_format. */
export function verifyNhwc(op: Operation): string | undefined {
  const f = op.attr('data_format');
  if (f?.kind === 'string' && f.value !== 'NHWC') return `data_format ${f.value} is not supported (only NHWC); export the model with channels-last layout`;
  return undefined;
}

/** A 4-entry NHWC attribute (strides, dilations, ksize) whose batch and channel entries must be 1. */
export function verifyNhwcList(op: Operation, name: string): string | undefined {
  const a = op.attr(name);
  if (a === undefined) return undefined;
  const v = op.ints(name);
  if (v.length !== 4) return `${name} must have 4 entries, got [${v}]`;
  if (v[0] !== 1 || v[3] !== 1) return `${name} [${v}] must be 1 in the batch and channel dims`;
  if (v[1]! < 1 || v[2]! < 1) return `${name} [${v}] must be positive`;
  return undefined;
}

export interface Window {
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: 'SAME' | 'VALID' | 'EXPLICIT';
  /** [top, bottom, left, right] for EXPLICIT padding, else zeros. */
  readonly explicit: [number, number, number, number];
}

/** Window attributes of a Conv2D / DepthwiseConv2dNative / MaxPool / AvgPool op. */
export function windowOf(op: Operation, stridesName = 'strides'): Window {
  const s = op.ints(stridesName);
  const d = op.attr('dilations') ? op.ints('dilations') : [1, 1, 1, 1];
  const padding = op.str('padding') as Window['padding'];
  const p = op.attr('explicit_paddings') ? op.ints('explicit_paddings') : [];
  const explicit: [number, number, number, number] = padding === 'EXPLICIT' ? [p[2] ?? 0, p[3] ?? 0, p[4] ?? 0, p[5] ?? 0] : [0, 0, 0, 0];
  return { strides: [s[1] ?? 1, s[2] ?? 1], dilations: [d[1] ?? 1, d[2] ?? 1], padding, explicit };
}

/** EXPLICIT padding needs 8 non-negative entries with zeros for batch and channels. */
export function verifyExplicitPaddings(op: Operation): string | undefined {
  const padding = op.str('padding');
  const p = op.attr('explicit_paddings') ? op.ints('explicit_paddings') : [];
  if (padding !== 'EXPLICIT') return p.length === 0 ? undefined : `explicit_paddings must be empty unless padding is EXPLICIT`;
  if (p.length !== 8) return `explicit_paddings must have 8 entries for EXPLICIT padding, got ${p.length}`;
  if (p.some((x) => x < 0)) return `explicit_paddings [${p}] must be non-negative`;
  if (p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) return `explicit_paddings [${p}] must not pad the batch or channel dims`;
  return undefined;
}

/** Output size along one axis under SAME, VALID or EXPLICIT (before + after) padding; -1 for a dynamic input. */
export function windowSize(input: number, filter: number, stride: number, dilation: number, padding: string, before = 0, after = 0): number {
  if (input < 0 || filter < 0) return -1;
  const effective = (filter - 1) * dilation + 1;
  if (padding === 'SAME') return Math.ceil(input / stride);
  const padded = input + (padding === 'EXPLICIT' ? before + after : 0);
  return Math.max(0, Math.floor((padded - effective) / stride) + 1);
}

/** NHWC result of a windowed op with the given filter height/width and output channels. */
export function windowResult(op: Operation, x: TensorType, fh: number, fw: number, channels: number, w: Window): TensorType[] {
  if (x.shape === null || x.shape.length !== 4) return [tensorType(x.shape === null ? null : [-1, -1, -1, channels], x.elem)];
  const h = windowSize(x.shape[1]!, fh, w.strides[0], w.dilations[0], w.padding, w.explicit[0], w.explicit[1]);
  const wd = windowSize(x.shape[2]!, fw, w.strides[1], w.dilations[1], w.padding, w.explicit[2], w.explicit[3]);
  return [tensorType([x.shape[0]!, h, wd, channels], x.elem)];
}

/** Result type: an element type with the given shape (null = unranked). */
export const resultOf = (shape: readonly number[] | null, elem: TensorType['elem']): TensorType[] => [tensorType(shape, elem)];

/** Rank of a value's type, when ranked. */
export function rankOf(t: TensorType): number | undefined {
  return t.shape === null ? undefined : t.shape.length;
}

/** Whether a 1-D operand holds a statically known number of entries (shape vectors, axes lists). */
export function staticLength(t: TensorType): number | undefined {
  if (t.shape === null) return undefined;
  if (t.shape.length === 0) return 1;
  return t.shape.length === 1 && isStatic(t) ? t.shape[0] : undefined;
}
