// A ConstantEvaluator for fold-constants backed by the float interpreter; the driver and `litec opt` provide it.
import { ConstantEvaluator } from '../../passes/fold-constants.js';
import { DenseAttr, dense } from '../ir/attributes.js';
import { Builder } from '../ir/builder.js';
import { ReturnOp } from '../ir/builtin-ops.js';
import { Func, Module, Operation } from '../ir/core.js';
import { Interpreter } from '../interpreter/index.js';

/** Runs one op on its constant operands in a throwaway module; f32 and i32 results only. */
export const interpreterEvaluator: ConstantEvaluator = {
  async evaluate(op: Operation, operands: readonly DenseAttr[]): Promise<DenseAttr[] | undefined> {
    if (op.results.some((r) => r.type.elem !== 'f32' && r.type.elem !== 'i32')) return undefined;
    const m = new Module();
    const f = m.addFunc(new Func('main', [], op.results.map((r) => r.type)));
    const b = new Builder(f);
    const values = operands.map((c) => b.constant(c));
    const copy = b.create(op.def!, values, op.attrs, op.results.map((r) => r.type));
    b.create(ReturnOp, copy.results, {}, []);
    const it = await Interpreter.create(m);
    try {
      const outs = await it.run([]);
      return outs.map((o, i) => dense(op.result(i).type, o.data));
    } finally {
      it.dispose();
    }
  },
};
