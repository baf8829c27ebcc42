// GPU delegate and CPU targets on built float graphs: verdicts, the largest-partition rule, per-op limits, notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, f32, i32, str } from '../../src/ir/attributes.js';
import type { Module } from '../../src/ir/core.js';
import { tensorType } from '../../src/ir/types.js';
import { analyze, cpu, gpu, type Placement } from '../../targets/index.js';
import { sliceWaste } from '../../targets/gpu.js';
import { act, floatCnn, floatSqueezeSplit, singleOp, type GraphBuilder } from './graphs.js';
import type { Value } from '../../src/ir/core.js';

const onGpu = (m: Module): Placement => analyze(m, gpu);
const onCpu = (m: Module): Placement => analyze(m, cpu);
const NONE = str('NONE');

test('gpu: a float CNN maps completely; 3- and 6-channel tensors waste a quarter of their 4-channel slices', () => {
  const p = onGpu(floatCnn());
  assert.equal(p.verdict, 'all-mapped');
  assert.equal(p.mapped, 6);
  assert.equal(p.first_blocker, null);
  const ch = p.notes.find((n) => n.code === 'GPU-CHANNELS');
  assert.equal(ch?.level, 'warning');
  assert.match(ch?.text ?? '', /^7 GPU tensor\(s\) .* 25% of the GPU's activation storage is padding \(worst: input "image" C=3 25%, #0 CONV_2D C=6 25%, #1 DEPTHWISE_CONV_2D C=6 25%\)$/);
  assert.deepEqual(ch?.ops, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(p.suggestions.map((s) => [s.id, s.pass, s.changes_numerics]), [['quantize-float16', 'quantize{mode=float16}', true]]);
  assert.equal(sliceWaste(6), 0.25);
  assert.equal(sliceWaste(1001), 3 / 1004);
  assert.equal(sliceWaste(8), 0);
});

test('gpu: an unsupported SQUEEZE is named; the delegate takes the larger of the two partitions around it', () => {
  const p = onGpu(floatSqueezeSplit());
  assert.equal(p.verdict, 'partial');
  assert.deepEqual(p.first_blocker && [p.first_blocker.index, p.first_blocker.op, p.first_blocker.loc, p.first_blocker.code], [2, 'SQUEEZE', 'stem/squeeze', 'GPU-OP']);
  assert.deepEqual(p.ops.map((o) => o.mapped), [false, false, false, true, true, true, true]);
  assert.deepEqual(p.ops.map((o) => o.code), ['GPU-PARTITION', 'GPU-PARTITION', 'GPU-OP', null, null, null, null]);
  assert.deepEqual(p.ops.map((o) => o.violations.length), [0, 0, 1, 0, 0, 0, 0]);
  assert.match(p.ops[0]!.reason, /largest partition of supported ops \(4 ops\).*smaller one \(2 ops\)/);
  assert.deepEqual(p.suggestions.map((s) => s.id), ['squeeze-to-reshape', 'fix-partitions', 'quantize-float16']);
  assert.ok(p.notes.some((n) => n.code === 'GPU-PARTITION'));
});

test('gpu: when the first partition is the larger one, the ops after the unsupported op fall back', () => {
  const p = onGpu(singleOp('f32', [1, 8, 8, 4], (g, x) => {
    let y = x;
    for (let i = 0; i < 3; i++) y = g.conv(`a/conv_${i}`, y, 4);
    const gathered = g.add(tfl.Gather, 'b/gather', [y, g.ints([0, 2])], { axis: i32(3) }, act('f32', [1, 8, 8, 2]));
    return g.unary(tfl.Relu, 'b/relu', gathered);
  }));
  assert.deepEqual(p.ops.map((o) => o.code), [null, null, null, 'GPU-OP', 'GPU-PARTITION']);
});

/** The one op of a float graph on the GPU. */
function gpuOne(input: number[], build: (g: GraphBuilder, x: Value) => Value): Placement['ops'][number] {
  return onGpu(singleOp('f32', input, build)).ops[0]!;
}

test('gpu: per-op limits from the delegate (versions, ranks, batch, options)', () => {
  const cases: { name: string; code: string | null; input: number[]; build: (g: GraphBuilder, x: Value) => Value }[] = [
    { name: 'rank-5 tensor', code: 'GPU-RANK', input: [1, 2, 4, 4, 8], build: (g, x) => g.unary(tfl.Relu, 'relu', x) },
    { name: 'batch 2', code: 'GPU-BATCH', input: [2, 8, 8, 4], build: (g, x) => g.conv('conv', x, 4) },
    { name: 'dynamic width', code: 'GPU-DYNAMIC-SHAPE', input: [1, 8, -1, 4], build: (g, x) => g.unary(tfl.Relu, 'relu', x) },
    { name: 'softmax beta 2', code: 'GPU-SOFTMAX', input: [1, 10], build: (g, x) => g.add(tfl.Softmax, 'sm', [x], { beta: f32(2) }, act('f32', [1, 10])) },
    { name: 'depthwise multiplier 2 on 3 channels', code: 'GPU-DEPTHWISE', input: [1, 8, 8, 3], build: (g, x) => g.add(tfl.DepthwiseConv2D, 'dw', [x, g.weights([1, 3, 3, 6], 3), g.bias(6)], { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), depth_multiplier: i32(2), fused_activation_function: NONE }, act('f32', [1, 8, 8, 6])) },
    { name: 'strided slice with shrink mask', code: 'GPU-STRIDED-SLICE', input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.StridedSlice, 'slice', [x, g.ints([0, 0, 0, 0]), g.ints([1, 1, 8, 4]), g.ints([1, 1, 1, 1])], { shrink_axis_mask: i32(2) }, act('f32', [1, 8, 4])) },
    { name: 'transpose conv with fused relu (v4)', code: 'GPU-VERSION', input: [1, 4, 4, 8], build: (g, x) => g.add(tfl.TransposeConv, 'deconv', [g.ints([1, 8, 8, 4]), g.weights([4, 3, 3, 8]), x, g.bias(4)], { padding: str('SAME'), stride_h: i32(2), stride_w: i32(2), fused_activation_function: str('RELU') }, act('f32', [1, 8, 8, 4])) },
    { name: 'transpose conv with bias (v3)', code: null, input: [1, 4, 4, 8], build: (g, x) => g.add(tfl.TransposeConv, 'deconv', [g.ints([1, 8, 8, 4]), g.weights([4, 3, 3, 8]), x, g.bias(4)], { padding: str('SAME'), stride_h: i32(2), stride_w: i32(2), fused_activation_function: NONE }, act('f32', [1, 8, 8, 4])) },
    { name: 'outer-product mul', code: 'GPU-MUL-BROADCAST', input: [1, 8, 1, 4], build: (g, x) => g.add(tfl.Mul, 'mul', [x, g.weights([1, 1, 8, 4])], { fused_activation_function: NONE }, act('f32', [1, 8, 8, 4])) },
    { name: 'int32 add', code: 'GPU-TYPE', input: [1, 8], build: (g, x) => {
      const xi = g.add(tfl.Cast, 'cast', [x], {}, tensorType([1, 8], 'i32'));
      return g.add(tfl.Add, 'add_i32', [xi, xi], { fused_activation_function: NONE }, tensorType([1, 8], 'i32'));
    } },
    { name: 'hard swish', code: null, input: [1, 8, 8, 4], build: (g, x) => g.unary(tfl.HardSwish, 'hs', x) },
    { name: 'leaky relu', code: null, input: [1, 8, 8, 4], build: (g, x) => g.add(tfl.LeakyRelu, 'lrelu', [x], { alpha: f32(0.1) }, act('f32', [1, 8, 8, 4])) },
    { name: 'expand dims', code: 'GPU-OP', input: [8, 8, 4], build: (g, x) => g.add(tfl.ExpandDims, 'expand', [x, g.ints([0], [])], {}, act('f32', [1, 8, 8, 4])) },
  ];
  for (const c of cases) {
    const p = onGpu(singleOp('f32', c.input, c.build));
    const o = p.ops[p.ops.length - 1]!;
    assert.equal(o.code, c.code, `${c.name}: ${o.reason}`);
  }
  assert.equal(gpuOne([1, 8, 8, 4], (g, x) => g.unary(tfl.HardSwish, 'hs', x)).mapped, true);
});

