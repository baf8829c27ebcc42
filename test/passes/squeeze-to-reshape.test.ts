// squeeze-to-reshape: squeeze and expand_dims become a reshape to the same shape, with the same outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, i64s, str } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { f32t, newFunc } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

test('squeeze-to-reshape keeps the outputs of squeezes and expand_dims of every static shape', async (t) => {
  let worst = 0;
  const rec = fc.record({
    // Dims of size 1 are common so squeeze has something to remove.
    shape: fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }),
    expand: fc.boolean(),
    pick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    negative: fc.boolean(),
    at: fc.nat(),
  });
  await fc.assert(
    fc.asyncProperty(rec, async (r) => {
      const g = newFunc([f32t(...r.shape)]);
      const x = g.args[0]!;
      let y;
      if (r.expand) {
        const rank = r.shape.length;
        const axis = (r.at % (rank + 1)) - (r.negative ? rank + 1 : 0);
        y = g.b.create(tfl.ExpandDims, [x, g.b.constant(dense(tensorType([], 'i32'), Int32Array.of(axis)))]).result(0);
      } else {
        const ones = r.shape.flatMap((d, i) => (d === 1 ? [i] : []));
        const dims = ones.filter((_, k) => r.pick[k]).map((i) => (r.negative ? i - r.shape.length : i));
        // Every dim squeezed gives a scalar, which the pass keeps as a squeeze; keep one dim in that case.
        if (dims.length === 0 && ones.length === r.shape.length) return;
        y = g.b.create(tfl.Squeeze, [x], { squeeze_dims: i64s(dims) }).result(0);
      }
      if (y.type.shape!.length === 0) return;
      g.ret(y, g.b.create(tfl.Add, [y, y], { fused_activation_function: str('NONE') }).result(0));
      const res = await checkPreserves(g.m, 'squeeze-to-reshape');
      worst = Math.max(worst, res.error);
      assert.equal(countOps(res.after, 'tfl.squeeze') + countOps(res.after, 'tfl.expand_dims'), 0);
      assert.equal(countOps(res.after, 'tfl.reshape'), 1);
      assert.deepEqual(res.after.main().results().map((v) => v.type.shape), res.before.main().results().map((v) => v.type.shape));
    }),
    { numRuns: 100, seed: 61 },
  );
  t.diagnostic(`worst relative error over 100 graphs: ${worst.toExponential(2)}`);
});

test('squeeze-to-reshape never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('squeeze-to-reshape');
});
