// Every pass that claims to keep meaning (preservesSemantics) keeps the outputs of random float tfl graphs, leaves
// IR that verifies, and is idempotent on them; the float pipeline as a whole keeps the outputs too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { passRegistry } from '../../passes/index.js';
import { buildGraph, graphRecipe } from '../support/arbitrary-graph.js';
import { checkPreserves } from './pass-check.js';

/** The passes issue 6 lists as meaning-preserving; the test fails if one of them stops claiming it. */
const MEANING_PRESERVING = ['canonicalize', 'dce', 'cse', 'fold-constants', 'fold-batchnorm', 'fuse-bias', 'fuse-activation', 'pad-to-same', 'mean-to-avgpool', 'legalize-tf',
  // The target repairs `litec compile --fix` applies.
  'leaky-relu-to-max', 'split-mean', 'unfuse-pool-activation', 'squeeze-to-reshape'];

test('the meaning-preserving passes say so, and the output-changing ones do not', () => {
  for (const name of MEANING_PRESERVING) assert.equal(passRegistry.get(name)?.preservesSemantics, true, name);
  for (const name of ['remove-squeeze-excite', 'swish-to-relu6']) assert.notEqual(passRegistry.get(name)?.preservesSemantics, true, name);
});

const FLOAT_PIPELINE = 'legalize-tf,canonicalize,fold-constants,fold-batchnorm,fuse-bias,fuse-activation,pad-to-same,mean-to-avgpool,cse,dce';

for (const pipeline of [...MEANING_PRESERVING, FLOAT_PIPELINE]) {
  test(`${pipeline.includes(',') ? 'the float pipeline' : pipeline} keeps the outputs of random float graphs`, async (t) => {
    let worst = 0;
    await fc.assert(
      fc.asyncProperty(graphRecipe({ quantized: false, minSteps: 2, maxSteps: 10 }), async (recipe) => {
        // NaN may become 0 where an activation moves into a fused kernel (see PreserveOptions.ignoreNaN).
        const res = await checkPreserves(buildGraph(recipe), pipeline, { seed: recipe.seed, ignoreNaN: true, idempotent: !pipeline.includes(',') });
        worst = Math.max(worst, res.error);
      }),
      { numRuns: 60, seed: 6 },
    );
    t.diagnostic(`worst relative error ${worst.toExponential(2)}`);
  });
}