test('cpu: every op maps; XNNPACK gaps are listed as info', () => {
  const p = onCpu(floatCnn());
  assert.equal(p.verdict, 'all-mapped');
  assert.deepEqual(p.notes.map((n) => n.code), ['CPU-RUNTIME']);
  const q = onCpu(singleOp('f32', [1, 8, 8, 4], (g, x) => {
    const e = g.unary(tfl.Exp, 'exp', x);
    return g.add(tfl.Sum, 'sum', [e, g.ints([1, 2])], {}, act('f32', [1, 4]));
  }));
  assert.equal(q.verdict, 'all-mapped');
  const xnn = q.notes.find((n) => n.code === 'CPU-XNNPACK');
  assert.equal(xnn?.level, 'info');
  assert.match(xnn?.text ?? '', /XNNPACK does not take EXP x1, SUM x1;/);
  assert.deepEqual(q.ops.map((o) => o.notes), [['XNNPACK does not delegate float32 EXP'], ['XNNPACK does not delegate float32 SUM']]);
});

test('cpu: int8 conv without bias and float16 weights read directly are noted; custom ops are not mapped', () => {
  const noBias = onCpu(singleOp('i8', [1, 8, 8, 4], (g, x) => g.add(tfl.Conv2D, 'conv', [x, g.weights([4, 1, 1, 4])], { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), fused_activation_function: NONE }, act('i8', [1, 8, 8, 4]))));
  assert.deepEqual(noBias.ops[0]!.notes, ['XNNPACK does not delegate this CONV_2D: it has no bias (XNNPACK needs one)']);
  const f16 = (viaDequantize: boolean): Placement =>
    onCpu(singleOp('f32', [1, 8], (g, x) => {
      let w: Value = g.b.constant(dense(tensorType([4, 8], 'f16'), new Uint16Array(32)));
      if (viaDequantize) w = g.add(tfl.Dequantize, 'dequant', [w], {}, tensorType([4, 8], 'f32'));
      return g.add(tfl.FullyConnected, 'fc', [x, w, g.bias(4)], { fused_activation_function: NONE }, act('f32', [1, 4]));
    }));
  assert.equal(f16(false).notes.find((n) => n.code === 'CPU-F16-WEIGHTS')?.level, 'warning');
  assert.equal(f16(true).notes.find((n) => n.code === 'CPU-F16-WEIGHTS'), undefined);
  assert.equal(f16(true).verdict, 'all-mapped');
  const custom = onCpu(singleOp('f32', [1, 8], (g, x) => g.add(tfl.Custom, 'custom', [x], { custom_code: str('MyOp') }, act('f32', [1, 8]))));
  assert.equal(custom.verdict, 'none');
  assert.equal(custom.ops[0]!.code, 'CPU-CUSTOM-OP');
  assert.match(custom.ops[0]!.reason, /custom op "MyOp" has no builtin TFLite kernel/);
});

test('gpu: float16 weights behind DEQUANTIZE (what quantize{mode=float16} writes) map, and no float16 advice repeats', () => {
  const p = onGpu(singleOp('f32', [1, 8, 8, 4], (g, x) => {
    const w16 = g.b.constant(dense(tensorType([8, 1, 1, 4], 'f16'), new Uint16Array(32)));
    const w = g.add(tfl.Dequantize, 'conv/weights_dequant', [w16], {}, tensorType([8, 1, 1, 4], 'f32'));
    return g.add(tfl.Conv2D, 'conv', [x, w, g.bias(8)], { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), fused_activation_function: NONE }, act('f32', [1, 8, 8, 8]));
  }));
  assert.equal(p.verdict, 'all-mapped');
  assert.deepEqual(p.ops.map((o) => `${o.op} v${o.version}`), ['DEQUANTIZE v3', 'CONV_2D v1']);
  assert.deepEqual(p.suggestions, []);
});
