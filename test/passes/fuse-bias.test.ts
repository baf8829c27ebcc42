// fuse-bias: random conv/depthwise/fully_connected + per-channel add/sub keep their outputs and lose the add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

const recipe = fc.record({
  kind: fc.constantFrom('conv', 'depthwise', 'fc'),
  h: fc.integer({ min: 1, max: 6 }),
  c: fc.integer({ min: 1, max: 5 }),
  out: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 1, max: 3 }),
  bias: fc.boolean(),
  op: fc.constantFrom('add', 'sub'),
  shape: fc.constantFrom('vector', 'full-rank', 'scalar'),
  swap: fc.boolean(),
  act: fc.constantFrom('NONE', 'RELU', 'RELU6'),
  preFused: fc.nat(5).map((x) => x === 0),
  extraUse: fc.nat(5).map((x) => x === 0),
  seed: fc.integer({ min: 1, max: 1 << 20 }),
});

test('fuse-bias keeps outputs and folds every per-channel add/sub it may', async (t) => {
  let worst = 0;
  await fc.assert(
    fc.asyncProperty(recipe, async (r) => {
      const x = newFunc([r.kind === 'fc' ? f32t(3, r.c) : f32t(1, r.h, r.h, r.c)]);
      const act = str(r.preFused ? 'RELU' : 'NONE');
      const out = r.kind === 'depthwise' ? r.c : r.out;
      const filter = seededConst(x.b, r.kind === 'conv' ? [out, r.k, r.k, r.c] : r.kind === 'depthwise' ? [1, r.k, r.k, out] : [out, r.c], r.seed, 0.5);
      const operands = [x.args[0]!, filter];
      if (r.bias) operands.push(seededConst(x.b, [out], r.seed + 1));
      const def = r.kind === 'conv' ? tfl.Conv2D : r.kind === 'depthwise' ? tfl.DepthwiseConv2D : tfl.FullyConnected;
      const attrs = r.kind === 'fc' ? { fused_activation_function: act } : { ...convAttrs(), fused_activation_function: act, ...(r.kind === 'depthwise' ? { depth_multiplier: i32(1) } : {}) };
      const conv = x.b.create(def, operands, attrs).result(0);
      const rank = conv.type.shape!.length;
      const cshape = r.shape === 'scalar' ? [] : r.shape === 'vector' ? [out] : [...new Array<number>(rank - 1).fill(1), out];
      const k = r.shape === 'scalar' ? x.b.constant(dense(tensorType([], 'f32'), Float32Array.from([0.75]))) : seededConst(x.b, cshape, r.seed + 2);
      const def2 = r.op === 'add' ? tfl.Add : tfl.Sub;
      const y = x.b.create(def2, r.swap && r.op === 'add' ? [k, conv] : [conv, k], { fused_activation_function: str(r.act) }, [conv.type]).result(0);
      if (r.extraUse) x.ret(y, conv);
      else x.ret(y);
      const res = await checkPreserves(x.m, 'fuse-bias', { seed: r.seed });
      worst = Math.max(worst, res.error);
      const folds = !r.extraUse && !r.preFused;
      assert.equal(countOps(res.after, `tfl.${r.op}`), folds ? 0 : 1, JSON.stringify(r));
      if (folds) {
        const c = res.after.main().body.opList().find((o) => o.isa(def))!;
        assert.equal(c.numOperands, 3, 'the conv has a bias');
        assert.equal(c.str('fused_activation_function'), r.act);
      }
    }),
    { numRuns: 200, seed: 99 },
  );
  t.diagnostic(`worst relative error over 200 graphs: ${worst.toExponential(2)}`);
});

test('fuse-bias never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('fuse-bias');
});
