// Helpers for the legalize-tf patterns: emitting located ops and constants, integer operands, per-channel constants.
import { Attr, DenseAttr, dense, denseGet, i32, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Operation, Value } from '../../src/ir/core.js';
import { Loc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { TensorType, numElements, tensorType } from '../../src/ir/types.js';
import { constInts } from '../../dialects/common.js';
import * as tfl from '../../dialects/tfl/index.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import { transposeWeights } from './const-transpose.js';

/** Creates ops and constants at the rewriter's insertion point, all carrying one location. */
export class Emitter {
  constructor(
    readonly rw: Rewriter,
    readonly loc: Loc,
  ) {}

  constant(d: DenseAttr): Value {
    return this.rw.constant(d, this.loc);
  }
  /** An i32 vector (or [n, 2] matrix, etc.) constant: shape operands, axes, permutations, paddings. */
  i32(values: readonly number[], shape: readonly number[] = [values.length]): Value {
    return this.constant(dense(tensorType(shape, 'i32'), Int32Array.from(values)));
  }
  f32(values: readonly number[], shape: readonly number[] = [values.length]): Value {
    return this.constant(dense(tensorType(shape, 'f32'), Float32Array.from(values)));
  }
  op(def: OpDef, operands: readonly Value[], attrs: Readonly<Record<string, Attr>> = {}, types?: readonly TensorType[]): Operation {
    return this.rw.create(def, operands, attrs, types, this.loc);
  }
  /** One-result op. */
  value(def: OpDef, operands: readonly Value[], attrs: Readonly<Record<string, Attr>> = {}, type?: TensorType): Value {
    return this.op(def, operands, attrs, type === undefined ? undefined : [type]).result(0);
  }
  /** x transposed by `perm`: a new constant when x is constant (weights change layout once), else tfl.transpose. */
  transposed(x: Value, perm: readonly number[]): Value | undefined {
    const c = constantValue(x.producer);
    const s = x.type.shape;
    if (c !== undefined && c.type.shape !== null) {
      const t = transposeWeights(c, perm);
      return this.constant(c.elided ? { ...t, elided: true } : t);
    }
    const type = tensorType(s === null ? null : perm.map((p) => s[p] ?? -1), x.type.elem);
    return this.value(tfl.Transpose, [x, this.i32(perm)], {}, type);
  }
  /** x with a new static shape: the same data under a new type for constants, else tfl.reshape. */
  reshaped(x: Value, shape: readonly number[]): Value {
    const c = constantValue(x.producer);
    const type = tensorType(shape, x.type.elem, x.type.quant);
    if (c !== undefined) return this.constant({ ...c, type });
    return this.value(tfl.Reshape, [x, this.i32(shape)], {}, type);
  }
}

export const NONE: Attr = str('NONE');
export const act = { fused_activation_function: NONE };

/** An integer operand as an i32 value for tfl: constants become i32 constants; computed i32 values pass through. */
export function i32Operand(e: Emitter, v: Value): Value | undefined {
  const c = constInts(v);
  if (c !== undefined) {
    if (c.some((x) => !Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31)) return undefined;
    return v.type.elem === 'i32' ? v : e.i32(c, v.type.shape ?? [c.length]);
  }
  return v.type.elem === 'i32' ? v : undefined;
}

/**
 * The values of a float constant that adds one value per channel along the last axis of a result with `channels`
 * channels (shape [C], [1, ..., 1, C] or a scalar), as a [C] constant sharing the data when it can.
 */
export function perChannel(v: Value, channels: number, rank: number): DenseAttr | undefined {
  const c = constantValue(v.producer);
  if (c === undefined || c.type.elem !== 'f32' || c.type.quant !== undefined || c.type.shape === null || channels < 0) return undefined;
  const s = c.type.shape;
  if (s.length > rank || s.slice(0, -1).some((d) => d !== 1)) return undefined;
  const last = s.length === 0 ? 1 : s[s.length - 1]!;
  const type = tensorType([channels], 'f32');
  if (last === channels && numElements(c.type) === channels) return { ...c, type };
  if (last !== 1) return undefined;
  const data = new Float32Array(channels).fill(denseGet(c, 0));
  return dense(type, data);
}

/** The op's single user, when its first result has exactly one use (and no other result is used). */
export function soleUser(op: Operation): Operation | undefined {
  if (!op.result(0).hasOneUse() || op.results.slice(1).some((r) => r.hasUses())) return undefined;
  return op.result(0).uses[0]!.op;
}

export const i32Attr = (v: number): Attr => i32(v);

/** Whether a value is plain float32 (legalize-tf produces float tfl; other element types stay as they are). */
export function isF32(v: Value): boolean {
  return v.type.elem === 'f32' && v.type.quant === undefined;
}

/** A legalize-tf pattern, named after the TF op it converts (legalize-Conv2D, ...). */
export abstract class LegalizePattern extends Pattern {
  override get name(): string {
    return `legalize-${this.root?.name.slice(3) ?? 'any'}`;
  }
}
