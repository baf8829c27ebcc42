// pad-to-same: tfl.pad feeding a VALID conv becomes SAME padding on the conv when the pads are exactly SAME's.
import * as tfl from '../dialects/tfl/index.js';
import { constInts } from '../dialects/common.js';
import { str } from '../src/ir/attributes.js';
import { Operation } from '../src/ir/core.js';
import { fusedLoc } from '../src/ir/loc.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { samePaddingBefore, windowOutputSize } from '../src/ir/shape.js';
import { typesEqual, withShape } from '../src/ir/types.js';
import { definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';
import { uniformConstant } from './patterns/activation.js';

/** [before, after] TensorFlow's SAME padding adds along one spatial axis. */
export function samePads(input: number, filter: number, stride: number, dilation: number): [number, number] {
  const out = windowOutputSize(input, filter, stride, dilation, 'SAME');
  const total = Math.max(0, (out - 1) * stride + (filter - 1) * dilation + 1 - input);
  const before = samePaddingBefore(input, filter, stride, dilation);
  return [before, total - before];
}

/**
 * conv{VALID}(pad(x, P)) → conv{SAME}(x) (pad_v2 too when it fills with 0) when P pads only H and W, by exactly SAME's amounts for this filter,
 * stride and dilation (Keras' ZeroPadding2D + VALID stride-2 convs, as in EfficientNet/MobileNet). Pools are left
 * alone: SAME average pooling divides by the in-bounds count and SAME max pooling ignores padding.
 */
class PadIntoSameConv extends Pattern {
  constructor(readonly root: typeof tfl.Conv2D) {
    super();
  }
  override get name(): string {
    return `pad-into-same-${this.root.name.slice(4)}`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (op.str('padding') !== 'VALID') return rw.fail(op, 'conv is not VALID');
    const pad = op.operand(0).producer;
    if (!pad?.isa(tfl.Pad) && !(pad?.isa(tfl.PadV2) && uniformConstant(pad.operand(2)) === 0)) return rw.fail(op, 'input is not tfl.pad (or pad_v2 with 0)');
    const x = pad.operand(0);
    const p = constInts(pad.operand(1));
    const xs = x.type.shape;
    const ws = op.operand(1).type.shape;
    if (p === undefined || xs === null || ws === null || xs.length !== 4 || p.length !== 8) return rw.fail(op, 'pads or shapes are not static');
    if (!typesEqual(withShape(x.type, null), withShape(pad.result(0).type, null))) return rw.fail(op, 'pad changes the element type');
    if (p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) return rw.fail(op, 'pad touches batch or channels');
    const axes: [number, number, number, number][] = [
      [xs[1]!, ws[1]!, op.int('stride_h'), op.int('dilation_h_factor')],
      [xs[2]!, ws[2]!, op.int('stride_w'), op.int('dilation_w_factor')],
    ];
    for (let i = 0; i < 2; i++) {
      const [input, k, s, d] = axes[i]!;
      if (input < 0) return rw.fail(op, 'spatial size is dynamic');
      const [before, after] = samePads(input, k, s, d);
      if (p[2 + 2 * i] !== before || p[3 + 2 * i] !== after) return rw.fail(op, `pads [${p[2 + 2 * i]}, ${p[3 + 2 * i]}] are not SAME's [${before}, ${after}]`);
    }
    const attrs = new Map(op.attrs);
    attrs.set('padding', str('SAME'));
    rw.replaceOpWithNewOp(op, op.def!, [x, ...op.operands.slice(1)], attrs, undefined, fusedLoc([pad.loc, op.loc]));
    return true;
  }
}

export const padToSame = definePatternPass({
  name: 'pad-to-same',
  summary: 'Turn tfl.pad + conv_2d/depthwise_conv_2d with VALID padding into the conv with SAME padding when equivalent',
  description:
    "Keras' ZeroPadding2D before a VALID stride-2 conv (EfficientNet, MobileNet) pads exactly what SAME pads only for " +
    'some sizes: the pad must touch only H and W, by SAME\'s [before, after] amounts for that filter, stride and ' +
    'dilation (pad_v2 only when it fills with 0). Other pads stay; pools are never rewritten (SAME pooling ignores padding).',
  preservesSemantics: true,
  patterns: () => new PatternSet([new PadIntoSameConv(tfl.Conv2D), new PadIntoSameConv(tfl.DepthwiseConv2D)]),
  greedy: { fold: false },
});
