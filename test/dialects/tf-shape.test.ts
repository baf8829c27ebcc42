// tf dialect shape inference and verification: windows (SAME/VALID/EXPLICIT, dilation), dynamic batch, unranked
// inputs, batch norm results, reductions, reshape targets from Keras's shape arithmetic, strided slice masks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attr, bool, dense, f32, i64, i64s, str, typeAttr } from '../../src/ir/attributes.js';
import { Value } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { TensorType, printType, tensorType } from '../../src/ir/types.js';
import { verifyModule } from '../../src/ir/verifier.js';
import * as tfd from '../../dialects/tf/index.js';
import { f32t, newFunc } from '../support/build.js';

const i32c = (t: ReturnType<typeof newFunc>, values: number[], shape = [values.length]): Value => t.b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(values)));

/** Infers the result types of one op over arguments of the given types (constants made by `consts`). */
function infer(def: OpDef, args: TensorType[], attrs: Record<string, Attr> = {}, consts: (t: ReturnType<typeof newFunc>) => Value[] = () => []): string[] {
  const t = newFunc(args);
  const op = t.b.create(def, [...t.args, ...consts(t)], attrs);
  return op.results.map((r) => printType(r.type));
}

const conv = (padding: string, strides = [1, 1, 1, 1], extra: Record<string, Attr> = {}): Record<string, Attr> => ({ padding: str(padding), strides: i64s(strides), ...extra });

test('Conv2D: SAME/VALID/EXPLICIT, strides, dilations, dynamic batch and unranked input', () => {
  assert.deepEqual(infer(tfd.Conv2D, [f32t(-1, 28, 28, 1), f32t(3, 3, 1, 32)], conv('VALID')), ['tensor<?x26x26x32xf32>']);
  assert.deepEqual(infer(tfd.Conv2D, [f32t(-1, 28, 27, 1), f32t(3, 3, 1, 32)], conv('SAME', [1, 2, 2, 1])), ['tensor<?x14x14x32xf32>']);
  assert.deepEqual(infer(tfd.Conv2D, [f32t(1, 9, 9, 2), f32t(3, 3, 2, 4)], conv('VALID', [1, 1, 1, 1], { dilations: i64s([1, 2, 3, 1]) })), ['tensor<1x5x3x4xf32>']);
  const explicit = conv('EXPLICIT', [1, 2, 1, 1], { explicit_paddings: i64s([0, 0, 1, 2, 0, 3, 0, 0]) });
  assert.deepEqual(infer(tfd.Conv2D, [f32t(1, 4, 4, 1), f32t(3, 3, 1, 2)], explicit), ['tensor<1x3x5x2xf32>']);
  assert.deepEqual(infer(tfd.Conv2D, [f32t(2, -1, 8, 3), f32t(3, 3, 3, 4)], conv('SAME')), ['tensor<2x?x8x4xf32>']);
  assert.deepEqual(infer(tfd.Conv2D, [tensorType(null, 'f32'), f32t(3, 3, 3, 4)], conv('SAME')), ['tensor<*xf32>']);
});

test('DepthwiseConv2dNative multiplies channels; pools keep them', () => {
  assert.deepEqual(infer(tfd.DepthwiseConv2dNative, [f32t(-1, 112, 112, 32), f32t(3, 3, 32, 2)], conv('SAME', [1, 2, 2, 1])), ['tensor<?x56x56x64xf32>']);
  const pool = { ksize: i64s([1, 3, 3, 1]), strides: i64s([1, 2, 2, 1]), padding: str('VALID') };
  assert.deepEqual(infer(tfd.MaxPool, [f32t(-1, 13, 13, 8)], pool), ['tensor<?x6x6x8xf32>']);
  assert.deepEqual(infer(tfd.AvgPool, [f32t(-1, 13, 13, 8)], { ...pool, padding: str('SAME') }), ['tensor<?x7x7x8xf32>']);
});

test('FusedBatchNorm versions: y plus 4 (V1, V2) or 5 (V3) side outputs', () => {
  const args = [f32t(-1, 4, 4, 3), f32t(3), f32t(3), f32t(3), f32t(3)];
  const attrs = { is_training: bool(false), epsilon: f32(0.001) };
  assert.deepEqual(infer(tfd.FusedBatchNormV3, args, attrs), ['tensor<?x4x4x3xf32>', 'tensor<3xf32>', 'tensor<3xf32>', 'tensor<3xf32>', 'tensor<3xf32>', 'tensor<*xf32>']);
  assert.equal(infer(tfd.FusedBatchNorm, args, attrs).length, 5);
  assert.equal(infer(tfd.FusedBatchNormV2, args, attrs).length, 5);
});

