// Edge TPU rules on built graphs: the single-subgraph rule, reason codes per limit, suggestions, parameter cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { bool, dense, f32, i32, i32s, str } from '../../src/ir/attributes.js';
import type { Module } from '../../src/ir/core.js';
import { perTensorQuant, tensorType } from '../../src/ir/types.js';
import { analyze, edgetpu, placementExitCode, type Placement } from '../../targets/index.js';
import { EDGETPU_SRAM_BYTES } from '../../targets/edgetpu.js';
import { act, fiveDimReshapeInTheMiddle, floatIoAroundInt8, hardSwishInTheMiddle, singleOp } from './graphs.js';

const place = (m: Module): Placement => analyze(m, edgetpu);
const codes = (p: Placement): (string | null)[] => p.ops.map((o) => o.code);
const ids = (p: Placement): string[] => p.suggestions.map((s) => s.id);
const NONE = str('NONE');

test('a HARD_SWISH in the middle is the first blocker; every op after it runs on the CPU', () => {
  const p = place(hardSwishInTheMiddle());
  assert.equal(p.verdict, 'partial');
  assert.equal(p.mapped, 1);
  assert.deepEqual(p.first_blocker && { index: p.first_blocker.index, op: p.first_blocker.op, loc: p.first_blocker.loc, code: p.first_blocker.code }, { index: 1, op: 'HARD_SWISH', loc: 'block_1/hard_swish', code: 'ET-OP-UNSUPPORTED' });
  assert.deepEqual(p.cpu_ops.map((o) => `${o.index} ${o.op} ${o.loc}`), [
    '1 HARD_SWISH block_1/hard_swish',
    '2 CONV_2D block_2/conv',
    '3 ADD block_2/add',
    '4 AVERAGE_POOL_2D head/pool',
    '5 RESHAPE head/reshape',
    '6 FULLY_CONNECTED head/fc',
    '7 SOFTMAX head/softmax',
  ]);
  assert.deepEqual(codes(p), [null, 'ET-OP-UNSUPPORTED', 'ET-SUBGRAPH', 'ET-SUBGRAPH', 'ET-SUBGRAPH', 'ET-SUBGRAPH', 'ET-SUBGRAPH', 'ET-SUBGRAPH']);
  // The spilled ops pass their own rules: only the single-subgraph rule keeps them off the Edge TPU.
  assert.ok(p.ops.slice(2).every((o) => o.violations.length === 0 && /first op it cannot map \(#1 HARD_SWISH "block_1\/hard_swish"\)/.test(o.reason)));
  assert.deepEqual(p.totals.map((r) => `${r.op}:${r.count}:${r.status}`).slice(0, 3), ['CONV_2D:1:Mapped to Edge TPU', 'HARD_SWISH:1:Operation not supported', 'CONV_2D:1:More than one subgraph is not supported']);
  assert.deepEqual(ids(p), ['swish-to-relu6', 'fix-first-blocker']);
  const relu6 = p.suggestions[0]!;
  assert.equal(relu6.pass, 'swish-to-relu6');
  assert.equal(relu6.changes_numerics, true);
  assert.deepEqual(p.suggestions[1]!.ops, [2, 3, 4, 5, 6, 7]);
  assert.equal(placementExitCode(p), 3);
  assert.equal(placementExitCode(p, true), 2);
  // Parameters of the mapped conv only: 16x3x3x8 int8 weights + 16 int32 biases.
  assert.equal(p.param_cache!.total_bytes, 16 * 3 * 3 * 8 + 16 * 4);
});

test('a 5-D reshape in the middle blocks with ET-RANK; the reshape back fails on its own, the conv after it spills', () => {
  const p = place(fiveDimReshapeInTheMiddle());
  assert.equal(p.first_blocker?.index, 1);
  assert.equal(p.first_blocker?.loc, 'attention/split_heads');
  assert.equal(p.first_blocker?.code, 'ET-RANK');
  assert.match(p.first_blocker?.reason ?? '', /rank-5 tensor \[1,2,8,8,8\]/);
  assert.deepEqual(codes(p), [null, 'ET-RANK', 'ET-RANK', 'ET-SUBGRAPH']);
  assert.deepEqual(p.ops.map((o) => o.violations.length), [0, 1, 1, 0]);
  assert.equal(p.totals.find((r) => r.op === 'RESHAPE')?.status, 'Tensor has unsupported rank (up to 3 innermost dimensions mapped)');
});

test('float QUANTIZE/DEQUANTIZE at the model boundary run on the CPU without splitting the Edge TPU subgraph', () => {
  const p = place(floatIoAroundInt8());
  assert.deepEqual(p.ops.map((o) => o.mapped), [false, true, true, false]);
  assert.deepEqual(codes(p), ['ET-IO-FLOAT', null, null, 'ET-IO-FLOAT']);
  assert.equal(p.first_blocker?.op, 'DEQUANTIZE');
  assert.deepEqual(ids(p), ['integer-io']);
  assert.equal(p.suggestions[0]!.changes_numerics, false);
});

/** One int8 op on x; returns the op's placement. */
function one(input: number[], build: Parameters<typeof singleOp>[2]): Placement['ops'][number] {
  const p = place(singleOp('i8', input, build));
  assert.equal(p.ops.length, 1);
  return p.ops[0]!;
}

const axesOp = (def: typeof tfl.Mean, axes: number[], out: number[]) => (g: Parameters<Parameters<typeof singleOp>[2]>[0], x: Parameters<Parameters<typeof singleOp>[2]>[1]) =>
  g.add(def, 'reduce', [x, g.ints(axes)], { keep_dims: bool(true) }, act('i8', out));

test('per-op limits from the Edge TPU operation table', () => {
  const cases: { name: string; code: string | null; input: number[]; build: Parameters<typeof singleOp>[2] }[] = [
    { name: 'mean over x/y', code: null, input: [1, 8, 8, 16], build: axesOp(tfl.Mean, [1, 2], [1, 1, 1, 16]) },
    { name: 'mean over channels', code: 'ET-MEAN-AXES', input: [1, 8, 8, 16], build: axesOp(tfl.Mean, [3], [1, 8, 8, 1]) },
    { name: 'sum over the batch', code: 'ET-REDUCE-AXES', input: [1, 8, 8, 16], build: axesOp(tfl.Sum, [0], [1, 8, 8, 16]) },
    { name: 'pad x/y', code: null, input: [1, 8, 8, 16], build: (g, x) => g.add(tfl.Pad, 'pad', [x, g.ints([0, 0, 1, 1, 1, 1, 0, 0], [4, 2])], {}, act('i8', [1, 10, 10, 16])) },
    { name: 'pad channels', code: 'ET-PAD-AXES', input: [1, 8, 8, 16], build: (g, x) => g.add(tfl.Pad, 'pad', [x, g.ints([0, 0, 0, 0, 0, 0, 0, 4], [4, 2])], {}, act('i8', [1, 8, 8, 20])) },
    { name: 'softmax over 1001', code: null, input: [1, 1001], build: (g, x) => g.add(tfl.Softmax, 'sm', [x], { beta: f32(1) }, act('i8', [1, 1001])) },
    { name: 'softmax over 20000', code: 'ET-SOFTMAX', input: [1, 20000], build: (g, x) => g.add(tfl.Softmax, 'sm', [x], { beta: f32(1) }, act('i8', [1, 20000])) },
    { name: 'softmax over rows', code: 'ET-SOFTMAX', input: [1, 4, 10], build: (g, x) => g.add(tfl.Softmax, 'sm', [x], { beta: f32(1) }, act('i8', [1, 4, 10])) },
    { name: 'squeeze leading 1s', code: null, input: [1, 1, 1, 10], build: (g, x) => g.add(tfl.Squeeze, 'sq', [x], { squeeze_dims: i32s([1, 2]) }, act('i8', [1, 10])) },
    { name: 'squeeze after a 5', code: 'ET-SQUEEZE', input: [1, 5, 1, 10], build: (g, x) => g.add(tfl.Squeeze, 'sq', [x], { squeeze_dims: i32s([2]) }, act('i8', [1, 5, 10])) },
    { name: 'max pool with fused relu', code: 'ET-FUSED-ACTIVATION', input: [1, 8, 8, 16], build: (g, x) => g.add(tfl.MaxPool2D, 'pool', [x], { padding: str('VALID'), stride_h: i32(2), stride_w: i32(2), filter_height: i32(2), filter_width: i32(2), fused_activation_function: str('RELU') }, act('i8', [1, 4, 4, 16])) },
    { name: 'conv dilated 2x1', code: 'ET-DILATION', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.Conv2D, 'conv', [x, g.weights([4, 3, 3, 4]), g.bias(4)], { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), dilation_h_factor: i32(2), dilation_w_factor: i32(1), fused_activation_function: NONE }, act('i8', [1, 8, 8, 4])) },
    { name: 'strided slice stride 2', code: 'ET-STRIDED-SLICE', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.StridedSlice, 'slice', [x, g.ints([0, 0, 0, 0]), g.ints([1, 8, 8, 4]), g.ints([1, 2, 2, 1])], {}, act('i8', [1, 4, 4, 4])) },
    { name: 'resize with half_pixel_centers (v3)', code: 'ET-VERSION', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.ResizeBilinear, 'resize', [x, g.ints([16, 16])], { align_corners: bool(false), half_pixel_centers: bool(true) }, act('i8', [1, 16, 16, 4])) },
    { name: 'resize (v2)', code: null, input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.ResizeBilinear, 'resize', [x, g.ints([16, 16])], { align_corners: bool(false), half_pixel_centers: bool(false) }, act('i8', [1, 16, 16, 4])) },
    { name: 'leaky relu', code: 'ET-OP-UNSUPPORTED', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.LeakyRelu, 'lrelu', [x], { alpha: f32(0.2) }, act('i8', [1, 8, 8, 4])) },
    { name: 'div', code: 'ET-OP-UNSUPPORTED', input: [1, 8], build: (g, x) => g.add(tfl.Div, 'div', [x, x], { fused_activation_function: NONE }, act('i8', [1, 8])) },
    { name: 'batch 4', code: 'ET-BATCH', input: [4, 8, 8, 4], build: (g, x) => g.conv('conv', x, 4) },
    { name: 'dynamic height', code: 'ET-DYNAMIC-SHAPE', input: [1, -1, 8, 4], build: (g, x) => g.add(tfl.Relu, 'relu', [x], {}, act('i8', [1, -1, 8, 4])) },
    { name: '5-D with leading 1s', code: null, input: [1, 1, 4, 4, 8], build: (g, x) => g.add(tfl.Relu, 'relu', [x], {}, act('i8', [1, 1, 4, 4, 8])) },
    { name: 'prelu per-channel alpha', code: null, input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.PRelu, 'prelu', [x, g.weights([1, 1, 4], 2)], {}, act('i8', [1, 8, 8, 4])) },
    { name: 'prelu alpha over x', code: 'ET-PRELU-ALPHA', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.PRelu, 'prelu', [x, g.weights([1, 8, 4], 2)], {}, act('i8', [1, 8, 8, 4])) },
    { name: 'fully connected keeping dims', code: 'ET-FC-OUTPUT', input: [1, 4, 16], build: (g, x) => g.add(tfl.FullyConnected, 'fc', [x, g.weights([10, 16]), g.bias(10)], { fused_activation_function: NONE, keep_num_dims: bool(true) }, act('i8', [1, 4, 10])) },
    { name: 'concat with a constant', code: 'ET-CONCAT-CONST', input: [1, 8], build: (g, x) => g.add(tfl.Concatenation, 'cat', [x, g.weights([1, 8], 1)], { axis: i32(1), fused_activation_function: NONE }, act('i8', [1, 16])) },
    { name: 'int16 activations', code: 'ET-DATA-TYPE', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.Relu, 'relu', [x], {}, tensorType([1, 8, 8, 4], 'f32', perTensorQuant('i16', 0.001, 0))) },
    { name: 'edgetpu custom op', code: null, input: [1, 8], build: (g, x) => g.add(tfl.Custom, 'edgetpu', [x], { custom_code: str('edgetpu-custom-op') }, act('i8', [1, 8])) },
    { name: 'other custom op', code: 'ET-OP-UNSUPPORTED', input: [1, 8], build: (g, x) => g.add(tfl.Custom, 'custom', [x], { custom_code: str('MyOp') }, act('i8', [1, 8])) },
  ];
  for (const c of cases) {
    const o = one(c.input, c.build);
    assert.equal(o.code, c.code, `${c.name}: ${o.reason}`);
    assert.equal(o.mapped, c.code === null, c.name);
  }
});

