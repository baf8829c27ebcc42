// Hand-computed cases for the elementwise float kernels: broadcasting arithmetic, fused activations, activations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { f32, str } from '../../src/ir/attributes.js';
import { initBackend } from '../../src/interpreter/index.js';
import { arg, assertClose, cst, runOp } from './float-helpers.js';

await initBackend();
const act = (a: string) => ({ fused_activation_function: str(a) });

test('add broadcasts a row over a matrix and applies the fused RELU6 after the sum', async () => {
  const out = await runOp(tfl.Add, [arg([2, 3], [1, -2, 5, 3, 4, -6]), cst([3], [2, 1, 2])], act('RELU6'));
  assert.deepEqual(out.shape, [2, 3]);
  assert.deepEqual([...out.data], [3, 0, 6, 5, 5, 0]);
});

test('sub, mul and div broadcast both ways ([2,1] with [1,3])', async () => {
  const a = arg([2, 1], [10, 20]);
  const b = arg([1, 3], [1, 2, 4]);
  assert.deepEqual([...(await runOp(tfl.Sub, [a, b], act('NONE'))).data], [9, 8, 6, 19, 18, 16]);
  assert.deepEqual([...(await runOp(tfl.Mul, [a, b], act('NONE'))).data], [10, 20, 40, 20, 40, 80]);
  assert.deepEqual([...(await runOp(tfl.Div, [a, b], act('NONE'))).data], [10, 5, 2.5, 20, 10, 5]);
});

test('fused RELU, RELU_N1_TO_1 and TANH on mul', async () => {
  const x = arg([4], [-2, -0.5, 0.5, 2]);
  const one = cst([1], [1]);
  assert.deepEqual([...(await runOp(tfl.Mul, [x, one], act('RELU'))).data], [0, 0, 0.5, 2]);
  assert.deepEqual([...(await runOp(tfl.Mul, [x, one], act('RELU_N1_TO_1'))).data], [-1, -0.5, 0.5, 1]);
  assertClose((await runOp(tfl.Mul, [x, one], act('TANH'))).data as Float32Array, [-2, -0.5, 0.5, 2].map(Math.tanh), 1e-6);
});

test('the SIGN_BIT fused activation is refused with a clear error', async () => {
  await assert.rejects(runOp(tfl.Add, [arg([2], [1, 2]), cst([2], [1, 1])], act('SIGN_BIT')), /LC2003.*tfl\.add \(node "the_op"\).*SIGN_BIT has no float kernel/);
});

test('integer div truncates toward zero like TFLite (tfjs would floor)', async () => {
  const out = await runOp(tfl.Div, [arg([4], [7, -7, 7, -7], 'i32'), cst([4], [2, 2, -2, -2], 'i32')], act('NONE'));
  assert.ok(out.data instanceof Int32Array);
  assert.deepEqual([...out.data], [3, -3, -3, 3]);
});

test('maximum, minimum and squared_difference', async () => {
  const a = arg([3], [1, 5, -3]);
  const b = cst([3], [2, 4, -1]);
  assert.deepEqual([...(await runOp(tfl.Maximum, [a, b])).data], [2, 5, -1]);
  assert.deepEqual([...(await runOp(tfl.Minimum, [a, b])).data], [1, 4, -3]);
  assert.deepEqual([...(await runOp(tfl.SquaredDifference, [a, b])).data], [1, 1, 4]);
});

test('clamping activations: relu, relu6, relu_n1_to_1', async () => {
  const x = arg([5], [-7, -0.5, 0.25, 3, 9]);
  assert.deepEqual([...(await runOp(tfl.Relu, [x])).data], [0, 0, 0.25, 3, 9]);
  assert.deepEqual([...(await runOp(tfl.Relu6, [x])).data], [0, 0, 0.25, 3, 6]);
  assert.deepEqual([...(await runOp(tfl.Relu1, [x])).data], [-1, -0.5, 0.25, 1, 1]);
});

test('logistic, tanh, exp, neg, abs, sqrt, rsqrt, square', async () => {
  const xs = [-2, -0.5, 0, 1, 3];
  const x = arg([5], xs);
  const pos = arg([4], [0.25, 1, 4, 9]);
  assertClose((await runOp(tfl.Logistic, [x])).data as Float32Array, xs.map((v) => 1 / (1 + Math.exp(-v))), 1e-6);
  assertClose((await runOp(tfl.Tanh, [x])).data as Float32Array, xs.map(Math.tanh), 1e-6);
  assertClose((await runOp(tfl.Exp, [x])).data as Float32Array, xs.map(Math.exp), 1e-6);
  assert.deepEqual([...(await runOp(tfl.Neg, [x])).data], xs.map((v) => (v === 0 ? -0 : -v)));
  assert.deepEqual([...(await runOp(tfl.Abs, [x])).data], xs.map(Math.abs));
  assert.deepEqual([...(await runOp(tfl.Sqrt, [pos])).data], [0.5, 1, 2, 3]);
  assertClose((await runOp(tfl.Rsqrt, [pos])).data as Float32Array, [2, 1, 0.5, 1 / 3], 1e-6);
  assert.deepEqual([...(await runOp(tfl.Square, [x])).data], [4, 0.25, 0, 1, 9]);
});

test('hard_swish is x * relu6(x + 3) / 6', async () => {
  const xs = [-4, -3, -1.5, 0, 1, 3, 5];
  const out = await runOp(tfl.HardSwish, [arg([7], xs)]);
  assertClose(out.data as Float32Array, xs.map((v) => (v * Math.min(6, Math.max(0, v + 3))) / 6), 1e-6);
  assert.ok(out.data[0] === 0, 'x <= -3 gives zero'); // -0 here, as in TFLite's -4 * 0 / 6
  assert.equal(out.data[6], 5);
});

test('leaky_relu scales negatives by alpha; prelu broadcasts a per-channel alpha', async () => {
  const leaky = await runOp(tfl.LeakyRelu, [arg([4], [-2, -1, 0, 3])], { alpha: f32(0.25) });
  assert.deepEqual([...leaky.data], [-0.5, -0.25, 0, 3]);
  const prelu = await runOp(tfl.PRelu, [arg([1, 2, 2], [-1, -1, 2, -4]), cst([2], [0.5, 0.25])]);
  assert.deepEqual(prelu.shape, [1, 2, 2]);
  assert.deepEqual([...prelu.data], [-0.5, -0.25, 2, -1]);
});