test('MatMul with transposes; reductions with keep_dims and negative axes', () => {
  assert.deepEqual(infer(tfd.MatMul, [f32t(-1, 576), f32t(576, 128)]), ['tensor<?x128xf32>']);
  assert.deepEqual(infer(tfd.MatMul, [f32t(7, 3), f32t(5, 7)], { transpose_a: bool(true), transpose_b: bool(true) }), ['tensor<3x5xf32>']);
  const axes = (v: number[]) => (t: ReturnType<typeof newFunc>) => [i32c(t, v)];
  assert.deepEqual(infer(tfd.Mean, [f32t(-1, 7, 7, 64)], { keep_dims: bool(true) }, axes([1, 2])), ['tensor<?x1x1x64xf32>']);
  assert.deepEqual(infer(tfd.Sum, [f32t(-1, 7, 7, 64)], {}, axes([-1, 1])), ['tensor<?x7xf32>']);
  assert.deepEqual(infer(tfd.Max, [tensorType(null, 'f32')], {}, axes([0])), ['tensor<*xf32>']);
});

test('elementwise ops broadcast, with dynamic dims', () => {
  assert.deepEqual(infer(tfd.AddV2, [f32t(-1, 1, 8), f32t(4, 1)]), ['tensor<?x4x8xf32>']);
  assert.deepEqual(infer(tfd.Mul, [f32t(-1, 10), f32t()]), ['tensor<?x10xf32>']);
  assert.deepEqual(infer(tfd.Relu6, [f32t(-1, 3)]), ['tensor<?x3xf32>']);
});

test('Reshape: constant targets, Keras [batch, -1] from Shape → StridedSlice → Pack, unknown targets', () => {
  assert.deepEqual(infer(tfd.Reshape, [f32t(2, 3, 4)], {}, (t) => [i32c(t, [-1, 12])]), ['tensor<2x12xf32>']);
  const t = newFunc([f32t(-1, 7, 7, 64)]);
  const x = t.args[0]!;
  const shape = t.b.create(tfd.Shape, [x]);
  const one = i32c(t, [1]);
  const batch = t.b.create(tfd.StridedSlice, [shape.result(0), i32c(t, [0]), one, one], { shrink_axis_mask: i64(1) });
  assert.equal(printType(batch.result(0).type), 'tensor<i32>');
  const packed = t.b.create(tfd.Pack, [batch.result(0), i32c(t, [-1], [])]);
  assert.equal(printType(packed.result(0).type), 'tensor<2xi32>');
  const r = t.b.create(tfd.Reshape, [x, packed.result(0)]);
  assert.equal(printType(r.result(0).type), 'tensor<?x3136xf32>');
  // A target that is a func argument: only its length is known.
  const u = newFunc([f32t(2, 6), tensorType([3], 'i32')]);
  assert.equal(printType(u.b.create(tfd.Reshape, [u.args[0]!, u.args[1]!]).result(0).type), 'tensor<?x?x?xf32>');
});

test('Squeeze, ExpandDims, Pad, ConcatV2, Pack, Transpose, Cast, Shape, Fill, Range', () => {
  assert.deepEqual(infer(tfd.Squeeze, [f32t(-1, 1, 1, 8)], { squeeze_dims: i64s([1, 2]) }), ['tensor<?x8xf32>']);
  assert.deepEqual(infer(tfd.Squeeze, [f32t(1, 3, 1)]), ['tensor<3xf32>']);
  assert.deepEqual(infer(tfd.Squeeze, [f32t(-1, 3, 1)]), ['tensor<*xf32>'], 'a dynamic dim may be 1: the rank is unknown');
  assert.deepEqual(infer(tfd.ExpandDims, [f32t(-1, 3)], {}, (t) => [i32c(t, [-1], [])]), ['tensor<?x3x1xf32>']);
  assert.deepEqual(infer(tfd.Pad, [f32t(-1, 4, 4, 3)], {}, (t) => [i32c(t, [0, 0, 1, 2, 0, 1, 0, 0], [4, 2])]), ['tensor<?x7x5x3xf32>']);
  assert.deepEqual(infer(tfd.ConcatV2, [f32t(-1, 4, 2), f32t(-1, 4, 3)], {}, (t) => [i32c(t, [-1], [])]), ['tensor<?x4x5xf32>']);
  assert.deepEqual(infer(tfd.ConcatV2, [f32t(-1, 4, -1), f32t(3, -1, 3)], {}, (t) => [i32c(t, [0], [])]), ['tensor<?x4x3xf32>']);
  assert.deepEqual(infer(tfd.ConcatV2, [f32t(2, 4), f32t(3, 4)], {}, (t) => [i32c(t, [0], [])]), ['tensor<5x4xf32>']);
  assert.deepEqual(infer(tfd.Pack, [f32t(-1, 3), f32t(2, 3)], { axis: i64(-1) }), ['tensor<2x3x2xf32>']);
  assert.deepEqual(infer(tfd.Transpose, [f32t(-1, 5, 6)], {}, (t) => [i32c(t, [2, 0, 1])]), ['tensor<6x?x5xf32>']);
  assert.deepEqual(infer(tfd.Cast, [f32t(-1, 2)], { DstT: typeAttr(tensorType(null, 'i32')) }), ['tensor<?x2xi32>']);
  assert.deepEqual(infer(tfd.Shape, [f32t(-1, 2, 2)], { out_type: typeAttr(tensorType(null, 'i64')) }), ['tensor<3xi64>']);
  assert.deepEqual(infer(tfd.Shape, [tensorType(null, 'f32')]), ['tensor<?xi32>']);
  assert.deepEqual(infer(tfd.Fill, [tensorType([2], 'i32'), f32t()]), ['tensor<?x?xf32>']);
  assert.deepEqual(infer(tfd.Range, [], {}, (t) => [i32c(t, [1], []), i32c(t, [10], []), i32c(t, [3], [])]), ['tensor<3xi32>']);
});

