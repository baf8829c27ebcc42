// leaky-relu-to-max: leaky_relu becomes maximum(x, alpha*x) (or prelu) with the same outputs; other alphas stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { f32, str } from '../../src/ir/attributes.js';
import { f32t, newFunc } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

const shapes = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 });

/** x → leaky_relu(alpha) → (optionally) add(y, x), returning y and the sum: the rewritten value has several users. */
function leakyGraph(shape: number[], alpha: number, extraUse: boolean) {
  const g = newFunc([f32t(...shape)]);
  const y = g.b.create(tfl.LeakyRelu, [g.args[0]!], { alpha: f32(alpha) }).result(0);
  if (!extraUse) g.ret(y);
  else g.ret(y, g.b.create(tfl.Add, [y, g.args[0]!], { fused_activation_function: str('NONE') }).result(0));
  return g.m;
}

test('leaky-relu-to-max keeps the outputs for every alpha in [0, 1] and leaves the others', async (t) => {
  let worst = 0;
  // The ends of [0, 1] and the floats just outside them, typical alphas, uniform draws inside and outside the range.
  const alpha = fc.oneof(
    fc.constantFrom(0, 1, 1.0000001, -1e-7, 0.01, 0.2, 0.3, 1.2, -0.2, 2),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.integer({ min: -300, max: 400 }).map((k) => k / 100),
  );
  await fc.assert(
    fc.asyncProperty(shapes, alpha, fc.boolean(), async (shape, a, extraUse) => {
      const res = await checkPreserves(leakyGraph(shape, a, extraUse), 'leaky-relu-to-max');
      worst = Math.max(worst, res.error);
      const inRange = Math.fround(a) >= 0 && Math.fround(a) <= 1;
      assert.equal(countOps(res.after, 'tfl.leaky_relu'), inRange ? 0 : 1);
      assert.equal(countOps(res.after, 'tfl.maximum'), inRange ? 1 : 0);
      assert.equal(countOps(res.after, 'tfl.mul'), inRange ? 1 : 0);
    }),
    { numRuns: 100, seed: 31 },
  );
  t.diagnostic(`worst relative error over 100 graphs: ${worst.toExponential(2)}`);
});

test('leaky-relu-to-max{to=prelu} keeps the outputs for any alpha', async (t) => {
  let worst = 0;
  await fc.assert(
    fc.asyncProperty(shapes, fc.double({ min: -3, max: 4, noNaN: true }), fc.boolean(), async (shape, a, extraUse) => {
      const res = await checkPreserves(leakyGraph(shape, a, extraUse), 'leaky-relu-to-max{to=prelu}');
      worst = Math.max(worst, res.error);
      assert.equal(countOps(res.after, 'tfl.leaky_relu'), 0);
      assert.equal(countOps(res.after, 'tfl.prelu'), 1);
    }),
    { numRuns: 60, seed: 32 },
  );
  t.diagnostic(`worst relative error over 60 graphs: ${worst.toExponential(2)}`);
});

test('leaky-relu-to-max never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('leaky-relu-to-max');
});
