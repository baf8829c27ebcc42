// mean-to-avgpool: mean over H and W of an NHWC tensor becomes a whole-window average_pool_2d (plus a reshape).
import * as tfl from '../dialects/tfl/index.js';
import { constInts } from '../dialects/common.js';
import { dense, i32, str } from '../src/ir/attributes.js';
import { Operation } from '../src/ir/core.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { normalizeAxis } from '../src/ir/shape.js';
import { tensorType } from '../src/ir/types.js';
import { PassOptions, definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';

/** mean(x, [1, 2]) → average_pool_2d(x, filter = H x W, VALID), reshaped to [N, C] when keep_dims is false. */
class MeanToAveragePool extends Pattern {
  readonly root = tfl.Mean;
  constructor(
    private readonly keepDimsOnly: boolean,
    private readonly maxWindow: number,
  ) {
    super();
  }
  override get name(): string {
    return 'mean-to-average-pool';
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0).type;
    const y = op.result(0).type;
    if (x.shape === null || x.shape.length !== 4 || y.shape === null) return rw.fail(op, 'input is not rank 4');
    if (x.quant !== undefined || y.quant !== undefined) return rw.fail(op, 'quantized mean (its output scale may differ)');
    const axes = constInts(op.operand(1))?.map((a) => normalizeAxis(a, 4));
    if (axes === undefined || axes.length !== 2 || !axes.includes(1) || !axes.includes(2)) return rw.fail(op, 'does not reduce exactly H and W');
    const [, h, w] = x.shape as [number, number, number, number];
    if (h < 0 || w < 0) return rw.fail(op, 'H or W is dynamic');
    if (this.maxWindow > 0 && h * w > this.maxWindow) return rw.fail(op, `window ${h}x${w} exceeds max-window=${this.maxWindow}`);
    const keep = op.flag('keep_dims');
    if (!keep && this.keepDimsOnly) return rw.fail(op, 'keep_dims is false and keep-dims-only is set');
    const target = y.shape.map((d) => (d < 0 ? -1 : d));
    if (!keep && target.filter((d) => d < 0).length > 1) return rw.fail(op, 'more than one dynamic dimension');
    const pooled = tensorType([x.shape[0]!, 1, 1, x.shape[3]!], x.elem);
    const pool = rw.create(
      tfl.AveragePool2D,
      [op.operand(0)],
      { padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(h), filter_width: i32(w), fused_activation_function: str('NONE') },
      [pooled],
      op.loc,
    );
    if (keep) {
      rw.replaceOp(op, pool.results);
      return true;
    }
    const shape = rw.constant(dense(tensorType([target.length], 'i32'), Int32Array.from(target)), op.loc);
    rw.replaceOpWithNewOp(op, tfl.Reshape, [pool.result(0), shape], {}, [y], op.loc);
    return true;
  }
}

export const meanToAvgpool = definePatternPass({
  name: 'mean-to-avgpool',
  summary: 'Turn tfl.mean over H and W of an NHWC tensor into tfl.average_pool_2d with the whole-image window',
  description: 'For targets that run average pooling but not mean (e.g. older delegates); keep_dims=false adds a tfl.reshape.',
  options: {
    'keep-dims-only': { type: 'bool', default: false, description: 'only rewrite means with keep_dims=true (no reshape added)' },
    'max-window': { type: 'int', default: 0, description: 'skip means whose H*W window is larger than this (0: no limit)' },
  },
  preservesSemantics: true,
  patterns: (o: PassOptions) => new PatternSet([new MeanToAveragePool(o['keep-dims-only'] === true, Number(o['max-window'] ?? 0))]),
  greedy: { fold: false },
});
