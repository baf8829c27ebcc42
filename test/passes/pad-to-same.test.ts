// pad-to-same: pad + VALID conv equals the SAME conv exactly when the pads are SAME's; only then is it rewritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { samePads } from '../../passes/pad-to-same.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { f32t, newFunc, seededConst } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

const recipe = fc.record({
  depthwise: fc.boolean(),
  h: fc.integer({ min: 1, max: 9 }),
  w: fc.integer({ min: 1, max: 9 }),
  c: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 5 }),
  kw: fc.integer({ min: 1, max: 5 }),
  stride: fc.integer({ min: 1, max: 3 }),
  dilation: fc.integer({ min: 1, max: 2 }),
  /** 0: SAME's pads; otherwise one pad entry nudged (and clamped at 0), or channels padded. */
  nudge: fc.integer({ min: 0, max: 9 }),
  seed: fc.integer({ min: 1, max: 1 << 20 }),
});

test('pad-to-same keeps outputs and rewrites exactly the SAME-equivalent pads', async (t) => {
  let rewritten = 0;
  let kept = 0;
  await fc.assert(
    fc.asyncProperty(recipe, async (r) => {
      const dilation = r.stride > 1 ? 1 : r.dilation;
      const ph = samePads(r.h, r.kh, r.stride, dilation);
      const pw = samePads(r.w, r.kw, r.stride, dilation);
      const pads = [0, 0, ...ph, ...pw, 0, 0];
      if (r.nudge > 0 && r.nudge <= 4) pads[1 + r.nudge] = Math.max(0, pads[1 + r.nudge]! + (r.seed % 2 === 0 ? 1 : -1));
      if (r.nudge === 5) pads[7] = 1;
      const hp = r.h + pads[2]! + pads[3]!;
      const wp = r.w + pads[4]! + pads[5]!;
      const cp = r.c + pads[7]!;
      if ((r.kh - 1) * dilation + 1 > hp || (r.kw - 1) * dilation + 1 > wp) return; // VALID would have no output
      const equivalent = pads.every((p, i) => p === [0, 0, ...ph, ...pw, 0, 0][i]);
      const x = newFunc([f32t(1, r.h, r.w, r.c)]);
      const pad = x.b.create(tfl.Pad, [x.args[0]!, x.b.constant(dense(tensorType([4, 2], 'i32'), Int32Array.from(pads)))]);
      const filter = r.depthwise ? seededConst(x.b, [1, r.kh, r.kw, cp], r.seed) : seededConst(x.b, [2, r.kh, r.kw, cp], r.seed);
      const attrs = { padding: str('VALID'), stride_h: i32(r.stride), stride_w: i32(r.stride), dilation_h_factor: i32(dilation), dilation_w_factor: i32(dilation), fused_activation_function: str('NONE') };
      const conv = x.b.create(r.depthwise ? tfl.DepthwiseConv2D : tfl.Conv2D, [pad.result(0), filter], r.depthwise ? { ...attrs, depth_multiplier: i32(1) } : attrs);
      x.ret(conv.result(0));
      const res = await checkPreserves(x.m, 'pad-to-same', { seed: r.seed });
      assert.equal(countOps(res.after, 'tfl.pad'), equivalent ? 0 : 1, JSON.stringify({ ...r, pads }));
      if (equivalent) rewritten++;
      else kept++;
    }),
    { numRuns: 250, seed: 3 },
  );
  t.diagnostic(`${rewritten} rewritten, ${kept} kept`);
  assert.ok(rewritten > 50 && kept > 20);
});

test('pad-to-same never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('pad-to-same');
});
