// tf elementwise math, activations and reductions (Add/AddV2/Sub/Mul/RealDiv..., Relu/Relu6/Elu..., Mean/Sum/Max/Prod).
import { DenseAttr } from '../../src/ir/attributes.js';
import { Operation } from '../../src/ir/core.js';
import { OpDef, Traits, attrBool, attrF32, defineOp } from '../../src/ir/opdef.js';
import { normalizeAxis } from '../../src/ir/shape.js';
import { TensorType, tensorType } from '../../src/ir/types.js';
import { broadcastResult, constInts, sameAsOperand, verifyBroadcast } from '../common.js';
import { foldBinary, foldUnary } from '../fold-utils.js';
import { reduceConst } from './fold-array.js';

type Fn1 = (x: number) => number;
type Fn2 = (x: number, y: number) => number;

/** f32 results are rounded as a float32 tensor would store them, so folded math matches runtime math. */
const roundFor = (op: Operation) => (op.result(0).type.elem === 'f32' ? Math.fround : (x: number): number => x);

function binary(name: string, fn: Fn2, commutative = false, integerFn?: Fn2): OpDef {
  return defineOp({
    name,
    operands: ['x', 'y'],
    traits: commutative ? [Traits.Pure, Traits.Broadcast, Traits.Commutative] : [Traits.Pure, Traits.Broadcast],
    verify: verifyBroadcast,
    inferTypes: broadcastResult(),
    fold: (op, c) => {
      const isInt = op.operand(0).type.elem.startsWith('i') || op.operand(0).type.elem === 'u8';
      const f = isInt && integerFn ? integerFn : fn;
      const round = roundFor(op);
      const r = foldBinary(c[0], c[1], (x, y) => round(f(x, y)));
      return r === undefined ? undefined : [r];
    },
  });
}

/** Integer products of shape arithmetic stay exact (Math.imul wraps like int32 would). */
const intMul: Fn2 = (x, y) => (Math.abs(x * y) < 2 ** 31 ? x * y : Math.imul(x, y));

export const Add = binary('tf.Add', (x, y) => x + y, true);
export const AddV2 = binary('tf.AddV2', (x, y) => x + y, true);
export const Sub = binary('tf.Sub', (x, y) => x - y);
export const Mul = binary('tf.Mul', (x, y) => x * y, true, intMul);
export const RealDiv = binary('tf.RealDiv', (x, y) => x / y);
export const Maximum = binary('tf.Maximum', Math.max, true);
export const Minimum = binary('tf.Minimum', Math.min, true);
export const SquaredDifference = binary('tf.SquaredDifference', (x, y) => (x - y) * (x - y));

function unary(name: string, operand: string, fn: Fn1, attrs: Parameters<typeof defineOp>[0]['attrs'] = {}, fnOf?: (op: Operation) => Fn1): OpDef {
  return defineOp({
    name,
    operands: [operand],
    attrs,
    traits: [Traits.Pure],
    inferTypes: sameAsOperand(0),
    fold: (op, c) => {
      if (op.operand(0).type.elem.startsWith('i')) return undefined;
      const round = roundFor(op);
      const f = fnOf ? fnOf(op) : fn;
      const r = foldUnary(c[0], (x) => round(f(x)));
      return r === undefined ? undefined : [r];
    },
  });
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export const Relu = unary('tf.Relu', 'features', (x) => Math.max(0, x));
export const Relu6 = unary('tf.Relu6', 'features', (x) => Math.min(6, Math.max(0, x)));
export const Elu = unary('tf.Elu', 'features', (x) => (x > 0 ? x : Math.expm1(x)));
export const Selu = unary('tf.Selu', 'features', (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)));
export const Softplus = unary('tf.Softplus', 'features', (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
export const LeakyRelu = unary('tf.LeakyRelu', 'features', (x) => x, { alpha: attrF32(0.2) }, (op) => {
  const a = op.float('alpha');
  return (x) => (x > 0 ? x : a * x);
});
export const Sigmoid = unary('tf.Sigmoid', 'x', (x) => 1 / (1 + Math.exp(-x)));
export const Tanh = unary('tf.Tanh', 'x', Math.tanh);
export const Rsqrt = unary('tf.Rsqrt', 'x', (x) => 1 / Math.sqrt(x));
export const Sqrt = unary('tf.Sqrt', 'x', Math.sqrt);
export const Square = unary('tf.Square', 'x', (x) => x * x);
export const Neg = unary('tf.Neg', 'x', (x) => -x);
export const Exp = unary('tf.Exp', 'x', Math.exp);

/** Result type of a reduction; without constant axes only the rank (keep_dims) or nothing is known. */
function reduceResult(op: Operation): TensorType[] {
  const x = op.operand(0).type;
  const axes = constInts(op.operand(1));
  const keep = op.flag('keep_dims');
  if (x.shape === null) return [tensorType(null, x.elem)];
  if (axes === undefined) return [tensorType(keep ? x.shape.map(() => -1) : null, x.elem)];
  const norm = axes.map((a) => normalizeAxis(a, x.shape!.length));
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!norm.includes(i)) shape.push(d);
    else if (keep) shape.push(1);
  });
  return [tensorType(shape, x.elem)];
}

function verifyAxes(op: Operation): string | undefined {
  const r = op.operand(0).type.shape?.length;
  const axes = constInts(op.operand(1));
  if (r === undefined || axes === undefined) return undefined;
  const bad = axes.find((a) => a < -r || a >= Math.max(r, 1));
  return bad === undefined ? undefined : `axis ${bad} is out of range for rank ${r}`;
}

function reduction(name: string, init: number, fn: Fn2, finish?: (acc: number, n: number) => number): OpDef {
  return defineOp({
    name,
    operands: ['input', 'reduction_indices'],
    attrs: { keep_dims: attrBool(false) },
    traits: [Traits.Pure],
    verify: verifyAxes,
    inferTypes: reduceResult,
    fold: (op, c) => {
      const axes = c[1] === undefined ? undefined : constInts(op.operand(1));
      if (axes === undefined) return undefined;
      const isInt = !op.operand(0).type.elem.startsWith('f');
      const fin = finish && isInt ? (a: number, n: number): number => Math.trunc(finish(a, n)) : finish;
      const r: DenseAttr | undefined = reduceConst(c[0], axes, op.flag('keep_dims'), init, fn, fin);
      return r === undefined ? undefined : [r];
    },
  });
}

export const Mean = reduction('tf.Mean', 0, (a, x) => a + x, (a, n) => (n === 0 ? NaN : a / n));
export const Sum = reduction('tf.Sum', 0, (a, x) => a + x);
export const Max = reduction('tf.Max', -Infinity, Math.max);
export const Prod = reduction('tf.Prod', 1, (a, x) => a * x);