test('each failing limit comes with a suggestion naming the op', () => {
  const p = place(singleOp('i8', [1, 8, 8, 4], (g, x) => g.add(tfl.LeakyRelu, 'lrelu', [x], { alpha: f32(0.2) }, act('i8', [1, 8, 8, 4]))));
  assert.deepEqual(p.suggestions.map((s) => [s.id, s.changes_numerics, [...s.ops], s.pass]), [['leaky-relu-to-max', false, [0], 'leaky-relu-to-max']]);
  // alpha outside [0, 1]: max(x, alpha*x) is not LeakyReLU there, PRELU is.
  const steep = place(singleOp('i8', [1, 8, 8, 4], (g, x) => g.add(tfl.LeakyRelu, 'lrelu', [x], { alpha: f32(1.5) }, act('i8', [1, 8, 8, 4]))));
  assert.deepEqual(steep.suggestions.map((s) => [s.id, s.pass]), [['leaky-relu-to-prelu', 'leaky-relu-to-max{to=prelu}']]);
  // split-mean needs an x/y axis to split off; a mean over channels only stays (on the CPU, at the end).
  const mean = place(singleOp('i8', [1, 8, 8, 16], axesOp(tfl.Mean, [1, 2, 3], [1, 1, 1, 1])));
  assert.deepEqual(mean.suggestions.map((s) => [s.id, s.pass]), [['split-mean', 'split-mean']]);
  const channels = place(singleOp('i8', [1, 8, 8, 16], axesOp(tfl.Mean, [3], [1, 8, 8, 1])));
  assert.deepEqual(channels.suggestions.map((s) => [s.id, s.pass]), [['mean-to-cpu-end', null]]);
  assert.match(channels.ops[0]!.fix ?? '', /reduces neither x nor y/);
  const pool = (a: string) => (g: Parameters<Parameters<typeof singleOp>[2]>[0], x: Parameters<Parameters<typeof singleOp>[2]>[1]) =>
    g.add(tfl.MaxPool2D, 'pool', [x], { padding: str('VALID'), stride_h: i32(2), stride_w: i32(2), filter_height: i32(2), filter_width: i32(2), fused_activation_function: str(a) }, act('i8', [1, 4, 4, 16]));
  const relu = place(singleOp('i8', [1, 8, 8, 16], pool('RELU')));
  assert.deepEqual(relu.suggestions.map((s) => [s.id, s.changes_numerics, s.pass]), [['unfuse-pool-activation', false, 'unfuse-pool-activation{tanh=false}']]);
  // TFLite's pool kernels ignore a fused TANH: applying it as an op changes what the runtime computes.
  const tanh = place(singleOp('i8', [1, 8, 8, 16], pool('TANH')));
  assert.deepEqual(tanh.suggestions.map((s) => [s.id, s.changes_numerics, s.pass]), [['unfuse-tanh', true, 'unfuse-pool-activation']]);
  const squeeze = place(singleOp('i8', [1, 5, 1, 10], (g, x) => g.add(tfl.Squeeze, 'sq', [x], { squeeze_dims: i32s([2]) }, act('i8', [1, 5, 10]))));
  assert.deepEqual(squeeze.suggestions.map((s) => [s.id, s.pass]), [['squeeze-to-reshape', 'squeeze-to-reshape']]);
  const batch = place(singleOp('i8', [4, 8, 8, 4], (g, x) => g.conv('conv', x, 4)));
  assert.deepEqual(batch.suggestions.map((s) => [s.id, s.flags]), [['batch-size-1', '--batch-size 1']]);
  const dyn = place(singleOp('i8', [-1, -1, -1, 3], (g, x) => g.add(tfl.Relu, 'relu', [x], {}, act('i8', [-1, -1, -1, 3])), 'image'));
  assert.deepEqual(dyn.suggestions.map((s) => [s.id, s.flags]), [['freeze-input-shape', '--input-shape image=1,?,?,3']]);
  const resize = place(singleOp('i8', [1, 8, 8, 4], (g, x) => g.add(tfl.ResizeBilinear, 'resize', [x, g.ints([16, 16])], { align_corners: bool(false), half_pixel_centers: bool(true) }, act('i8', [1, 16, 16, 4]))));
  assert.deepEqual(resize.suggestions.map((s) => [s.id, s.changes_numerics]), [['edgetpu-op-version', true]]);
  assert.match(resize.ops[0]!.fix ?? '', /half_pixel_centers=false/);
});

