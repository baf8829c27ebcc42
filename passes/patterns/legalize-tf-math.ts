// legalize-tf patterns for elementwise math, activations and reductions: one tfl op each, Selu/Softplus as short chains.
import { Attr, bool, f32 } from '../../src/ir/attributes.js';
import { Operation } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfd from '../../dialects/tf/index.js';
import * as tfl from '../../dialects/tfl/index.js';
import { Emitter, LegalizePattern, act, i32Operand, isF32 } from './legalize-tf-util.js';

/** tf op → the tfl op with the same operands and meaning (attributes given per pair). */
class OneToOne extends LegalizePattern {
  constructor(
    readonly root: OpDef,
    private readonly target: OpDef,
    private readonly attrs: (op: Operation) => Readonly<Record<string, Attr>> = () => ({}),
  ) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    rw.replaceOpWithNewOp(op, this.target, op.operands, this.attrs(op));
    return true;
  }
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** selu(x) = scale * relu(x) + scale * alpha * elu(min(x, 0)), since elu(min(x, 0)) = exp(min(x, 0)) - 1. */
class LegalizeSelu extends LegalizePattern {
  readonly root = tfd.Selu;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0);
    if (!isF32(x)) return rw.fail(op, 'only float32 selu is legalized');
    const e = new Emitter(rw, op.loc);
    const t = x.type;
    const pos = e.value(tfl.Mul, [e.value(tfl.Relu, [x], {}, t), e.f32([SELU_SCALE], [])], act, t);
    const neg = e.value(tfl.Elu, [e.value(tfl.Minimum, [x, e.f32([0], [])], {}, t)], {}, t);
    const y = e.value(tfl.Add, [pos, e.value(tfl.Mul, [neg, e.f32([SELU_SCALE * SELU_ALPHA], [])], act, t)], act, op.result(0).type);
    rw.replaceOp(op, [y]);
    return true;
  }
}

/** softplus(x) = relu(x) + log(1 + exp(-|x|)): never overflows, unlike log(1 + exp(x)). */
class LegalizeSoftplus extends LegalizePattern {
  readonly root = tfd.Softplus;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0);
    if (!isF32(x)) return rw.fail(op, 'only float32 softplus is legalized');
    const e = new Emitter(rw, op.loc);
    const t = x.type;
    const tail = e.value(tfl.Exp, [e.value(tfl.Neg, [e.value(tfl.Abs, [x], {}, t)], {}, t)], {}, t);
    const log = e.value(tfl.Log, [e.value(tfl.Add, [tail, e.f32([1], [])], act, t)], {}, t);
    rw.replaceOp(op, [e.value(tfl.Add, [e.value(tfl.Relu, [x], {}, t), log], act, op.result(0).type)]);
    return true;
  }
}

/** Mean/Sum/Max/Prod with constant axes (as an i32 vector) → tfl reductions. */
class LegalizeReduction extends LegalizePattern {
  constructor(
    readonly root: OpDef,
    private readonly target: OpDef,
  ) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const e = new Emitter(rw, op.loc);
    const axes = i32Operand(e, op.operand(1));
    if (axes === undefined) return rw.fail(op, 'reduction axes are not an i32 tensor or a constant');
    rw.replaceOpWithNewOp(op, this.target, [op.operand(0), axes], { keep_dims: bool(op.flag('keep_dims')) });
    return true;
  }
}

export function legalizeMathPatterns(): Pattern[] {
  const withAct = (): Readonly<Record<string, Attr>> => act;
  return [
    new OneToOne(tfd.Add, tfl.Add, withAct),
    new OneToOne(tfd.AddV2, tfl.Add, withAct),
    new OneToOne(tfd.Sub, tfl.Sub, withAct),
    new OneToOne(tfd.Mul, tfl.Mul, withAct),
    new OneToOne(tfd.RealDiv, tfl.Div, withAct),
    new OneToOne(tfd.Maximum, tfl.Maximum),
    new OneToOne(tfd.Minimum, tfl.Minimum),
    new OneToOne(tfd.SquaredDifference, tfl.SquaredDifference),
    new OneToOne(tfd.Relu, tfl.Relu),
    new OneToOne(tfd.Relu6, tfl.Relu6),
    new OneToOne(tfd.Elu, tfl.Elu),
    new OneToOne(tfd.Sigmoid, tfl.Logistic),
    new OneToOne(tfd.Tanh, tfl.Tanh),
    new OneToOne(tfd.LeakyRelu, tfl.LeakyRelu, (op) => ({ alpha: f32(op.float('alpha')) })),
    new OneToOne(tfd.Rsqrt, tfl.Rsqrt),
    new OneToOne(tfd.Sqrt, tfl.Sqrt),
    new OneToOne(tfd.Square, tfl.Square),
    new OneToOne(tfd.Neg, tfl.Neg),
    new OneToOne(tfd.Exp, tfl.Exp),
    new LegalizeSelu(),
    new LegalizeSoftplus(),
    new LegalizeReduction(tfd.Mean, tfl.Mean),
    new LegalizeReduction(tfd.Sum, tfl.Sum),
    new LegalizeReduction(tfd.Max, tfl.ReduceMax),
    new LegalizeReduction(tfd.Prod, tfl.ReduceProd),
  ];
}