/** Result shape of x[spec] on an input of shape `input`. */
function slice(input: number[], begin: number[], end: number[], strides: number[], masks: Partial<Record<'begin_mask' | 'end_mask' | 'ellipsis_mask' | 'new_axis_mask' | 'shrink_axis_mask', number>> = {}): string {
  const attrs: Record<string, Attr> = {};
  for (const [k, v] of Object.entries(masks)) attrs[k] = i64(v);
  return infer(tfd.StridedSlice, [f32t(...input)], attrs, (t) => [i32c(t, begin), i32c(t, end), i32c(t, strides)])[0]!;
}

test('StridedSlice: ranges, negative indices and strides, all five masks, dynamic dims', () => {
  assert.equal(slice([5, 6, 7], [1], [3], [1]), 'tensor<2x6x7xf32>');
  assert.equal(slice([5, 6, 7], [-1], [0], [1], { shrink_axis_mask: 1 }), 'tensor<6x7xf32>');
  assert.equal(slice([5, 6, 7], [0], [0], [-2], { begin_mask: 1, end_mask: 1 }), 'tensor<3x6x7xf32>');
  assert.equal(slice([5, 6, 7], [4], [0], [-1]), 'tensor<4x6x7xf32>');
  assert.equal(slice([5, 6, 7], [0, 1], [0, 3], [1, 1], { ellipsis_mask: 1 }), 'tensor<5x6x2xf32>');
  assert.equal(slice([5, 6, 7], [0, 0, 2], [0, 0, 3], [1, 1, 1], { begin_mask: 1, end_mask: 1, new_axis_mask: 2, shrink_axis_mask: 4 }), 'tensor<5x1x7xf32>');
  assert.equal(slice([5, 6, 7], [1, 0], [2, 0], [1, 1], { shrink_axis_mask: 1, new_axis_mask: 2 }), 'tensor<1x6x7xf32>');
  assert.equal(slice([5, 6, 7], [0, 2, 0], [0, 100, 0], [1, 2, 1], { begin_mask: 5, end_mask: 5 }), 'tensor<5x2x7xf32>');
  assert.equal(slice([-1, 6, 7], [0, 1], [0, 3], [1, 1], { begin_mask: 1, end_mask: 1 }), 'tensor<?x2x7xf32>');
  assert.equal(slice([-1, 6, 7], [2], [5], [1]), 'tensor<?x6x7xf32>');
  assert.equal(slice([-1, 6, 7], [0], [1], [1], { shrink_axis_mask: 1 }), 'tensor<6x7xf32>');
  assert.equal(slice([5, 6, 7], [3], [1], [1]), 'tensor<0x6x7xf32>');
});

function verifyErrors(build: (t: ReturnType<typeof newFunc>) => Value): string[] {
  const t = newFunc([f32t(1, 8, 8, 3), f32t(3, 3, 3, 4)]);
  t.ret(build(t));
  return verifyModule(t.m).map((d) => d.message);
}

test('verify: NCHW, bad strides, bad explicit paddings, training batch norm, shrink out of bounds', () => {
  const mk = (attrs: Record<string, Attr>) => (t: ReturnType<typeof newFunc>) => t.b.create(tfd.Conv2D, t.args, attrs, [tensorType(null, 'f32')]).result(0);
  assert.match(verifyErrors(mk({ ...conv('SAME'), data_format: str('NCHW') }))[0]!, /data_format NCHW is not supported \(only NHWC\)/);
  assert.match(verifyErrors(mk(conv('SAME', [1, 2, 2])))[0]!, /strides must have 4 entries/);
  assert.match(verifyErrors(mk(conv('EXPLICIT', [1, 1, 1, 1], { explicit_paddings: i64s([1, 0, 0, 0, 0, 0, 0, 0]) })))[0]!, /must not pad the batch or channel dims/);
  assert.match(verifyErrors(mk(conv('EXPLICIT')))[0]!, /explicit_paddings must have 8 entries/);
  assert.deepEqual(verifyErrors(mk(conv('SAME'))), []);
  const bn = verifyErrors((t) => {
    const c = t.b.constant(dense(tensorType([3], 'f32'), new Float32Array(3)));
    return t.b.create(tfd.FusedBatchNormV3, [t.args[0]!, c, c, c, c], {}).result(0);
  });
  assert.match(bn[0]!, /is_training = true/);
  const oob = verifyErrors((t) => t.b.create(tfd.StridedSlice, [t.args[1]!, i32c(t, [-4]), i32c(t, [0]), i32c(t, [1])], { shrink_axis_mask: i64(1) }, [tensorType(null, 'f32')]).result(0));
  assert.match(oob[0]!, /index -4 is out of bounds for dimension 0 of size 3/);
});
