// legalize-tf's first phase: Keras's shape arithmetic (Shape → StridedSlice → Pack → Reshape) becomes constant targets.
import { Operation } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import { constOperand } from '../../dialects/common.js';
import * as tfd from '../../dialects/tf/index.js';
import { resolveReshapeTarget, symbolicVector } from '../../dialects/tf/symbolic.js';
import { Emitter } from './legalize-tf-util.js';

/**
 * reshape(x, pack(shape(x)[0], -1)) → reshape(x, [-1, 3136]): entries that are x's own (dynamic) dims cancel against
 * those dims, which leaves at most one unknown; the shape computation then dies.
 */
class ConstantReshapeTarget extends Pattern {
  override get name(): string {
    return 'constant-reshape-target';
  }
  readonly root = tfd.Reshape;
  override readonly benefit = 3;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (constOperand(op.operand(1)) !== undefined) return rw.fail(op, 'the target is already constant');
    const sym = symbolicVector(op.operand(1));
    if (sym === undefined) return rw.fail(op, 'the target is not a known shape computation');
    const target = resolveReshapeTarget(op.operand(0), sym);
    if (target === undefined) return rw.fail(op, 'the target leaves more than one dim unknown');
    const old = op.operand(1).producer;
    const c = new Emitter(rw, old?.loc ?? op.loc).i32(target);
    rw.modifyInPlace(op, () => op.setOperand(1, c));
    // Erasing the dead computation here lets the driver see its producers die too (before anything legalizes them).
    if (old !== undefined && old.results.every((r) => !r.hasUses())) rw.eraseOp(old);
    return true;
  }
}

export function legalizeShapePatterns(): Pattern[] {
  return [new ConstantReshapeTarget()];
}
