// Hand-computed cases for the float kernels that move data (reshape ... pack), reduce, softmax, and windowed ops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { Attr, bool, f32, i32, i64s, str } from '../../src/ir/attributes.js';
import { ElementType, tensorType } from '../../src/ir/types.js';
import { initBackend } from '../../src/interpreter/index.js';
import { arg, assertClose, cst, runOp } from './float-helpers.js';

await initBackend();
const iota = (n: number) => Array.from({ length: n }, (_, i) => i);
const t = (shape: number[], elem: ElementType = 'f32') => [tensorType(shape, elem)];

test('reshape resolves -1; a target of the wrong size is a clear error', async () => {
  const out = await runOp(tfl.Reshape, [arg([2, 3], iota(6)), cst([2], [3, -1], 'i32')]);
  assert.deepEqual(out.shape, [3, 2]);
  assert.deepEqual([...out.data], iota(6));
  await assert.rejects(runOp(tfl.Reshape, [arg([2, 3], iota(6)), cst([2], [4, 2], 'i32')], {}, t([4, 2])), /tfl\.reshape \(node "the_op"\): cannot reshape \[2,3\] \(6 values\) into \[4,2\]/);
});

test('squeeze (all unit dims, or the listed ones), expand_dims (negative dim), transpose', async () => {
  const x = arg([1, 3, 1], [1, 2, 3]);
  assert.deepEqual((await runOp(tfl.Squeeze, [x])).shape, [3]);
  assert.deepEqual((await runOp(tfl.Squeeze, [x], { squeeze_dims: i64s([0]) })).shape, [3, 1]);
  await assert.rejects(runOp(tfl.Squeeze, [x], { squeeze_dims: i64s([1]) }, t([1, 1])), /cannot squeeze dim 1 of size 3/);
  assert.deepEqual((await runOp(tfl.ExpandDims, [arg([2, 3], iota(6)), cst([1], [-1], 'i32')])).shape, [2, 3, 1]);
  assert.deepEqual((await runOp(tfl.ExpandDims, [arg([2, 3], iota(6)), cst([], [0], 'i32')])).shape, [1, 2, 3]);
  const tr = await runOp(tfl.Transpose, [arg([2, 3], iota(6)), cst([2], [1, 0], 'i32')]);
  assert.deepEqual(tr.shape, [3, 2]);
  assert.deepEqual([...tr.data], [0, 3, 1, 4, 2, 5]);
});

