// canonicalize (patterns added with the EfficientNet passes): squeeze/expand_dims/reshape round trips disappear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, i32 } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { f32t, newFunc } from '../support/build.js';
import { checkPreserves, opNames } from './pass-check.js';

const dims = (d: number[]) => ({ squeeze_dims: { kind: 'array' as const, value: d.map(i32) } });

test('expand_dims(squeeze(x)) and squeeze(expand_dims(x)) back to the same type are x', async () => {
  const t = newFunc([f32t(1, 1, 1, 8), f32t(4, 8)]);
  const sq = t.b.create(tfl.Squeeze, [t.args[0]!], dims([1, 2]));
  const ex = t.b.create(tfl.ExpandDims, [sq.result(0), t.b.constant(dense(tensorType([], 'i32'), Int32Array.from([1])))]);
  const ex2 = t.b.create(tfl.ExpandDims, [ex.result(0), t.b.constant(dense(tensorType([], 'i32'), Int32Array.from([2])))]);
  const e = t.b.create(tfl.ExpandDims, [t.args[1]!, t.b.constant(dense(tensorType([], 'i32'), Int32Array.from([0])))]);
  const s = t.b.create(tfl.Squeeze, [e.result(0)], dims([0]));
  const relu = t.b.create(tfl.Relu, [ex2.result(0)]);
  t.ret(relu.result(0), s.result(0));
  const res = await checkPreserves(t.m, 'canonicalize');
  const ret = res.after.main().returnOp();
  assert.equal(ret.operand(1), res.after.main().args[1], 'squeeze(expand_dims(y)) is y');
  assert.deepEqual(opNames(res.after), ['tfl.relu', 'func.return'], 'x reaches the relu directly');
});

test('reshape of squeeze/expand_dims reads the original; a squeeze that removes nothing goes', async () => {
  const t = newFunc([f32t(2, 1, 3)]);
  const sq = t.b.create(tfl.Squeeze, [t.args[0]!], dims([1]));
  const r = t.b.create(tfl.Reshape, [sq.result(0), t.b.constant(dense(tensorType([1], 'i32'), Int32Array.from([6])))]);
  const none = t.b.create(tfl.Squeeze, [r.result(0)], dims([]));
  t.ret(none.result(0));
  const res = await checkPreserves(t.m, 'canonicalize');
  const ops = res.after.main().body.opList();
  assert.deepEqual(ops.map((o) => o.name), ['arith.constant', 'tfl.reshape', 'func.return']);
  assert.equal(ops[1]!.operand(0), res.after.main().args[0]);
});

test('a squeeze that does change the shape stays', async () => {
  const t = newFunc([f32t(1, 3)]);
  t.ret(t.b.create(tfl.Squeeze, [t.args[0]!], dims([0])).result(0));
  const res = await checkPreserves(t.m, 'canonicalize');
  assert.deepEqual(opNames(res.after), ['tfl.squeeze', 'func.return']);
});
