// cse: random graphs with duplicated ops merge back to what cse makes of the original, with the same outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseAttr, dense } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module, Operation } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { buildGraph, graphRecipe } from '../support/arbitrary-graph.js';
import { checkPreserves, cloneModule, opNames, runPipeline, checkRobustOnRandomGraphs } from './pass-check.js';

/** Copies the ops chosen by `pick` (constants with copied data) and moves every other use to the copy. */
function duplicate(m: Module, pick: (i: number) => boolean): number {
  const f = m.main();
  const rw = new Rewriter(f);
  let n = 0;
  f.body.opList().forEach((op, i) => {
    if (op.name === 'func.return' || !pick(i)) return;
    const c = constantValue(op);
    const attrs = new Map(op.attrs);
    if (c !== undefined) attrs.set('value', dense(c.type, (c.data as Float32Array).slice()) as DenseAttr);
    rw.setInsertionPoint(op.next!);
    const copy = rw.insert(new Operation(op.name, op.def, op.operands, op.results.map((r) => r.type), attrs, op.loc));
    op.results.forEach((r, k) => r.uses.filter((_, j) => j % 2 === 1).map((u) => [u.op, u.index] as const).forEach(([user, idx]) => user.setOperand(idx, copy.result(k))));
    n++;
  });
  return n;
}

test('cse undoes random duplication and keeps outputs', async (t) => {
  let merged = 0;
  await fc.assert(
    fc.asyncProperty(graphRecipe({ minSteps: 2, maxSteps: 10 }), fc.integer({ min: 1, max: 1 << 20 }), async (recipe, mask) => {
      const original = buildGraph(recipe);
      const reference = cloneModule(original);
      await runPipeline(reference, 'cse');
      const dup = buildGraph(recipe);
      merged += duplicate(dup, (i) => ((mask >> i % 20) & 1) === 1);
      const res = await checkPreserves(dup, 'cse', { seed: recipe.seed });
      assert.deepEqual(opNames(res.after), opNames(reference), 'cse(duplicated) differs from cse(original)');
    }),
    { numRuns: 100, seed: 12 },
  );
  t.diagnostic(`${merged} duplicated ops merged back over 100 graphs`);
});

test('cse never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('cse');
});