test('pad adds zeros before and after each dim', async () => {
  const out = await runOp(tfl.Pad, [arg([2, 2], [1, 2, 3, 4]), cst([2, 2], [1, 0, 0, 2], 'i32')]);
  assert.deepEqual(out.shape, [3, 4]);
  assert.deepEqual([...out.data], [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
});

test('concatenation on axis -1 with a fused RELU', async () => {
  const out = await runOp(tfl.Concatenation, [arg([2, 1], [1, -2]), arg([2, 2], [-3, 4, 5, -6])], { axis: i32(-1), fused_activation_function: str('RELU') });
  assert.deepEqual(out.shape, [2, 3]);
  assert.deepEqual([...out.data], [1, 0, 4, 0, 5, 0]);
});

const sliceAttrs = (m: Partial<Record<'begin_mask' | 'end_mask' | 'shrink_axis_mask' | 'ellipsis_mask' | 'new_axis_mask', number>>, offset = false): Record<string, Attr> => ({
  begin_mask: i32(m.begin_mask ?? 0),
  end_mask: i32(m.end_mask ?? 0),
  ellipsis_mask: i32(m.ellipsis_mask ?? 0),
  new_axis_mask: i32(m.new_axis_mask ?? 0),
  shrink_axis_mask: i32(m.shrink_axis_mask ?? 0),
  offset: bool(offset),
});

test('strided_slice: strides, begin/end masks, shrink, negative stride, offset', async () => {
  const x = () => arg([3, 4], iota(12));
  const s = async (b: number[], e: number[], st: number[], attrs: Record<string, Attr>, shape: number[]) =>
    runOp(tfl.StridedSlice, [x(), cst([b.length], b, 'i32'), cst([e.length], e, 'i32'), cst([st.length], st, 'i32')], attrs, t(shape));
  let o = await s([1, 0], [3, 4], [1, 2], sliceAttrs({}), [2, 2]);
  assert.deepEqual([o.shape, [...o.data]], [[2, 2], [4, 6, 8, 10]]);
  o = await s([2, 1], [1, 0], [1, 1], sliceAttrs({ begin_mask: 1, end_mask: 2 }), [1, 3]);
  assert.deepEqual([o.shape, [...o.data]], [[1, 3], [1, 2, 3]]);
  o = await s([1, 0], [2, 4], [1, 1], sliceAttrs({ shrink_axis_mask: 1 }), [4]);
  assert.deepEqual([o.shape, [...o.data]], [[4], [4, 5, 6, 7]]);
  o = await s([0, -1], [3, 0], [1, -1], sliceAttrs({ end_mask: 2 }), [3, 4]);
  assert.deepEqual([...o.data].slice(0, 4), [3, 2, 1, 0]);
  o = await s([1, 1], [2, 2], [1, 1], sliceAttrs({}, true), [2, 2]);
  assert.deepEqual([o.shape, [...o.data]], [[2, 2], [5, 6, 9, 10]]);
});

test('shape, cast (truncation, int wrap, f16 rounding, bool), gather (axes, range check), pack', async () => {
  const sh = await runOp(tfl.Shape, [arg([2, 3, 4], iota(24))]);
  assert.ok(sh.data instanceof Int32Array);
  assert.deepEqual([...sh.data], [2, 3, 4]);
  const toI32 = await runOp(tfl.Cast, [arg([4], [1.7, -1.7, 2.5, -0.2])], {}, t([4], 'i32'));
  assert.deepEqual([...toI32.data], [1, -1, 2, 0]);
  const toU8 = await runOp(tfl.Cast, [arg([2], [300, -1], 'i32')], {}, t([2], 'u8'));
  assert.ok(toU8.data instanceof Uint8Array);
  assert.deepEqual([...toU8.data], [44, 255]);
  const toF16 = await runOp(tfl.Cast, [arg([1], [0.1])], {}, t([1], 'f16'));
  assert.equal(toF16.data[0], 0.0999755859375);
  const toBool = await runOp(tfl.Cast, [arg([3], [0, 2, -1], 'i32')], {}, t([3], 'i1'));
  assert.deepEqual([...toBool.data], [0, 1, 1]);

  const params = () => arg([3, 2], [1, 2, 3, 4, 5, 6]);
  const g0 = await runOp(tfl.Gather, [params(), cst([2], [2, 0], 'i32')], { axis: i32(0) }, t([2, 2]));
  assert.deepEqual([...g0.data], [5, 6, 1, 2]);
  const g1 = await runOp(tfl.Gather, [params(), cst([1], [1], 'i32')], { axis: i32(1) }, t([3, 1]));
  assert.deepEqual([...g1.data], [2, 4, 6]);
  await assert.rejects(runOp(tfl.Gather, [params(), cst([1], [3], 'i32')], { axis: i32(0) }, t([1, 2])), /index 3 is out of range \[0, 3\) on axis 0/);

  const p0 = await runOp(tfl.Pack, [arg([2], [1, 2]), arg([2], [3, 4])], { values_count: i32(2), axis: i32(1) });
  assert.deepEqual([p0.shape, [...p0.data]], [[2, 2], [1, 3, 2, 4]]);
});

test('mean, sum, reduce_max over given axes (negative, duplicated, keep_dims)', async () => {
  const x = () => arg([2, 3], [1, 2, 3, 4, 5, 6]);
  const ax = (a: number[]) => cst([a.length], a, 'i32');
  const mean = await runOp(tfl.Mean, [x(), ax([1])], { keep_dims: bool(true) });
  assert.deepEqual([mean.shape, [...mean.data]], [[2, 1], [2, 5]]);
  const sum = await runOp(tfl.Sum, [x(), ax([0])], { keep_dims: bool(false) });
  assert.deepEqual([sum.shape, [...sum.data]], [[3], [5, 7, 9]]);
  const max = await runOp(tfl.ReduceMax, [x(), ax([1, -1])], { keep_dims: bool(false) });
  assert.deepEqual([max.shape, [...max.data]], [[2], [3, 6]]);
  const all = await runOp(tfl.Mean, [x(), ax([0, 1])], { keep_dims: bool(false) });
  assert.deepEqual([all.shape, [...all.data]], [[], [3.5]]);
});

test('softmax over the last axis with beta', async () => {
  const out = await runOp(tfl.Softmax, [arg([2, 3], [1, 2, 3, 0, 0, 0])], { beta: f32(2) });
  const e = [2, 4, 6].map((v) => Math.exp(v - 6));
  const s = e.reduce((a, b) => a + b, 0);
  assertClose(out.data as Float32Array, [...e.map((v) => v / s), 1 / 3, 1 / 3, 1 / 3], 1e-6);
});

const win = (stride: number, padding: string, act = 'NONE'): Record<string, Attr> => ({ padding: str(padding), stride_h: i32(stride), stride_w: i32(stride), fused_activation_function: str(act) });

test('conv_2d: 3x3 SAME sums of in-bounds neighbours plus bias; depthwise multiplier order is c*M + m', async () => {
  const conv = await runOp(tfl.Conv2D, [arg([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]), cst([1, 3, 3, 1], Array(9).fill(1)), cst([1], [1])], win(1, 'SAME'));
  assert.deepEqual([...conv.data], [13, 22, 17, 28, 46, 34, 25, 40, 29]);
  const dw = await runOp(tfl.DepthwiseConv2D, [arg([1, 1, 1, 2], [3, 5]), cst([1, 1, 1, 4], [1, 2, 3, 4])], { ...win(1, 'VALID'), depth_multiplier: i32(2) });
  assert.deepEqual([dw.shape, [...dw.data]], [[1, 1, 1, 4], [3, 6, 15, 20]]);
});

test('pools: 2x2/2 SAME on 3x3 averages only in-bounds elements (TFLite divisor); max picks the largest', async () => {
  const attrs = { ...win(2, 'SAME'), filter_height: i32(2), filter_width: i32(2) };
  const x = () => arg([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...(await runOp(tfl.AveragePool2D, [x()], attrs)).data], [3, 4.5, 7.5, 9]);
  assert.deepEqual([...(await runOp(tfl.MaxPool2D, [x()], attrs)).data], [5, 6, 8, 9]);
});

test('fully_connected with keep_num_dims keeps the leading dims; transpose_conv scatters the filter', async () => {
  const fc = await runOp(tfl.FullyConnected, [arg([2, 1, 3], [1, 2, 3, 4, 5, 6]), cst([2, 3], [1, 0, 0, 0, 1, 1]), cst([2], [10, 20])], { keep_num_dims: bool(true) });
  assert.deepEqual([fc.shape, [...fc.data]], [[2, 1, 2], [11, 25, 14, 31]]);
  const tc = await runOp(tfl.TransposeConv, [cst([4], [1, 2, 2, 1], 'i32'), cst([1, 2, 2, 1], [1, 2, 3, 4]), arg([1, 1, 1, 1], [2]), cst([1], [0.5])], win(2, 'VALID'));
  assert.deepEqual([tc.shape, [...tc.data]], [[1, 2, 2, 1], [2.5, 4.5, 6.5, 8.5]]);
});
