// mean-to-avgpool: means over H and W become whole-image average pools with the same outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { f32t, newFunc } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

test('mean-to-avgpool keeps outputs for every spelling of the H, W axes, with and without keep_dims', async (t) => {
  let worst = 0;
  const axes = fc.constantFrom([1, 2], [2, 1], [-3, -2], [1, -2], [2, -3]);
  const rec = fc.record({ n: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }), c: fc.integer({ min: 1, max: 6 }), axes, keep: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(rec, async (r) => {
      const x = newFunc([f32t(r.n, r.h, r.w, r.c)]);
      const ax = x.b.constant(dense(tensorType([2], 'i32'), Int32Array.from(r.axes)));
      x.ret(x.b.create(tfl.Mean, [x.args[0]!, ax], { keep_dims: { kind: 'bool', value: r.keep } }).result(0));
      const res = await checkPreserves(x.m, 'mean-to-avgpool');
      worst = Math.max(worst, res.error);
      assert.equal(countOps(res.after, 'tfl.mean'), 0);
      assert.equal(countOps(res.after, 'tfl.average_pool_2d'), 1);
      assert.equal(countOps(res.after, 'tfl.reshape'), r.keep ? 0 : 1);
    }),
    { numRuns: 100, seed: 8 },
  );
  t.diagnostic(`worst relative error over 100 graphs: ${worst.toExponential(2)}`);
});

test('mean-to-avgpool never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('mean-to-avgpool');
});
