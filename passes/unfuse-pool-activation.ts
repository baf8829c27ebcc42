// unfuse-pool-activation: pools and concatenations with a fused activation become the op without it + the activation op.
import * as tfl from '../dialects/tfl/index.js';
import { str } from '../src/ir/attributes.js';
import { Operation } from '../src/ir/core.js';
import { OpDef } from '../src/ir/opdef.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { PassOptions, definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';

const STANDALONE: Readonly<Record<string, OpDef>> = { RELU: tfl.Relu, RELU6: tfl.Relu6, RELU_N1_TO_1: tfl.Relu1, TANH: tfl.Tanh };

/**
 * op{act}(x) → act(op{NONE}(x)): the fused activation is applied to the op's result, which is what the separate op
 * does. A quantized op keeps its result type and the activation reads and writes that same type: the op then
 * saturates to the type's range where the fused clamp would have cut, and the RELU-family op clamps the rest, so
 * the integers are the same. (TFLite's CONCATENATION kernel refuses a fused activation: such a model does not
 * load until this pass runs.) A quantized TANH is left alone: it has no fused int8 form to begin with.
 */
class UnfuseActivation extends Pattern {
  constructor(
    readonly root: OpDef,
    private readonly tanh: boolean,
  ) {
    super();
  }
  override get name(): string {
    return `unfuse-${this.root.name.slice(4)}-activation`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const a = op.attr('fused_activation_function');
    const act = a?.kind === 'string' ? a.value : 'NONE';
    if (act === 'NONE') return rw.fail(op, 'no fused activation');
    const def = STANDALONE[act];
    if (def === undefined) return rw.fail(op, `fused ${act} has no standalone op`);
    if (act === 'TANH' && !this.tanh) return rw.fail(op, 'fused TANH and tanh=false');
    const r = op.result(0);
    if (r.type.quant !== undefined && act === 'TANH') return rw.fail(op, `quantized ${op.name} with a fused TANH (no int8 kernel applies it)`);
    const users = r.uses.map((u) => ({ op: u.op, index: u.index }));
    rw.modifyInPlace(op, () => op.setAttr('fused_activation_function', str('NONE')));
    rw.setInsertionPoint(op.next!);
    // fuse-activation appends the activation's location last: give it back to the separate op.
    const loc = op.loc.kind === 'fused' ? op.loc.locs[op.loc.locs.length - 1]! : op.loc;
    const activated = rw.create(def, [r], {}, [r.type], loc).result(0);
    for (const u of users) rw.modifyInPlace(u.op, () => u.op.setOperand(u.index, activated));
    return true;
  }
}

export const unfusePoolActivation = definePatternPass({
  name: 'unfuse-pool-activation',
  summary: 'Move fused activations out of average_pool_2d, max_pool_2d and concatenation into their own ops',
  description:
    'The Edge TPU maps pools and concatenations only without a fused activation; the standalone RELU, RELU6, ' +
    "RELU_N1_TO_1 or TANH maps on its own. Same outputs. TFLite's CONCATENATION kernel refuses fused activations and " +
    'its pool kernels ignore a fused TANH, so once it is a separate op the runtime applies it (tanh=false leaves fused TANH alone).',
  options: {
    tanh: { type: 'bool', default: true, description: 'also move a fused TANH into a tfl.tanh' },
  },
  preservesSemantics: true,
  patterns: (o: PassOptions) => {
    const tanh = o.tanh !== false;
    return new PatternSet([tfl.AveragePool2D, tfl.MaxPool2D, tfl.Concatenation].map((d) => new UnfuseActivation(d, tanh)));
  },
  greedy: { fold: false },
});
