// split-mean: a tfl.mean over H and/or W and other axes becomes a mean over the H/W part, then a mean over the rest.
import * as tfl from '../dialects/tfl/index.js';
import { constInts } from '../dialects/common.js';
import { bool, dense } from '../src/ir/attributes.js';
import { Operation } from '../src/ir/core.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { normalizeAxis } from '../src/ir/shape.js';
import { tensorType } from '../src/ir/types.js';
import { definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';
import { isPlainF32 } from './patterns/per-channel.js';

/** The H and W axes of an NHWC tensor: the only axes the Edge TPU reduces. */
const SPATIAL = [1, 2];

/**
 * mean(x, A) with A = S ∪ R (S ⊆ {H, W}, R the other axes, both non-empty) → mean(mean(x, S), R). Every
 * group of the second mean averages the same number of first-stage means, each over the same number of elements,
 * so the mean of means is the mean (up to float rounding). Both means take the original keep_dims; without it, R's
 * axis numbers are renumbered for the dimensions the first mean removed.
 */
class SplitMean extends Pattern {
  readonly root = tfl.Mean;
  override get name(): string {
    return 'split-mean';
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0);
    const s = x.type.shape;
    if (s === null || s.length !== 4) return rw.fail(op, 'input is not a rank-4 (NHWC) tensor');
    if (s.some((d) => d < 0)) return rw.fail(op, 'input shape is not static');
    // Quantized, the intermediate mean would round to int8: not the same result.
    if (!isPlainF32(x.type) || !isPlainF32(op.result(0).type)) return rw.fail(op, 'not a plain float mean (run this pass before quantize)');
    const raw = constInts(op.operand(1));
    if (raw === undefined) return rw.fail(op, 'axes are not constant');
    if (raw.some((a) => a < -4 || a > 3)) return rw.fail(op, 'an axis is out of range');
    const axes = [...new Set(raw.map((a) => normalizeAxis(a, 4)))].sort((a, b) => a - b);
    const spatial = axes.filter((a) => SPATIAL.includes(a));
    const rest = axes.filter((a) => !SPATIAL.includes(a));
    if (spatial.length === 0) return rw.fail(op, 'reduces neither H nor W');
    if (rest.length === 0) return rw.fail(op, 'reduces only H and/or W already');
    const ints = (v: number[]) => rw.constant(dense(tensorType([v.length], 'i32'), Int32Array.from(v)), op.loc);
    const k = op.attr('keep_dims');
    const keepDims = k?.kind === 'bool' && k.value;
    rw.setInsertionPoint(op);
    const partialShape = s.flatMap((d, i) => (!spatial.includes(i) ? [d] : keepDims ? [1] : []));
    const partial = rw.create(tfl.Mean, [x, ints(spatial)], { keep_dims: bool(keepDims) }, [tensorType(partialShape, x.type.elem)], op.loc);
    // Without keep_dims the H/W axes are gone from the partial result: the other axes move down by as many.
    const restAxes = keepDims ? rest : rest.map((a) => a - spatial.filter((sa) => sa < a).length);
    rw.replaceOpWithNewOp(op, tfl.Mean, [partial.result(0), ints(restAxes)], { keep_dims: bool(keepDims) }, [op.result(0).type], op.loc);
    return true;
  }
}

export const splitMean = definePatternPass({
  name: 'split-mean',
  summary: 'Split a tfl.mean over H and/or W plus other axes into a mean over H/W, then a mean over the rest',
  description:
    'The Edge TPU reduces a MEAN only along x and/or y: the first mean (the large one) maps, the second, small one ' +
    'runs on the CPU at the end of the model. The result is the same. Float models with static shapes only.',
  preservesSemantics: true,
  patterns: () => new PatternSet([new SplitMean()]),
  greedy: { fold: false },
});
