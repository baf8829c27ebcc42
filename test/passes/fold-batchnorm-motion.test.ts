// fold-batchnorm on Keras's Conv-ReLU-BN-Pool blocks: the batch norm moves below pools and Flatten to the next
// conv or dense layer and folds there, with the same outputs; it stays exactly where moving or folding is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { Module, Value } from '../../src/ir/core.js';
import { tensorType } from '../../src/ir/types.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';
import { checkPreserves, countOps } from './pass-check.js';

type Act = 'none' | 'fused-relu' | 'relu-op' | 'relu6-op';
type Mid = 'none' | 'max_pool' | 'avg_pool' | 'flatten';
type Next = 'conv' | 'depthwise' | 'fc';

const recipe = fc.record({
  h: fc.integer({ min: 2, max: 7 }),
  w: fc.integer({ min: 2, max: 7 }),
  cin: fc.integer({ min: 1, max: 3 }),
  c: fc.integer({ min: 1, max: 5 }),
  act: fc.constantFrom<Act>('none', 'fused-relu', 'relu-op', 'relu6-op'),
  bn: fc.constantFrom('mul+add', 'mul', 'add', 'mul+sub'),
  positive: fc.boolean(),
  constShape: fc.constantFrom('vector', 'full-rank', 'scalar'),
  swap: fc.boolean(),
  mid: fc.constantFrom<Mid>('none', 'max_pool', 'avg_pool', 'flatten'),
  pool: fc.record({ k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), same: fc.boolean(), relu: fc.boolean() }),
  next: fc.constantFrom<Next>('conv', 'depthwise', 'fc'),
  nextK: fc.integer({ min: 1, max: 3 }),
  nextSame: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1 << 24 }),
});
type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never;

/** SAME padding adds something along a dim (independent of the pass's own helper). */
const samePads = (n: number, k: number, stride: number): boolean => Math.max((Math.ceil(n / stride) - 1) * stride + k - n, 0) > 0;

function build(r: Recipe): { m: Module; expectedLeft: number } {
  const t = newFunc([f32t(1, r.h, r.w, r.cin)]);
  const conv = t.b.create(tfl.Conv2D, [t.args[0]!, seededConst(t.b, [r.c, 3, 3, r.cin], r.seed, 0.5), seededConst(t.b, [r.c], r.seed + 1)], convAttrs(1, 'SAME', r.act === 'fused-relu' ? 'RELU' : 'NONE'));
  let x: Value = conv.result(0);
  if (r.act === 'relu-op') x = t.b.create(tfl.Relu, [x]).result(0);
  if (r.act === 'relu6-op') x = t.b.create(tfl.Relu6, [x]).result(0);
  const perChannel = (seed: number, positive: boolean): Value => {
    const values = Float32Array.from({ length: r.c }, (_, i) => {
      const v = 0.25 + (((seed + 7919 * i) % 1000) / 1000) * 1.5;
      return positive || i % 2 === 0 ? v : -v;
    });
    if (r.constShape === 'scalar') return t.b.constant(dense(tensorType([], 'f32'), values.slice(0, 1)));
    return t.b.constant(dense(tensorType(r.constShape === 'vector' ? [r.c] : [1, 1, 1, r.c], 'f32'), values));
  };
  const none = { fused_activation_function: str('NONE') };
  const hasMul = r.bn.includes('mul');
  const hasAdd = r.bn.includes('add') || r.bn.includes('sub');
  if (hasMul) {
    const s = perChannel(r.seed, r.positive);
    x = t.b.create(tfl.Mul, r.swap ? [s, x] : [x, s], none, [x.type]).result(0);
  }
  if (r.bn.includes('add')) {
    const o = perChannel(r.seed + 3, false);
    x = t.b.create(tfl.Add, r.swap ? [o, x] : [x, o], none, [x.type]).result(0);
  }
  if (r.bn.includes('sub')) x = t.b.create(tfl.Sub, [x, perChannel(r.seed + 5, false)], none, [x.type]).result(0);
  const next: Next = r.mid === 'flatten' ? 'fc' : r.next;
  let [h, w] = [r.h, r.w];
  if (r.mid === 'max_pool' || r.mid === 'avg_pool') {
    const k = Math.min(r.pool.k, h, w);
    const attrs = { padding: str(r.pool.same ? 'SAME' : 'VALID'), stride_h: i32(r.pool.stride), stride_w: i32(r.pool.stride), filter_height: i32(k), filter_width: i32(k), fused_activation_function: str(r.pool.relu ? 'RELU' : 'NONE') };
    x = t.b.create(r.mid === 'max_pool' ? tfl.MaxPool2D : tfl.AveragePool2D, [x], attrs).result(0);
    [h, w] = [x.type.shape![1]!, x.type.shape![2]!];
  }
  if (r.mid === 'flatten') x = t.b.create(tfl.Reshape, [x, t.b.constant(dense(tensorType([2], 'i32'), Int32Array.from([-1, h * w * r.c])))]).result(0);
  else if (next === 'fc') x = t.b.create(tfl.Reshape, [x, t.b.constant(dense(tensorType([2], 'i32'), Int32Array.from([-1, r.c])))]).result(0);
  const k = Math.min(r.nextK, h, w);
  const same = r.nextSame;
  let out: Value;
  if (next === 'fc') {
    const inner = x.type.shape![1]!;
    out = t.b.create(tfl.FullyConnected, [x, seededConst(t.b, [3, inner], r.seed + 9, 0.5), seededConst(t.b, [3], r.seed + 10)], none).result(0);
  } else if (next === 'conv') {
    out = t.b.create(tfl.Conv2D, [x, seededConst(t.b, [2, k, k, r.c], r.seed + 9, 0.5), seededConst(t.b, [2], r.seed + 10)], convAttrs(1, same ? 'SAME' : 'VALID')).result(0);
  } else {
    out = t.b.create(tfl.DepthwiseConv2D, [x, seededConst(t.b, [1, k, k, r.c], r.seed + 9, 0.5), seededConst(t.b, [r.c], r.seed + 10)], { ...convAttrs(1, same ? 'SAME' : 'VALID'), depth_multiplier: i32(1) }).result(0);
  }
  t.ret(out);

  // What must be left of the mul/add/sub steps.
  let expectedLeft = 0;
  if (r.act !== 'none') {
    const stuckMul = hasMul && r.mid === 'max_pool' && !r.positive && r.c > 1 && r.constShape !== 'scalar';
    // A reshape to [-1, C] (no flatten) also keeps channels innermost, so every path reaches the next layer.
    const addFolds = next === 'fc' || !same || (!samePads(h, k, 1) && !samePads(w, k, 1));
    // A pool's fused relu moves onto the last moved step, which then cannot fold (the relu must come after it).
    if ((r.mid === 'max_pool' || r.mid === 'avg_pool') && r.pool.relu) expectedLeft = (hasMul ? 1 : 0) + (hasAdd ? 1 : 0);
    else if (!hasAdd) expectedLeft = stuckMul ? 1 : 0;
    else if (addFolds) expectedLeft = stuckMul ? 1 : 0;
    else expectedLeft = (hasMul ? 1 : 0) + 1;
  }
  return { m: t.m, expectedLeft };
}

