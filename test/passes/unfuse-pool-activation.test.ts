// unfuse-pool-activation: pools and concatenations lose their fused activation to a separate op, same outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { Value } from '../../src/ir/core.js';
import { perTensorQuant, tensorType } from '../../src/ir/types.js';
import { Int8Interpreter } from '../../src/interpreter/int8/index.js';
import { f32t, newFunc } from '../support/build.js';
import { checkPreserves, checkRobustOnRandomGraphs, cloneModule, countOps, opNames, runPipeline } from './pass-check.js';

const ACTS = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1', 'TANH'] as const;
const STANDALONE: Record<string, string> = { RELU: 'tfl.relu', RELU6: 'tfl.relu6', RELU_N1_TO_1: 'tfl.relu_n1_to_1', TANH: 'tfl.tanh' };

test('unfuse-pool-activation keeps the outputs of pools and concatenations with every fused activation', async (t) => {
  let worst = 0;
  const rec = fc.record({
    op: fc.constantFrom('average_pool_2d', 'max_pool_2d', 'concatenation'),
    act: fc.constantFrom(...ACTS),
    n: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 7 }),
    c: fc.integer({ min: 1, max: 5 }),
    k: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    same: fc.boolean(),
    axis: fc.integer({ min: -4, max: 3 }),
    scale: fc.constantFrom(1, 4),
    users: fc.integer({ min: 1, max: 3 }),
  });
  await fc.assert(
    fc.asyncProperty(rec, async (r) => {
      const g = newFunc([f32t(r.n, r.h, r.w, r.c)]);
      // Inputs are in [-2, 2); scaling by 4 makes RELU6 clamp at the top too.
      const x = g.b.create(tfl.Mul, [g.args[0]!, g.b.constant(dense(tensorType([], 'f32'), Float32Array.of(r.scale)))], { fused_activation_function: str('NONE') }).result(0);
      const act = str(r.act);
      let y: Value;
      if (r.op === 'concatenation') {
        y = g.b.create(tfl.Concatenation, [x, g.args[0]!, x], { axis: i32(r.axis), fused_activation_function: act }).result(0);
      } else {
        const padding = r.same || r.k > r.h || r.k > r.w ? 'SAME' : 'VALID';
        const def = r.op === 'average_pool_2d' ? tfl.AveragePool2D : tfl.MaxPool2D;
        y = g.b.create(def, [x], { padding: str(padding), stride_h: i32(r.stride), stride_w: i32(r.stride), filter_height: i32(r.k), filter_width: i32(r.k), fused_activation_function: act }).result(0);
      }
      const outs = [y];
      for (let u = 1; u < r.users; u++) outs.push(g.b.create(tfl.Add, [y, y], { fused_activation_function: str('NONE') }).result(0));
      g.ret(...outs);
      const res = await checkPreserves(g.m, 'unfuse-pool-activation');
      worst = Math.max(worst, res.error);
      const fused = res.after.main().body.opList().filter((o) => o.name === `tfl.${r.op}` && o.str('fused_activation_function') !== 'NONE');
      assert.equal(fused.length, 0);
      if (r.act !== 'NONE') {
        const names = opNames(res.after);
        assert.equal(countOps(res.after, STANDALONE[r.act]!), 1);
        assert.equal(names[names.indexOf(`tfl.${r.op}`) + 1], STANDALONE[r.act], 'the activation follows the op');
      }
    }),
    { numRuns: 120, seed: 51 },
  );
  t.diagnostic(`worst relative error over 120 graphs: ${worst.toExponential(2)}`);
});

test('unfuse-pool-activation never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('unfuse-pool-activation');
});

test('on int8 pools the separate activation gives the same integers as the fused one (integer interpreter)', async () => {
  const rec = fc.record({
    max: fc.boolean(),
    act: fc.constantFrom('RELU', 'RELU6', 'RELU_N1_TO_1'),
    scale: fc.double({ min: 0.002, max: 0.2, noNaN: true }),
    zp: fc.integer({ min: -128, max: 127 }),
    h: fc.integer({ min: 1, max: 6 }),
    c: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer(),
  });
  await fc.assert(
    fc.asyncProperty(rec, async (r) => {
      const q = tensorType([1, r.h, r.h, r.c], 'f32', perTensorQuant('i8', r.scale, r.zp));
      const g = newFunc([q]);
      const def = r.max ? tfl.MaxPool2D : tfl.AveragePool2D;
      const attrs = { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(r.k), filter_width: i32(r.k), fused_activation_function: str(r.act) };
      g.ret(g.b.create(def, [g.args[0]!], attrs, [q]).result(0));
      const before = cloneModule(g.m);
      await runPipeline(g.m, 'unfuse-pool-activation');
      assert.equal(countOps(g.m, STANDALONE[r.act]!), 1);
      let s = r.seed >>> 0 || 1;
      const input = Int8Array.from({ length: r.h * r.h * r.c }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24) - 128);
      const a = Int8Interpreter.create(before).run([input])[0]!;
      const b = Int8Interpreter.create(g.m).run([input])[0]!;
      assert.deepEqual(Array.from(b as Int8Array), Array.from(a as Int8Array));
    }),
    { numRuns: 60, seed: 52 },
  );
});
