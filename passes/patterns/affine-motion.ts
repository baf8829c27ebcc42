// Moving a per-channel scale/offset (a batch norm after an activation) below pools and flattening reshapes, so it
// reaches the next conv's input, where fold-batchnorm's before-conv patterns fold it into the weights.
import { dense, str } from '../../src/ir/attributes.js';
import { Operation, Value } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { tensorType } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfl from '../../dialects/tfl/index.js';
import { allFinite, convLike, isPlainF32, perChannelValues, readableF32, sameType } from './per-channel.js';

/** `x * c`, `x + c` or `x - c` with c constant along x's last axis, no fused activation, x's type kept. */
interface AffineStep {
  readonly op: Operation;
  /** The non-constant operand. */
  readonly x: Value;
  /** Operand index of the constant. */
  readonly constSide: number;
  readonly values: Float64Array;
}

function affineStep(op: Operation | undefined): AffineStep | undefined {
  if (op === undefined || !(op.isa(tfl.Mul) || op.isa(tfl.Add) || op.isa(tfl.Sub))) return undefined;
  if (op.str('fused_activation_function') !== 'NONE' || !isPlainF32(op.result(0).type)) return undefined;
  const shape = op.result(0).type.shape!;
  if (shape.length === 0) return undefined;
  for (const constSide of op.isa(tfl.Sub) ? [1] : [1, 0]) {
    const x = op.operand(1 - constSide);
    if (readableF32(x) !== undefined || !sameType(x, op.result(0))) continue;
    const values = perChannelValues(op.operand(constSide), shape[shape.length - 1]!, shape.length);
    if (values !== undefined && allFinite(values)) return { op, x, constSide, values };
  }
  return undefined;
}

/**
 * Whether the step (or the chain of single-use steps above it) sits right after a conv it folds into
 * (fold-batchnorm's after-conv patterns): then it must stay where it is.
 */
function foldsIntoConvAbove(step: AffineStep): boolean {
  let s: AffineStep | undefined = step;
  for (let depth = 0; depth < 8 && s !== undefined; depth++) {
    const p: Operation | undefined = s.x.producer;
    const conv = convLike(p);
    if (conv !== undefined) return conv.op.str('fused_activation_function') === 'NONE' && conv.op.result(0).hasOneUse();
    s = p !== undefined && p.result(0).hasOneUse() ? affineStep(p) : undefined;
  }
  return false;
}

/** The step feeding `op`'s input 0, when it may move below `op`. */
function movableStep(op: Operation, rw: Rewriter): AffineStep | false {
  const step = affineStep(op.operand(0).producer);
  if (step === undefined) return rw.fail(op, 'input is not a per-channel mul/add/sub by a finite constant');
  if (!op.operand(0).hasOneUse()) return rw.fail(op, 'the scaled value has other users');
  if (foldsIntoConvAbove(step)) return rw.fail(op, 'the scale/offset folds into the conv above it instead');
  return step;
}

/** Recreates `step` on a new input (the constant operand `c` on its original side), with the given activation. */
function reapply(rw: Rewriter, step: AffineStep, input: Value, c: Value, act: string): Value {
  const operands = step.constSide === 1 ? [input, c] : [c, input];
  return rw.create(step.op.def!, operands, { fused_activation_function: str(act) }, [input.type], step.op.loc).result(0);
}

/**
 * pool(x * s + t) → pool(x) * s + t. Average pools are linear and TFLite averages over real elements only (SAME
 * padding is not counted), so any finite s, t commute; max pools commute with x * s only for s > 0 (a negative
 * scale turns max into min). The pool's fused activation moves to the moved step, which is now last.
 */
export class MoveAffineBelowPool extends Pattern {
  constructor(readonly root: OpDef) {
    super();
  }
  override get name(): string {
    return `move-affine-below-${this.root.name.slice(4)}`;
  }

  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (!isPlainF32(op.result(0).type)) return rw.fail(op, 'not a float32 pool');
    const step = movableStep(op, rw);
    if (step === false) return false;
    if (op.isa(tfl.MaxPool2D) && step.op.isa(tfl.Mul) && !step.values.every((v) => v > 0)) return rw.fail(op, 'a scale <= 0 does not commute with max');
    const attrs = new Map(op.attrs);
    attrs.set('fused_activation_function', str('NONE'));
    const pool = rw.create(op.def!, [step.x], attrs, [op.result(0).type], op.loc);
    const out = reapply(rw, step, pool.result(0), step.op.operand(step.constSide), op.str('fused_activation_function'));
    rw.replaceOp(op, [out]);
    return true;
  }
}

/**
 * reshape(x * s + t) → reshape(x) * s' + t' when the reshape keeps channels innermost: x's last axis has C
 * channels and the result's last axis L is a multiple of C, so element j of a result row has channel j mod C and
 * s' is s tiled L / C times (Keras's Flatten before a Dense layer). Only when the reshape feeds a conv or
 * fully_connected (where the step then folds); elsewhere moving would only grow the constants.
 */
export class MoveAffineBelowReshape extends Pattern {
  readonly root = tfl.Reshape;
  override get name(): string {
    return 'move-affine-below-reshape';
  }

  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const out = op.result(0);
    if (!isPlainF32(out.type) || out.type.shape!.some((d) => d < 0) || out.type.shape!.length === 0) return rw.fail(op, 'result is not a static float32 tensor');
    const user = out.hasOneUse() ? out.uses[0]! : undefined;
    if (user === undefined || user.index !== 0 || convLike(user.op) === undefined) return rw.fail(op, 'result does not feed a conv or fully_connected');
    const step = movableStep(op, rw);
    if (step === false) return false;
    const inShape = step.x.type.shape!;
    const c = inShape[inShape.length - 1]!;
    const l = out.type.shape![out.type.shape!.length - 1]!;
    if (c <= 0 || l % c !== 0) return rw.fail(op, 'the reshape does not keep channels innermost');
    const tiled = new Float32Array(l);
    for (let j = 0; j < l; j++) tiled[j] = step.values[j % c]!;
    const reshaped = rw.create(op.def!, [step.x, op.operand(1)], op.attrs, [out.type], op.loc).result(0);
    const constant = rw.constant(dense(tensorType([l], 'f32'), tiled), step.op.operand(step.constSide).producer?.loc ?? step.op.loc);
    rw.replaceOp(op, [reapply(rw, step, reshaped, constant, 'NONE')]);
    return true;
  }
}

export function affineMotionPatterns(): Pattern[] {
  return [new MoveAffineBelowPool(tfl.MaxPool2D), new MoveAffineBelowPool(tfl.AveragePool2D), new MoveAffineBelowReshape()];
}