const affineOps = (m: Module): number => countOps(m, 'tfl.mul') + countOps(m, 'tfl.add') + countOps(m, 'tfl.sub');

test('a batch norm after an activation moves below pools and Flatten, folds into the next layer and keeps the outputs', async (t) => {
  let worst = 0;
  let folded = 0;
  let total = 0;
  await fc.assert(
    fc.asyncProperty(recipe, async (r) => {
      const { m, expectedLeft } = build(r);
      const before = affineOps(m);
      const res = await checkPreserves(m, 'fold-batchnorm', { seed: r.seed });
      worst = Math.max(worst, res.error);
      assert.equal(affineOps(res.after), expectedLeft, `mul/add/sub left for ${JSON.stringify(r)}`);
      folded += before - expectedLeft;
      total += before;
    }),
    { numRuns: 200, seed: 42 },
  );
  t.diagnostic(`${folded} of ${total} scale/offset steps folded over 200 graphs; worst relative error ${worst.toExponential(2)}`);
  assert.ok(folded > total / 2);
});

test('sink=false keeps the batch norm above the pool', async () => {
  const t = newFunc([f32t(1, 4, 4, 2)]);
  const conv = t.b.create(tfl.Conv2D, [t.args[0]!, seededConst(t.b, [2, 1, 1, 2], 1), seededConst(t.b, [2], 2)], convAttrs(1, 'SAME', 'RELU'));
  const mul = t.b.create(tfl.Mul, [conv.result(0), t.b.constant(dense(tensorType([2], 'f32'), Float32Array.from([2, 3])))], { fused_activation_function: str('NONE') });
  const pool = t.b.create(tfl.MaxPool2D, [mul.result(0)], { padding: str('VALID'), stride_h: i32(2), stride_w: i32(2), filter_height: i32(2), filter_width: i32(2), fused_activation_function: str('NONE') });
  const next = t.b.create(tfl.Conv2D, [pool.result(0), seededConst(t.b, [2, 1, 1, 2], 3)], convAttrs(1, 'VALID'));
  t.ret(next.result(0));
  await checkPreserves(t.m, 'fold-batchnorm{sink=false}');
  assert.equal(countOps(t.m, 'tfl.mul'), 1);
  const res = await checkPreserves(t.m, 'fold-batchnorm');
  assert.equal(countOps(res.after, 'tfl.mul'), 0);
  assert.equal(res.ctx.stats.get('fold-batchnorm')?.get('move-affine-below-max_pool_2d'), 1);
});
