// Kernel coverage of the tfl dialect, and hand-computed cases for elu, log, pad_v2, mirror_pad, reduce_prod, fill, range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { bool, str } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { initBackend, tfKernels, tflKernels } from '../../src/interpreter/index.js';
import { arg, assertClose, cst, runOp } from './float-helpers.js';

await initBackend();

test('every tfl op except tfl.custom has a float kernel', () => {
  const kernels = { ...tflKernels, ...tfKernels };
  const missing = tfl.tflOps.map((d) => d.name).filter((n) => n !== 'tfl.custom' && kernels[n] === undefined);
  assert.deepEqual(missing, []);
  assert.equal(tflKernels['tfl.custom'], undefined, 'custom ops have no float meaning');
  assert.ok(tflKernels['arith.constant'] !== undefined);
});

test('elu and log', async () => {
  const xs = [-2, -0.5, 0, 1.5];
  assertClose((await runOp(tfl.Elu, [arg([4], xs)])).data as Float32Array, xs.map((v) => (v > 0 ? v : Math.expm1(v))), 1e-6);
  assertClose((await runOp(tfl.Log, [arg([3], [1, Math.E, 10])])).data as Float32Array, [0, 1, Math.log(10)], 1e-6);
});

test('pad_v2 fills with the constant value; mirror_pad reflects or mirrors the edge', async () => {
  const padded = await runOp(tfl.PadV2, [arg([1, 2], [1, 2]), cst([2, 2], [0, 0, 1, 2], 'i32'), cst([], [-7])]);
  assert.deepEqual([padded.shape, [...padded.data]], [[1, 5], [-7, 1, 2, -7, -7]]);
  const x = () => arg([3], [1, 2, 3]);
  const p = () => cst([1, 2], [2, 2], 'i32');
  assert.deepEqual([...(await runOp(tfl.MirrorPad, [x(), p()], { mode: str('REFLECT') })).data], [3, 2, 1, 2, 3, 2, 1]);
  assert.deepEqual([...(await runOp(tfl.MirrorPad, [x(), p()], { mode: str('SYMMETRIC') })).data], [2, 1, 1, 2, 3, 3, 2]);
  await assert.rejects(runOp(tfl.MirrorPad, [x(), cst([1, 2], [3, 0], 'i32')], { mode: str('REFLECT') }), /paddings \[3, 0\] are too large for dim 0 of size 3 in REFLECT mode/);
});

test('reduce_prod, fill and range', async () => {
  const prod = await runOp(tfl.ReduceProd, [arg([2, 3], [1, 2, 3, 4, 5, 6]), cst([1], [1], 'i32')], { keep_dims: bool(false) });
  assert.deepEqual([prod.shape, [...prod.data]], [[2], [6, 120]]);
  const filled = await runOp(tfl.Fill, [cst([2], [2, 2], 'i32'), arg([], [1.5])]);
  assert.deepEqual([filled.shape, [...filled.data]], [[2, 2], [1.5, 1.5, 1.5, 1.5]]);
  const r = await runOp(tfl.Range, [cst([], [10], 'i32'), cst([], [0], 'i32'), cst([], [-3], 'i32')], {}, [tensorType([4], 'i32')]);
  assert.ok(r.data instanceof Int32Array);
  assert.deepEqual([...r.data], [10, 7, 4, 1]);
  await assert.rejects(runOp(tfl.Range, [cst([], [0]), cst([], [1]), cst([], [0])], {}, [tensorType([-1], 'f32')]), /start 0 cannot reach limit 1 with delta 0/);
});
