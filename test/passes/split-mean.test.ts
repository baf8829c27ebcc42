// split-mean: a mean over H/W and other axes becomes two means with the same result; other means stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { bool, dense } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { f32t, newFunc } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

test('split-mean keeps the outputs for every axis set, spelling and keep_dims', async (t) => {
  let worst = 0;
  let split = 0;
  const dims = fc.record({ n: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }), c: fc.integer({ min: 1, max: 6 }) });
  // Each axis spelled as itself or its negative form, possibly repeated, in any order.
  const axes = fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }).chain((as) =>
    fc.tuple(...as.map((a) => fc.constantFrom(a, a - 4))).chain((spelled) => fc.shuffledSubarray([...spelled, ...spelled.slice(0, 1)], { minLength: spelled.length })),
  );
  await fc.assert(
    fc.asyncProperty(dims, axes, fc.boolean(), async (d, ax, keep) => {
      const g = newFunc([f32t(d.n, d.h, d.w, d.c)]);
      const a = g.b.constant(dense(tensorType([ax.length], 'i32'), Int32Array.from(ax)));
      g.ret(g.b.create(tfl.Mean, [g.args[0]!, a], { keep_dims: bool(keep) }).result(0));
      const res = await checkPreserves(g.m, 'split-mean');
      worst = Math.max(worst, res.error);
      const norm = new Set(ax.map((x) => (x + 4) % 4));
      const spatial = [1, 2].some((x) => norm.has(x));
      const other = [0, 3].some((x) => norm.has(x));
      assert.equal(countOps(res.after, 'tfl.mean'), spatial && other ? 2 : 1, `axes [${ax}]`);
      if (spatial && other) split++;
    }),
    { numRuns: 120, seed: 41 },
  );
  t.diagnostic(`${split} of 120 means split; worst relative error ${worst.toExponential(2)}`);
  assert.ok(split >= 30, `the cases should give the pass work (split ${split})`);
});

test('split-mean never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('split-mean');
});
