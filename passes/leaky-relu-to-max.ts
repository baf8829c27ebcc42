// leaky-relu-to-max: tfl.leaky_relu(x, α) becomes maximum(x, α·x) (or prelu with a constant α), ops the Edge TPU maps.
import * as tfl from '../dialects/tfl/index.js';
import { dense, str } from '../src/ir/attributes.js';
import { Operation } from '../src/ir/core.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { tensorType } from '../src/ir/types.js';
import { PassOptions, definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';
import { isPlainF32 } from './patterns/per-channel.js';

type Form = 'max' | 'prelu';

/**
 * For 0 <= α <= 1, LeakyReLU(x) = max(x, α·x) exactly: for x >= 0, α·x <= x; for x < 0, α·x >= x, and α·x is the
 * product the leaky_relu kernel computes too. PReLU(x, α) is x for x >= 0 and α·x otherwise, so it equals
 * LeakyReLU for every α; its α is a per-channel constant (the shape the Edge TPU needs) when the channel count is
 * known.
 */
class LeakyReluRewrite extends Pattern {
  readonly root = tfl.LeakyRelu;
  constructor(private readonly form: Form) {
    super();
  }
  override get name(): string {
    return `leaky-relu-to-${this.form}`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0);
    const y = op.result(0);
    // After quantization the new ops would need parameters of their own (and MAXIMUM shares one scale across its
    // inputs): the repair runs on the float model, before calibrate/quantize.
    if (!isPlainF32(x.type) || !isPlainF32(y.type)) return rw.fail(op, 'not a plain float leaky_relu (run this pass before quantize)');
    const a = op.attr('alpha');
    const alpha = a?.kind === 'float' || a?.kind === 'int' ? a.value : Number.NaN;
    if (!Number.isFinite(alpha)) return rw.fail(op, 'alpha is missing or not finite');
    rw.setInsertionPoint(op);
    if (this.form === 'max') {
      if (alpha < 0 || alpha > 1) return rw.fail(op, `alpha ${alpha} is outside [0, 1], where max(x, alpha*x) is not LeakyReLU (to=prelu handles it)`);
      const k = rw.constant(dense(tensorType([], 'f32'), Float32Array.of(alpha)), op.loc);
      const scaled = rw.create(tfl.Mul, [x, k], { fused_activation_function: str('NONE') }, [x.type], op.loc);
      rw.replaceOpWithNewOp(op, tfl.Maximum, [x, scaled.result(0)], {}, [y.type], op.loc);
      return true;
    }
    const shape = x.type.shape!;
    const channels = shape.length > 0 && shape[shape.length - 1]! > 0 ? shape[shape.length - 1]! : 1;
    const k = rw.constant(dense(tensorType([channels], 'f32'), new Float32Array(channels).fill(alpha)), op.loc);
    rw.replaceOpWithNewOp(op, tfl.PRelu, [x, k], {}, [y.type], op.loc);
    return true;
  }
}

export const leakyReluToMax = definePatternPass({
  name: 'leaky-relu-to-max',
  summary: 'Rewrite tfl.leaky_relu as maximum(x, alpha*x) (0 <= alpha <= 1) or as prelu with a constant alpha',
  description:
    'For accelerators without LEAKY_RELU (the Edge TPU maps MUL, MAXIMUM and PRELU). The outputs are the same. ' +
    'to=max leaves alpha outside [0, 1] alone; to=prelu handles any alpha. Float models only: run it before calibrate/quantize.',
  options: {
    to: { type: 'enum', values: ['max', 'prelu'], default: 'max', description: 'max: mul + maximum; prelu: one prelu with a per-channel alpha' },
  },
  preservesSemantics: true,
  patterns: (o: PassOptions) => new PatternSet([new LeakyReluRewrite(o.to === 'prelu' ? 'prelu' : 'max')]),
  greedy: { fold: false },
});
