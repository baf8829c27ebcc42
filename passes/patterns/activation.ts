// Activation patterns: min/max clamps recognized as relu/relu6/relu_n1_to_1, and activations fused into producers.
import { denseGet, str } from '../../src/ir/attributes.js';
import { Operation, Value } from '../../src/ir/core.js';
import { fusedLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfl from '../../dialects/tfl/index.js';
import { readableF32, sameType } from './per-channel.js';

/** The single value every element of a readable float constant holds, if it holds one. */
export function uniformConstant(v: Value): number | undefined {
  const c = readableF32(v);
  if (c === undefined || c.data.length === 0) return undefined;
  const first = denseGet(c, 0);
  for (let i = 1; i < c.data.length; i++) if (denseGet(c, i) !== first) return undefined;
  return first;
}

/** For a binary op with one uniform-constant operand: [the other operand, the constant], either order. */
export function splitConstant(op: Operation): [Value, number] | undefined {
  for (const side of [1, 0]) {
    const k = uniformConstant(op.operand(side));
    if (k !== undefined && uniformConstant(op.operand(1 - side)) === undefined) return [op.operand(1 - side), k];
  }
  return undefined;
}

const CLAMPS: readonly { lo: number; hi: number; def: OpDef }[] = [
  { lo: 0, hi: 6, def: tfl.Relu6 },
  { lo: -1, hi: 1, def: tfl.Relu1 },
];

/**
 * minimum(maximum(x, lo), hi) and maximum(minimum(x, hi), lo), either operand order, with (lo, hi) = (0, 6) →
 * relu6(x) and (-1, 1) → relu_n1_to_1(x); relu(x) counts as maximum(x, 0). Recognized before fusion so the clamp
 * can become a fused activation.
 */
export class ClampToRelu extends Pattern {
  override readonly benefit = 2;
  constructor(readonly root: typeof tfl.Minimum) {
    super();
  }
  override get name(): string {
    return `${this.root.name.slice(4)}-clamp-to-relu`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const outer = splitConstant(op);
    if (outer === undefined) return rw.fail(op, 'no uniform constant operand');
    const [mid, bound] = outer;
    const inner = mid.producer;
    if (inner === undefined || !mid.hasOneUse()) return rw.fail(op, 'inner clamp is missing or has other users');
    const outerIsMin = op.isa(tfl.Minimum);
    let x: Value;
    let other: number;
    if (inner.isa(outerIsMin ? tfl.Maximum : tfl.Minimum)) {
      const split = splitConstant(inner);
      if (split === undefined) return rw.fail(op, 'inner clamp has no uniform constant');
      [x, other] = split;
    } else if (outerIsMin && inner.isa(tfl.Relu)) {
      [x, other] = [inner.operand(0), 0];
    } else {
      return rw.fail(op, 'input is not the opposite clamp');
    }
    const [lo, hi] = outerIsMin ? [other, bound] : [bound, other];
    const clamp = CLAMPS.find((c) => c.lo === lo && c.hi === hi);
    if (clamp === undefined) return rw.fail(op, `clamp [${lo}, ${hi}] is not a TFLite activation`);
    if (!sameType(x, op.result(0))) return rw.fail(op, 'constants broadcast x to a larger shape');
    rw.replaceOpWithNewOp(op, clamp.def, [x], {}, undefined, fusedLoc([inner.loc, op.loc]));
    return true;
  }
}

/** `v` feeds only minimum(v, 6): with a relu in front that is relu6, which ClampToRelu rewrites as a whole. */
export function feedsRelu6Clamp(v: Value): boolean {
  const u = v.hasOneUse() ? v.uses[0]!.op : undefined;
  if (!u?.isa(tfl.Minimum)) return false;
  const split = splitConstant(u);
  return split !== undefined && split[0] === v && split[1] === 6 && sameType(v, u.result(0));
}

/** maximum(x, 0) → relu(x) (so it can fuse, and so minimum(relu(x), 6) becomes relu6). */
export class MaxZeroToRelu extends Pattern {
  readonly root = tfl.Maximum;
  override get name(): string {
    return 'maximum-zero-to-relu';
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const split = splitConstant(op);
    if (split === undefined || split[1] !== 0) return rw.fail(op, 'not maximum(x, 0)');
    if (feedsRelu6Clamp(op.result(0))) return rw.fail(op, 'part of a relu6 clamp');
    if (!sameType(split[0], op.result(0))) return rw.fail(op, 'constant broadcasts x to a larger shape');
    rw.replaceOpWithNewOp(op, tfl.Relu, [split[0]]);
    return true;
  }
}

/** The ops whose TFLite kernels apply a fused activation. */
// Not tfl.concatenation: its options have a fused_activation_function field, but TFLite's kernel refuses to prepare
// with anything but NONE (concatenation.cc: "params->activation != kTfLiteActNone"), checked in the real runtime.
export const FUSING_PRODUCERS: readonly OpDef[] = [
  tfl.Conv2D, tfl.DepthwiseConv2D, tfl.FullyConnected, tfl.Add, tfl.Mul, tfl.Sub, tfl.AveragePool2D, tfl.MaxPool2D,
];

/**
 * act(producer(...)) → producer{fused_activation_function = ACT}, when the producer's result has no other user
 * and no activation yet; the fused op carries both locations.
 */
export class FuseActivationIntoProducer extends Pattern {
  constructor(
    readonly root: OpDef,
    private readonly activation: string,
    /** Leave a relu that a following minimum(., 6) turns into relu6 (ClampToRelu is in the same set). */
    private readonly deferToClamps = false,
  ) {
    super();
  }
  override get name(): string {
    return `fuse-${this.root.name.slice(4)}`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0);
    const p = x.producer;
    if (p === undefined || !FUSING_PRODUCERS.some((d) => p.isa(d))) return rw.fail(op, 'producer cannot fuse an activation');
    if (p.str('fused_activation_function') !== 'NONE') return rw.fail(op, 'producer already has a fused activation');
    if (!x.hasOneUse()) return rw.fail(op, 'producer result has other users');
    if (this.deferToClamps && feedsRelu6Clamp(op.result(0))) return rw.fail(op, 'part of a relu6 clamp');
    if (!sameType(x, op.result(0))) return rw.fail(op, 'activation changes the type (quantization parameters differ)');
    rw.modifyInPlace(p, () => {
      p.setAttr('fused_activation_function', str(this.activation));
      p.loc = fusedLoc([p.loc, op.loc]);
    });
    rw.replaceOp(op, [x]);
    return true;
  }
}

const STANDALONE: Readonly<Record<string, OpDef>> = { RELU: tfl.Relu, RELU6: tfl.Relu6, RELU_N1_TO_1: tfl.Relu1, TANH: tfl.Tanh };

/**
 * op{act}(x) → act(op{NONE}(x)): the fused activation is applied to the op's result, which is what the separate op
 * does. A quantized op keeps its result type and the activation reads and writes that same type: the op then
 * saturates to the type's range where the fused clamp would have cut, and the RELU-family op clamps the rest, so
 * the integers are the same. (TFLite's CONCATENATION kernel refuses a fused activation: such a model does not
 * load until this pass runs.) A quantized TANH is left alone: it has no fused int8 form to begin with.
 */
export class UnfuseActivation extends Pattern {
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
