// tfl ops legalize-tf needs beyond the first op set: elu, log, pad_v2, mirror_pad, reduce_prod, fill, range.
import { Operation } from '../../src/ir/core.js';
import { OpDef, Traits, attrBool, attrEnum, defineOp } from '../../src/ir/opdef.js';
import { normalizeAxis } from '../../src/ir/shape.js';
import { TensorType, tensorType } from '../../src/ir/types.js';
import { constInts, sameAsOperand } from '../common.js';
import { foldUnary } from '../fold-utils.js';

function unary(name: string, fn: (x: number) => number): OpDef {
  return defineOp({
    name,
    operands: ['x'],
    traits: [Traits.Pure, Traits.Quantizable],
    inferTypes: sameAsOperand(0),
    fold: (op, c) => {
      const r = foldUnary(c[0], op.operand(0).type.elem === 'f32' ? (x) => Math.fround(fn(x)) : fn);
      return r === undefined ? undefined : [r];
    },
  });
}

export const Elu = unary('tfl.elu', (x) => (x > 0 ? x : Math.expm1(x)));
export const Log = unary('tfl.log', Math.log);

function padResult(op: Operation): TensorType[] | undefined {
  const x = op.operand(0).type;
  const p = constInts(op.operand(1));
  if (x.shape === null || p === undefined) return undefined;
  return [tensorType(x.shape.map((d, i) => (d < 0 ? -1 : d + p[2 * i]! + p[2 * i + 1]!)), x.elem)];
}

/** pad with a scalar fill value (TFLite PADV2). */
export const PadV2 = defineOp({
  name: 'tfl.pad_v2',
  operands: ['input', 'padding', 'constant_values'],
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  inferTypes: padResult,
});

export const MirrorPad = defineOp({
  name: 'tfl.mirror_pad',
  operands: ['input', 'pad'],
  attrs: { mode: attrEnum(['REFLECT', 'SYMMETRIC']) },
  traits: [Traits.Pure, Traits.Quantizable, Traits.SameScale],
  inferTypes: padResult,
});

export const ReduceProd = defineOp({
  name: 'tfl.reduce_prod',
  operands: ['input', 'axis'],
  attrs: { keep_dims: attrBool(false) },
  traits: [Traits.Pure],
  inferTypes: (op) => {
    const x = op.operand(0).type;
    const axes = constInts(op.operand(1));
    if (x.shape === null || axes === undefined) return undefined;
    const norm = axes.map((a) => normalizeAxis(a, x.shape!.length));
    const keep = op.flag('keep_dims');
    const shape = x.shape.flatMap((d, i) => (!norm.includes(i) ? [d] : keep ? [1] : []));
    return [tensorType(shape, x.elem)];
  },
});

/** A tensor of shape `dims` filled with the scalar `input` (TFLite FILL). */
export const Fill = defineOp({
  name: 'tfl.fill',
  operands: ['dims', 'input'],
  traits: [Traits.Pure],
  inferTypes: (op) => {
    const d = constInts(op.operand(0));
    return d === undefined ? undefined : [tensorType(d, op.operand(1).type.elem)];
  },
});

/** start, start + delta, ... below limit (TFLite RANGE). */
export const Range = defineOp({
  name: 'tfl.range',
  operands: ['start', 'limit', 'delta'],
  traits: [Traits.Pure],
});
