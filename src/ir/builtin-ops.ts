// The ops the IR core itself needs: func.return and arith.constant (re-exported by dialects/builtin).
import { DenseAttr } from './attributes.js';
import { Operation } from './core.js';
import { Traits, attrDense, defineOp } from './opdef.js';
import { isStatic, numElements, shapesCompatible, typesEqual } from './types.js';

export const ReturnOp = defineOp({
  name: 'func.return',
  operands: ['operands*'],
  results: [],
  traits: [Traits.Terminator],
  summary: 'Returns values from a func.',
  verify: (op) => {
    const f = op.parent?.func;
    if (f === undefined) return undefined;
    if (op.parent!.last !== op) return 'func.return must be the last op of its func';
    if (op.numOperands !== f.resultTypes.length) return `returns ${op.numOperands} values but @${f.name} declares ${f.resultTypes.length} results`;
    for (let i = 0; i < op.numOperands; i++) {
      const t = op.operand(i).type;
      const rt = f.resultTypes[i]!;
      if (t.elem !== rt.elem || !shapesCompatible(t.shape, rt.shape)) return `return operand ${i} type does not match the func result type`;
    }
    return undefined;
  },
});

export const ConstantOp = defineOp({
  name: 'arith.constant',
  operands: [],
  attrs: { value: attrDense },
  traits: [Traits.Pure, Traits.ConstantLike],
  summary: 'A constant tensor.',
  verify: (op) => {
    const v = op.attr('value');
    if (v?.kind !== 'dense') return 'value must be a dense tensor attribute';
    if (!typesEqual(v.type, op.result(0).type)) return 'value type does not match the result type';
    if (!isStatic(v.type)) return 'constant must have a static shape';
    const n = numElements(v.type)!;
    if (v.data.length !== n && v.data.length !== 1) return `value has ${v.data.length} elements but the type holds ${n}`;
    return undefined;
  },
  fold: (op) => [op.denseAttr('value')],
});

/** The constant value of `op` when it is an arith.constant. */
export function constantValue(op: Operation | undefined): DenseAttr | undefined {
  if (op === undefined || op.name !== ConstantOp.name) return undefined;
  const a = op.attrs.get('value');
  return a?.kind === 'dense' ? a : undefined;
}
