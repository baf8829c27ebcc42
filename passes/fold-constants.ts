// fold-constants: ops whose inputs are all constant become constants (fold hooks, data-movement evaluators, and an
// optional evaluator service, e.g. the float interpreter, for small results of other ops).
import { DenseAttr } from '../src/ir/attributes.js';
import { constantValue } from '../src/ir/builtin-ops.js';
import { Func, Module, Operation } from '../src/ir/core.js';
import { fusedLoc } from '../src/ir/loc.js';
import { Traits } from '../src/ir/opdef.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { isStatic, numElements, typesEqual } from '../src/ir/types.js';
import { PassContext, definePass, serviceKey } from '../src/pass/pass.js';
import { applyPatternsToModule } from '../src/rewrite/driver.js';
import { PatternSet } from '../src/rewrite/pattern.js';
import { FOLD_LIMIT } from '../dialects/fold-utils.js';
import { constantEvaluationPatterns } from './patterns/const-eval.js';

/**
 * Computes an op's results from constant operands, for ops that have neither a fold hook nor an evaluator here
 * (conv, pools, reductions, softmax...). Later layers provide one (the float interpreter lives above passes in the
 * layering, so passes cannot import it). Returns undefined when it cannot evaluate the op.
 */
export interface ConstantEvaluator {
  evaluate(op: Operation, operands: readonly DenseAttr[]): Promise<DenseAttr[] | undefined> | DenseAttr[] | undefined;
}

export const constantEvaluatorKey = serviceKey<ConstantEvaluator>('fold-constants.evaluator');

/** Ops worth handing to the evaluator: pure, all operands usable constants, results small static float/int. */
function evaluable(op: Operation, limit: number): readonly DenseAttr[] | undefined {
  if (!op.hasTrait(Traits.Pure) || op.hasTrait(Traits.ConstantLike) || op.numOperands === 0) return undefined;
  const consts = op.operands.map((v) => constantValue(v.producer));
  if (!consts.every((c): c is DenseAttr => c !== undefined && !c.elided && c.type.quant === undefined)) return undefined;
  for (const r of op.results) {
    const n = numElements(r.type);
    if (n === undefined || n > limit || r.type.quant !== undefined || r.type.elem === 'string') return undefined;
  }
  return consts;
}

async function evaluateWithService(f: Func, ev: ConstantEvaluator, limit: number): Promise<number> {
  const rw = new Rewriter(f);
  let n = 0;
  for (const op of f.body.opList()) {
    if (op.parent === undefined) continue;
    const consts = evaluable(op, limit);
    if (consts === undefined) continue;
    const out = await ev.evaluate(op, consts);
    if (out === undefined || out.length !== op.results.length) continue;
    if (!out.every((c, i) => isStatic(c.type) && typesEqual(c.type, op.result(i).type))) continue;
    rw.setInsertionPoint(op);
    rw.replaceOp(op, out.map((c) => rw.constant(c, fusedLoc([op.loc]))));
    n++;
  }
  return n;
}

function foldOnce(module: Module, ctx: PassContext, maxElements: number): void {
  const r = applyPatternsToModule(module, new PatternSet(constantEvaluationPatterns(maxElements)), { fold: true, dce: true });
  if (r.folded) ctx.stat('folded', r.folded);
  for (const [name, k] of r.fired) ctx.stat(name, k);
  if (r.erased) ctx.stat('erased', r.erased);
}

export const foldConstants = definePass({
  name: 'fold-constants',
  summary: 'Replace ops whose operands are all constant by their value (fold hooks, shape/data-movement ops, evaluator service)',
  description:
    'Folding creates new constant data, so results are limited to max-elements. Ops without a fold hook or built-in ' +
    'evaluator are computed by the evaluator service when a later layer provides one, for results up to eval-limit elements.',
  options: {
    'max-elements': { type: 'int', default: FOLD_LIMIT, description: 'largest constant the data-movement evaluators may create' },
    'eval-limit': { type: 'int', default: 4096, description: 'largest result the evaluator service may compute' },
  },
  preservesSemantics: true,
  async run(module, ctx, options) {
    const maxElements = Number(options['max-elements'] ?? FOLD_LIMIT);
    foldOnce(module, ctx, maxElements);
    const ev = ctx.get(constantEvaluatorKey);
    if (ev === undefined) return;
    // Each evaluation turns an op into a constant, so this ends; folding again may enable more evaluations.
    for (;;) {
      let n = 0;
      for (const f of module.funcs) n += await evaluateWithService(f, ev, Number(options['eval-limit'] ?? 4096));
      if (n === 0) break;
      ctx.stat('evaluated', n);
      foldOnce(module, ctx, maxElements);
    }
  },
});
