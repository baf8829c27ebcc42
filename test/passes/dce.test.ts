// dce: random float and int8 graphs with dead ops and dead chains injected come back exactly as they were built,
// with the same outputs; a graph without dead ops is untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, str } from '../../src/ir/attributes.js';
import { Module, Operation, Value } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { printModule } from '../../src/ir/printer.js';
import { tensorType } from '../../src/ir/types.js';
import { buildGraph, graphRecipe } from '../support/arbitrary-graph.js';
import { checkPreserves, runPipeline } from './pass-check.js';

/**
 * After the ops `pick` chooses: a copy of the op with its results unused, and (every third) a dead chain of a relu
 * and an add of a new constant on its first result. Returns how many ops were added.
 */
function injectDead(m: Module, pick: (i: number) => boolean): number {
  const f = m.main();
  const rw = new Rewriter(f);
  let added = 0;
  f.body.opList().forEach((op, i) => {
    if (op.name === 'func.return' || !pick(i)) return;
    rw.setInsertionPoint(op.next!);
    rw.insert(new Operation(op.name, op.def, op.operands, op.results.map((r) => r.type), new Map(op.attrs), op.loc));
    added++;
    const v: Value = op.result(0);
    if (i % 3 !== 0 || v.type.elem !== 'f32' || v.type.quant !== undefined || v.type.shape === null) return;
    const relu = rw.create(tfl.Relu, [v]);
    const c = rw.constant(dense(tensorType(v.type.shape, 'f32'), new Float32Array(v.type.shape.reduce((a, b) => a * b, 1)).fill(0.5)));
    rw.create(tfl.Add, [relu.result(0), c], { fused_activation_function: str('NONE') });
    added += 3;
  });
  return added;
}

test('dce removes exactly the injected dead ops from random float and int8 graphs and keeps the outputs', async (t) => {
  let removed = 0;
  await fc.assert(
    fc.asyncProperty(graphRecipe({ quantized: 'sometimes', minSteps: 1, maxSteps: 10 }), fc.integer({ min: 1, max: (1 << 20) - 1 }), async (recipe, mask) => {
      const original = printModule(buildGraph(recipe), { printAllData: true });
      const m = buildGraph(recipe);
      const added = injectDead(m, (i) => ((mask >> i % 20) & 1) === 1);
      if (recipe.quantized) {
        await runPipeline(m, 'dce'); // the float interpreter cannot run int8 graphs; structure is what is checked
        const again = printModule(m, { printAllData: true });
        await runPipeline(m, 'dce');
        assert.equal(printModule(m, { printAllData: true }), again, 'a second dce changed the IR');
      } else {
        await checkPreserves(m, 'dce', { seed: recipe.seed });
      }
      assert.equal(printModule(m, { printAllData: true }), original, `dce(graph + ${added} dead ops) is not the graph`);
      removed += added;
    }),
    { numRuns: 150, seed: 17 },
  );
  t.diagnostic(`${removed} dead ops removed over 150 graphs`);
  assert.ok(removed > 300);
});

test('dce leaves a graph without dead ops exactly as it is', async () => {
  await fc.assert(
    fc.asyncProperty(graphRecipe({ quantized: 'sometimes' }), async (recipe) => {
      const m = buildGraph(recipe);
      const before = printModule(m, { printAllData: true });
      const ctx = await runPipeline(m, 'dce');
      assert.equal(printModule(m, { printAllData: true }), before);
      assert.equal(ctx.stats.get('dce')?.get('erased'), undefined);
    }),
    { numRuns: 50, seed: 18 },
  );
});
