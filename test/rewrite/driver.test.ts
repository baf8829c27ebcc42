// Greedy driver: patterns fire to a fixed point, folding and DCE work, the cap stops runaway pattern sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { Operation } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { dense, str } from '../../src/ir/attributes.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { tensorType } from '../../src/ir/types.js';
import { applyPatternsGreedily } from '../../src/rewrite/driver.js';
import { Pattern, PatternSet, pattern } from '../../src/rewrite/pattern.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';

class FuseRelu6IntoConv extends Pattern {
  readonly root = tfl.Relu6;
  override readonly benefit = 2;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const conv = op.operand(0).producer;
    if (!conv?.isa(tfl.Conv2D)) return rw.fail(op, 'input is not tfl.conv_2d');
    if (conv.str('fused_activation_function') !== 'NONE') return rw.fail(op, 'already fused');
    if (!conv.result(0).hasOneUse()) return rw.fail(op, 'conv result has other users');
    rw.modifyInPlace(conv, () => conv.setAttr('fused_activation_function', str('RELU6')));
    rw.replaceOp(op, [conv.result(0)]);
    return true;
  }
}

function convRelu6(extraUse: boolean) {
  const t = newFunc([f32t(1, 8, 8, 3)]);
  const w = seededConst(t.b, [16, 3, 3, 3], 1);
  const bias = seededConst(t.b, [16], 2);
  const conv = t.b.create(tfl.Conv2D, [t.args[0]!, w, bias], convAttrs());
  const r = t.b.create(tfl.Relu6, [conv.result(0)]);
  if (extraUse) t.ret(r.result(0), conv.result(0));
  else t.ret(r.result(0));
  return { ...t, conv, r };
}

test('a fusion pattern fires once and reaches a fixed point', () => {
  const { f, m, conv } = convRelu6(false);
  const res = applyPatternsGreedily(f, new PatternSet([new FuseRelu6IntoConv()]));
  assert.equal(res.converged, true);
  assert.equal(res.fired.get('FuseRelu6IntoConv'), 1);
  assert.equal(conv.str('fused_activation_function'), 'RELU6');
  assert.deepEqual(f.body.opList().map((o) => o.name), ['arith.constant', 'arith.constant', 'tfl.conv_2d', 'func.return']);
  assert.deepEqual(verifyModule(m), []);
  const again = applyPatternsGreedily(f, new PatternSet([new FuseRelu6IntoConv()]));
  assert.equal(again.changed, false);
});

test('a pattern that must not fire records why', () => {
  const { f, conv } = convRelu6(true);
  const res = applyPatternsGreedily(f, new PatternSet([new FuseRelu6IntoConv()]), { recordFailures: true });
  assert.equal(res.fired.size, 0);
  assert.equal(conv.str('fused_activation_function'), 'NONE');
  assert.ok(res.failures.some((x) => x.reason === 'conv result has other users'));
});

test('folding computes constants and dead ops disappear', () => {
  const t = newFunc([f32t(2)]);
  const a = t.b.constant(dense(tensorType([2], 'f32'), Float32Array.from([1, 2])));
  const c = t.b.constant(dense(tensorType([2], 'f32'), Float32Array.from([10, 20])));
  const sum = t.b.create(tfl.Add, [a, c], { fused_activation_function: str('NONE') });
  const dead = t.b.create(tfl.Mul, [t.args[0]!, t.args[0]!], { fused_activation_function: str('NONE') });
  void dead;
  const out = t.b.create(tfl.Add, [t.args[0]!, sum.result(0)], { fused_activation_function: str('NONE') });
  t.ret(out.result(0));
  const res = applyPatternsGreedily(t.f, new PatternSet());
  assert.equal(res.folded, 1);
  const ops = t.f.body.opList();
  assert.deepEqual(ops.map((o) => o.name), ['arith.constant', 'tfl.add', 'func.return']);
  assert.deepEqual([...(constantValue(ops[0]) !.data as Float32Array)], [11, 22]);
});

test('the rewrite cap stops a pattern set that never settles', () => {
  const t = newFunc([f32t(4)]);
  const r = t.b.create(tfl.Relu, [t.args[0]!]);
  t.ret(r.result(0));
  // Flips an attribute forever: never a fixed point.
  let flips = 0;
  const flipper = pattern('flip', tfl.Relu, (op, rw) => {
    flips++;
    rw.modifyInPlace(op, () => op.setAttr('tag', str(String(flips % 2))));
    return true;
  });
  const res = applyPatternsGreedily(t.f, new PatternSet([flipper]), { maxRewrites: 50 });
  assert.equal(res.converged, false);
  assert.equal(res.rewrites, 50);
});

test('patterns are tried by benefit, highest first', () => {
  const order: string[] = [];
  const low = pattern('low', tfl.Relu, (op, rw) => (order.push('low'), rw.fail(op, 'no')), 1);
  const high = pattern('high', tfl.Relu, (op, rw) => (order.push('high'), rw.fail(op, 'no')), 5);
  const set = new PatternSet([low, high]);
  assert.deepEqual(set.forOp('tfl.relu').map((p) => p.name), ['high', 'low']);
  const t = newFunc([f32t(4)]);
  t.ret(t.b.create(tfl.Relu, [t.args[0]!]).result(0));
  applyPatternsGreedily(t.f, set);
  assert.deepEqual(order, ['high', 'low']);
});
