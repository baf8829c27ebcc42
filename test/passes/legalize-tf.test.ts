// legalize-tf on random tf graphs (Keras-style layers, batch norms, Flatten, pools, data movement): the tfl graph
// computes what the tf graph computes (both run by the interpreter), verifies, has no tf op left and is stable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Module } from '../../src/ir/core.js';
import { buildTfGraph, tfGraphRecipe } from './arbitrary-tf-graph.js';
import { checkPreserves, countOps, opNames } from './pass-check.js';

const count = (m: Module, names: readonly string[]): number => names.reduce((n, name) => n + countOps(m, name), 0);
const BATCH_NORMS = ['tf.FusedBatchNorm', 'tf.FusedBatchNormV2', 'tf.FusedBatchNormV3'];

test('legalize-tf keeps the outputs of random tf graphs and converts every op', async (t) => {
  let worst = 0;
  let ops = 0;
  let biases = 0;
  await fc.assert(
    fc.asyncProperty(tfGraphRecipe({ minSteps: 1, maxSteps: 10 }), async (recipe) => {
      const { module: m, layerBiases } = buildTfGraph(recipe);
      ops += opNames(m).filter((n) => n.startsWith('tf.')).length;
      // Adds after legalization: every tf add, minus the biases the layers absorb, plus one per batch norm (x*s + t).
      const expectedAdds = count(m, ['tf.Add', 'tf.AddV2', 'tf.BiasAdd']) - layerBiases + count(m, BATCH_NORMS);
      const expectedMuls = countOps(m, 'tf.Mul') + count(m, BATCH_NORMS);
      const res = await checkPreserves(m, 'legalize-tf', { seed: recipe.seed });
      worst = Math.max(worst, res.error);
      const left = opNames(res.after).filter((n) => n.startsWith('tf.'));
      assert.deepEqual(left, [], 'tf ops left');
      assert.equal(countOps(res.after, 'tfl.add'), expectedAdds, 'layer biases must be folded into the layers');
      assert.equal(countOps(res.after, 'tfl.mul'), expectedMuls, 'each batch norm is one mul and one add');
      biases += layerBiases;
    }),
    { numRuns: 150, seed: 2025 },
  );
  t.diagnostic(`${ops} tf ops legalized (${biases} bias adds fused) over 150 graphs; worst relative error ${worst.toExponential(2)}`);
  assert.ok(biases > 30);
});
