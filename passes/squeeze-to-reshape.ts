// squeeze-to-reshape: tfl.squeeze and tfl.expand_dims with static shapes become tfl.reshape to the same shape.
import * as tfl from '../dialects/tfl/index.js';
import { dense } from '../src/ir/attributes.js';
import { Operation } from '../src/ir/core.js';
import { OpDef } from '../src/ir/opdef.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { tensorType } from '../src/ir/types.js';
import { definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';

/**
 * squeeze(x) / expand_dims(x, d) → reshape(x, shape of the result): dropping or adding size-1 dimensions keeps the
 * row-major order of the elements, so the reshape moves nothing. The result type (and quantization) is kept.
 */
class ToReshape extends Pattern {
  constructor(readonly root: OpDef) {
    super();
  }
  override get name(): string {
    return `${this.root.name.slice(4)}-to-reshape`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const xs = op.operand(0).type.shape;
    const t = op.result(0).type;
    if (xs === null || t.shape === null || xs.some((d) => d < 0) || t.shape.some((d) => d < 0)) return rw.fail(op, 'shapes are not static');
    // TFLite reads an empty new-shape tensor as a legacy "scalar" marker; keep scalar results as they are.
    if (t.shape.length === 0) return rw.fail(op, 'scalar result');
    rw.setInsertionPoint(op);
    const shape = rw.constant(dense(tensorType([t.shape.length], 'i32'), Int32Array.from(t.shape)), op.loc);
    rw.replaceOpWithNewOp(op, tfl.Reshape, [op.operand(0), shape], {}, [t], op.loc);
    return true;
  }
}

export const squeezeToReshape = definePatternPass({
  name: 'squeeze-to-reshape',
  summary: 'Replace tfl.squeeze and tfl.expand_dims of static shape with tfl.reshape to the same shape',
  description:
    'The GPU delegate has RESHAPE but no SQUEEZE or EXPAND_DIMS, and the Edge TPU squeezes only leading 1s; a reshape ' +
    'moves the same data. Same outputs; quantized types are kept.',
  preservesSemantics: true,
  patterns: () => new PatternSet([new ToReshape(tfl.Squeeze), new ToReshape(tfl.ExpandDims)]),
  greedy: { fold: false },
});