test('parameter cache: weights beyond the 8 MiB SRAM stream from off-chip memory', () => {
  const units = 3000;
  const p = place(singleOp('i8', [1, 3000], (g, x) => g.add(tfl.FullyConnected, 'big_fc', [x, g.weights([units, 3000]), g.bias(units)], { fused_activation_function: NONE }, act('i8', [1, units]))));
  assert.equal(p.verdict, 'all-mapped');
  const total = units * 3000 + units * 4;
  assert.deepEqual(p.param_cache, { capacity_bytes: EDGETPU_SRAM_BYTES, total_bytes: total, on_chip_bytes: EDGETPU_SRAM_BYTES, off_chip_bytes: total - EDGETPU_SRAM_BYTES });
  assert.match(p.notes.find((n) => n.code === 'ET-PARAM-CACHE')?.text ?? '', /stream from host memory/);
});

test('swish and squeeze-and-excite are advised against (they map, but cost accuracy and time)', () => {
  const p = place(singleOp('i8', [1, 8, 8, 16], (g, x) => {
    const sig = g.unary(tfl.Logistic, 'swish/sigmoid', x);
    const sw = g.add(tfl.Mul, 'swish/mul', [x, sig], { fused_activation_function: NONE }, act('i8', [1, 8, 8, 16]));
    const pool = g.add(tfl.Mean, 'se/squeeze', [sw, g.ints([1, 2])], { keep_dims: bool(true) }, act('i8', [1, 1, 1, 16]));
    const red = g.conv('se/reduce', pool, 4, 1, 'RELU');
    const exp = g.conv('se/expand', red, 16);
    const gate = g.unary(tfl.Logistic, 'se/sigmoid', exp);
    return g.add(tfl.Mul, 'se/excite', [sw, gate], { fused_activation_function: NONE }, act('i8', [1, 8, 8, 16]));
  }));
  assert.equal(p.verdict, 'all-mapped');
  const byId = new Map(p.suggestions.map((s) => [s.id, s]));
  assert.deepEqual(byId.get('swish-to-relu6')?.ops, [1]);
  assert.deepEqual(byId.get('remove-squeeze-excite')?.ops, [6]);
  assert.deepEqual(byId.get('remove-squeeze-excite')?.because, ['advice']);
  assert.equal(byId.get('remove-squeeze-excite')?.pass, 'remove-squeeze-excite');
});

test('a constant all-zero second input is the one concatenation constant the Edge TPU allows', () => {
  const p = place(singleOp('i8', [1, 8], (g, x) => {
    const zeros = g.b.constant(dense(act('i8', [1, 8]), new Int8Array(8)));
    return g.add(tfl.Concatenation, 'pad_cat', [x, zeros], { axis: i32(1), fused_activation_function: NONE }, act('i8', [1, 16]));
  }));
  assert.equal(p.verdict, 'all-mapped');
});
