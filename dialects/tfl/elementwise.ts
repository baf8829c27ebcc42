// tfl elementwise ops: binary arithmetic (broadcasting, fused activation) and activations.
import { Operation } from '../../src/ir/core.js';
import { OpDef, Traits, attrF32, defineOp } from '../../src/ir/opdef.js';
import { activationAttr, broadcastResult, sameAsOperand, verifyBroadcast } from '../common.js';
import { foldBinary, foldUnary } from '../fold-utils.js';

function binary(name: string, fn: ((x: number, y: number) => number) | undefined, opts: { activation?: boolean; commutative?: boolean } = {}): OpDef {
  const traits: string[] = [Traits.Pure, Traits.Quantizable, Traits.Broadcast];
  if (opts.activation) traits.push(Traits.FusedActivation);
  if (opts.commutative) traits.push(Traits.Commutative);
  return defineOp({
    name,
    operands: ['lhs', 'rhs'],
    attrs: opts.activation ? { fused_activation_function: activationAttr } : {},
    traits,
    verify: verifyBroadcast,
    inferTypes: broadcastResult(),
    fold: fn
      ? (op: Operation, c) => {
          if (opts.activation && op.str('fused_activation_function') !== 'NONE') return undefined;
          const r = foldBinary(c[0], c[1], op.operand(0).type.elem === 'f32' ? (x, y) => Math.fround(fn(x, y)) : fn);
          return r === undefined ? undefined : [r];
        }
      : undefined,
  });
}

export const Add = binary('tfl.add', (x, y) => x + y, { activation: true, commutative: true });
export const Sub = binary('tfl.sub', (x, y) => x - y, { activation: true });
export const Mul = binary('tfl.mul', (x, y) => x * y, { activation: true, commutative: true });
export const Div = binary('tfl.div', (x, y) => x / y, { activation: true });
export const Maximum = binary('tfl.maximum', Math.max, { commutative: true });
export const Minimum = binary('tfl.minimum', Math.min, { commutative: true });
export const SquaredDifference = binary('tfl.squared_difference', (x, y) => (x - y) * (x - y));

function unary(name: string, fn: ((x: number) => number) | undefined, extraTraits: string[] = []): OpDef {
  return defineOp({
    name,
    operands: ['x'],
    traits: [Traits.Pure, Traits.Quantizable, ...extraTraits],
    inferTypes: sameAsOperand(0),
    fold: fn
      ? (op, c) => {
          const r = foldUnary(c[0], op.operand(0).type.elem === 'f32' ? (x) => Math.fround(fn(x)) : fn);
          return r === undefined ? undefined : [r];
        }
      : undefined,
  });
}

export const Relu = unary('tfl.relu', (x) => Math.max(0, x));
export const Relu6 = unary('tfl.relu6', (x) => Math.min(6, Math.max(0, x)));
export const Relu1 = unary('tfl.relu_n1_to_1', (x) => Math.min(1, Math.max(-1, x)));
export const Logistic = unary('tfl.logistic', (x) => 1 / (1 + Math.exp(-x)));
export const Tanh = unary('tfl.tanh', Math.tanh);
export const HardSwish = unary('tfl.hard_swish', (x) => (x * Math.min(6, Math.max(0, x + 3))) / 6);
export const Exp = unary('tfl.exp', Math.exp);
export const Neg = unary('tfl.neg', (x) => -x);
export const Abs = unary('tfl.abs', Math.abs);
export const Sqrt = unary('tfl.sqrt', Math.sqrt);
export const Rsqrt = unary('tfl.rsqrt', (x) => 1 / Math.sqrt(x));
export const Square = unary('tfl.square', (x) => x * x);

export const LeakyRelu = defineOp({
  name: 'tfl.leaky_relu',
  operands: ['input'],
  attrs: { alpha: attrF32() },
  traits: [Traits.Pure, Traits.Quantizable],
  inferTypes: sameAsOperand(0),
});

export const PRelu = defineOp({
  name: 'tfl.prelu',
  operands: ['input', 'alpha'],
  traits: [Traits.Pure, Traits.Quantizable],
  inferTypes: sameAsOperand(0),
});
