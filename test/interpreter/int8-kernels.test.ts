// Integer kernels on tiny cases whose expected values are worked out by hand from TFLite's formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { bool, f32, i32, str } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Int8Interpreter } from '../../src/interpreter/int8/index.js';
import { hardSwishValue, prepareHardSwish } from '../../src/interpreter/int8/hard-swish.js';
import { newFunc } from '../support/build.js';
import { i32const, oneOp, qconst, qt, qtAxis } from './int8-support.js';

const run = (m: Parameters<typeof Int8Interpreter.create>[0], ...inputs: (Int8Array | Uint8Array | Float32Array)[]): number[] =>
  Array.from(Int8Interpreter.create(m).run(inputs)[0]! as ArrayLike<number>);

const conv = (stride: number, padding: string, act = 'NONE') => ({
  padding: str(padding),
  stride_h: i32(stride),
  stride_w: i32(stride),
  fused_activation_function: str(act),
});

test('1x1 conv, per-channel int8: MultiplyByQuantizedMultiplier per channel, double rounding', () => {
  // input scale 0.5 zp -1 (offset +1); filter scales 0.25 / 0.125; output scale 0.2 zp 3.
  // Channel 0: multiplier 0.5*0.25/0.2 = 0.625 = (2^31 * 0.625, shift 0); channel 1: 0.3125 = (same, shift -1).
  // Pixel 0, x+1 = [4, 2]:  c0 = 1*4 + 2*2 + 10 = 18 -> SRDHM = round(11.25) = 11 -> 14
  //                          c1 = 3*4 - 4*2 - 20 = -16 -> SRDHM = -10 -> RDBPOT(-10, 1) = -5 -> -2
  // Pixel 1, x+1 = [0, 6]:  c0 = 12 + 10 = 22 -> SRDHM = round(13.75) = 14 -> 17
  //                          c1 = -24 - 20 = -44 -> SRDHM: -27.5 rounds toward zero (gemmlowp's nudge) = -27,
  //                          then RDBPOT(-27, 1) = -14 (ties away from zero): -14 + 3 = -11
  const m = oneOp(tfl.Conv2D, [qt([1, 1, 2, 2], 'i8', 0.5, -1)], qt([1, 1, 2, 2], 'i8', 0.2, 3), conv(1, 'VALID'), (b) => [
    qconst(b, qtAxis([2, 1, 1, 2], 'i8', 0, [0.25, 0.125]), [1, 2, 3, -4]),
    qconst(b, qtAxis([2], 'i32', 0, [0.125, 0.0625]), [10, -20]),
  ]);
  assert.deepEqual(run(m, Int8Array.from([3, 1, -1, 5])), [14, -2, 17, -11]);
});

test('3x3 SAME conv skips the padding instead of reading the zero point', () => {
  // input zp -1, all-ones filter, scales 1: every output window covers the 4 pixels, (x+1) sums to 1+2+3+4 = 10.
  // Reading the 5 padded points as raw 0 would add 5 x (0 + 1) = 15 instead.
  const m = oneOp(tfl.Conv2D, [qt([1, 2, 2, 1], 'i8', 1, -1)], qt([1, 2, 2, 1], 'i8', 1, 0), conv(1, 'SAME'), (b) => [
    qconst(b, qtAxis([1, 3, 3, 1], 'i8', 0, [1]), new Array(9).fill(1)),
  ]);
  assert.deepEqual(run(m, Int8Array.from([0, 1, 2, 3])), [10, 10, 10, 10]);
});

test('conv fused RELU6 clamps with the quantized bounds of 0 and 6', () => {
  // Output scale 1 zp -10: RELU6 keeps [q(0), q(6)] = [-10, -4]: 3*5 = 15 -> 5 -> -4; -15 -> -25 -> -10.
  // Output scale 0.5: the bounds are [-10, 2] and the products double: 30 - 10 -> 2; -30 - 10 -> -10.
  const m = oneOp(tfl.Conv2D, [qt([1, 1, 2, 1], 'i8', 1, 0)], qt([1, 1, 2, 1], 'i8', 1, -10), conv(1, 'VALID', 'RELU6'), (b) => [
    qconst(b, qtAxis([1, 1, 1, 1], 'i8', 0, [1]), [5]),
  ]);
  const m2 = oneOp(tfl.Conv2D, [qt([1, 1, 2, 1], 'i8', 1, 0)], qt([1, 1, 2, 1], 'i8', 0.5, -10), conv(1, 'VALID', 'RELU6'), (b) => [
    qconst(b, qtAxis([1, 1, 1, 1], 'i8', 0, [1]), [5]),
  ]);
  assert.deepEqual(run(m, Int8Array.from([3, -3])), [-4, -10]);
  assert.deepEqual(run(m2, Int8Array.from([3, -3])), [2, -10]);
});

test('uint8 conv uses the filter zero point and the float32-product multiplier', () => {
  // input zp 128, filter zp 100: (101-100)*(130-128) + (99-100)*(126-128) = 2 + 2 = 4; multiplier 1*1/2 = 0.5 -> 2; zp 7 -> 9.
  const m = oneOp(tfl.Conv2D, [qt([1, 1, 1, 2], 'u8', 1, 128)], qt([1, 1, 1, 1], 'u8', 2, 7), conv(1, 'VALID'), (b) => [
    qconst(b, qt([1, 1, 1, 2], 'u8', 1, 100), [101, 99]),
  ]);
  assert.deepEqual(run(m, Uint8Array.from([130, 126])), [9]);
});

test('depthwise conv with depth multiplier 2: output channel ic*2+m reads input channel ic', () => {
  const m = oneOp(
    tfl.DepthwiseConv2D,
    [qt([1, 1, 1, 2], 'i8', 1, 0)],
    qt([1, 1, 1, 4], 'i8', 1, 0),
    { ...conv(1, 'VALID'), depth_multiplier: i32(2) },
    (b) => [qconst(b, qtAxis([1, 1, 1, 4], 'i8', 3, [1, 1, 1, 1]), [1, 2, 3, 4]), qconst(b, qtAxis([4], 'i32', 0, [1, 1, 1, 1]), [0, 0, 0, 100])],
  );
  assert.deepEqual(run(m, Int8Array.from([1, 2])), [1, 2, 6, 108]);
});

test('depthwise 3x3 SAME on a 3x3 image: border windows are clipped, the centre one is full', () => {
  // scales 1, zps 0, all-ones filter: output = sum of the window's pixels inside the image.
  const m = oneOp(tfl.DepthwiseConv2D, [qt([1, 3, 3, 1], 'i8', 1, 0)], qt([1, 3, 3, 1], 'i8', 1, 0), { ...conv(1, 'SAME'), depth_multiplier: i32(1) }, (b) => [
    qconst(b, qtAxis([1, 3, 3, 1], 'i8', 3, [1]), new Array(9).fill(1)),
  ]);
  // image 1..9 row-major
  assert.deepEqual(run(m, Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), [12, 21, 16, 27, 45, 33, 24, 39, 28]);
});

test('fully connected, per-tensor int8 with keep_num_dims=false flattens the batch', () => {
  // x [2,2] scale 0.5 zp 0, w [[1, -1]] scale 0.5, bias 1 (scale 0.25); out scale 0.25 zp 0:
  // multiplier float32(0.5*0.5)/0.25 = 1, so the output is the accumulator: 4 - 2 + 1 = 3 and -3 - 5 + 1 = -7.
  const m = oneOp(
    tfl.FullyConnected,
    [qt([2, 2], 'i8', 0.5, 0)],
    qt([2, 1], 'i8', 0.25, 0),
    { fused_activation_function: str('NONE'), keep_num_dims: bool(false) },
    (b) => [qconst(b, qt([1, 2], 'i8', 0.5, 0), [1, -1]), qconst(b, qt([1], 'i32', 0.25, 0), [1])],
  );
  assert.deepEqual(run(m, Int8Array.from([4, 2, -3, 5])), [3, -7]);
});

test('add with different scales: left shift 20, per-input multipliers, ties rounded away from zero', () => {
  // s1 = 0.5 zp 0, s2 = 0.25 zp 10, out 1.0 zp -5.  7*0.5 + (30-10)*0.25 = 8.5 -> 9 - 5 = 4;
  // -3*0.5 + (2-10)*0.25 = -3.5 -> -4 - 5 = -9;  0 + 0 = 0 -> -5;  127*0.5 + 117*0.25 = 92.75 -> 93 - 5 = 88.
  const m = oneOp(tfl.Add, [qt([4], 'i8', 0.5, 0), qt([4], 'i8', 0.25, 10)], qt([4], 'i8', 1, -5), { fused_activation_function: str('NONE') });
  assert.deepEqual(run(m, Int8Array.from([7, -3, 0, 127]), Int8Array.from([30, 2, 10, 127])), [4, -9, -5, 88]);
});

test('sub negates the second input multiplier; mul rescales the product', () => {
  const sub = oneOp(tfl.Sub, [qt([3], 'i8', 0.5, 0), qt([3], 'i8', 0.25, 10)], qt([3], 'i8', 1, -5), { fused_activation_function: str('NONE') });
  // 7*0.5 - 20*0.25 = -1.5 -> -2 - 5 = -7;  -3*0.5 + 2 = 0.5 -> 1 - 5 = -4;  0 - 0 = 0 -> -5
  assert.deepEqual(run(sub, Int8Array.from([7, -3, 0]), Int8Array.from([30, 2, 10])), [-7, -4, -5]);
  const mul = oneOp(tfl.Mul, [qt([3], 'i8', 0.5, 0), qt([3], 'i8', 0.25, 10)], qt([3], 'i8', 1, -5), { fused_activation_function: str('NONE') });
  // 3.5 * 5 = 17.5 -> 18 - 5 = 13;  -1.5 * -2 = 3 -> -2;  -64 * 29.25 clamps at -128
  assert.deepEqual(run(mul, Int8Array.from([7, -3, -128]), Int8Array.from([30, 2, 127])), [13, -2, -128]);
});

test('add broadcasts [2,1,3] + [1,2,1] to [2,2,3] (general N-d path)', () => {
  // All scales 1 and zero points 0: the 8-bit add is exact integer addition here.
  const m = oneOp(tfl.Add, [qt([2, 1, 3], 'i8', 1, 0), qt([1, 2, 1], 'i8', 1, 0)], qt([2, 2, 3], 'i8', 1, 0), { fused_activation_function: str('NONE') });
  const out = run(m, Int8Array.from([1, 2, 3, 4, 5, 6]), Int8Array.from([10, 20]));
  assert.deepEqual(out, [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26]);
  const scalar = oneOp(tfl.Add, [qt([2, 2], 'i8', 1, 0), qt([], 'i8', 1, 0)], qt([2, 2], 'i8', 1, 0), { fused_activation_function: str('NONE') });
  assert.deepEqual(run(scalar, Int8Array.from([1, 2, 3, 4]), Int8Array.from([-1])), [0, 1, 2, 3]);
});

test('average pool rounds half away from zero and does not count padding', () => {
  const pool = (padding: string, f: number, act = 'NONE') => ({
    padding: str(padding),
    stride_h: i32(1),
    stride_w: i32(1),
    filter_height: i32(f),
    filter_width: i32(f),
    fused_activation_function: str(act),
  });
  const input = Int8Array.from([1, -1, 1, -1, 0, 0, 2, -7]); // 2x2 pixels, 2 channels
  // channel 0: 1+1+0+2 = 4 -> 1;  channel 1: -1-1+0-7 = -9 -> (-9 - 2)/4 = -2 (trunc) -> -2
  const valid = oneOp(tfl.AveragePool2D, [qt([1, 2, 2, 2], 'i8', 1, 0)], qt([1, 1, 1, 2], 'i8', 1, 0), pool('VALID', 2));
  assert.deepEqual(run(valid, input), [1, -2]);
  // 3x3 SAME on 2x2: each window holds the same 4 pixels (count 4, not 9).
  const same = oneOp(tfl.AveragePool2D, [qt([1, 2, 2, 2], 'i8', 1, 0)], qt([1, 2, 2, 2], 'i8', 1, 0), pool('SAME', 3));
  assert.deepEqual(run(same, input), [1, -2, 1, -2, 1, -2, 1, -2]);
  // Halves: 2/4 = 0.5 -> 1 and -2/4 = -0.5 -> -1; RELU clamps -1 to the zero point.
  const halves = Int8Array.from([1, -1, 1, -1, 0, 0, 0, 0]);
  assert.deepEqual(run(valid, halves), [1, -1]);
  const relu = oneOp(tfl.AveragePool2D, [qt([1, 2, 2, 2], 'i8', 1, 0)], qt([1, 1, 1, 2], 'i8', 1, 0), pool('VALID', 2, 'RELU'));
  assert.deepEqual(run(relu, halves), [1, 0]);
  const max = oneOp(tfl.MaxPool2D, [qt([1, 2, 2, 2], 'i8', 1, 0)], qt([1, 1, 1, 2], 'i8', 1, 0), pool('VALID', 2));
  assert.deepEqual(run(max, input), [2, 0]);
});

test('mean over H,W (int8, keep_dims): multiplier then rounding division by H*W', () => {
  // s_in 0.5 zp -1, s_out 0.25 zp 2: multiplier 2.0. Channel 0: x - zp = 2,3,4,6 -> 15 -> 30 -> (30+2)/4 = 8 -> 10
  // (7.5 rounded away from zero). Channel 1: -2,-2,-2,-1 -> -7 -> -14 -> (-14-2)/4 = -4 -> -2.
  const m = oneOp(tfl.Mean, [qt([1, 2, 2, 2], 'i8', 0.5, -1)], qt([1, 1, 1, 2], 'i8', 0.25, 2), { keep_dims: bool(true) }, (b) => [i32const(b, [1, 2])]);
  assert.deepEqual(run(m, Int8Array.from([1, -3, 2, -3, 3, -3, 5, -2])), [10, -2]);
});

test('mean over other axes: float32 mean rounded once (half away from zero)', () => {
  // [[1, 2], [-1, -2]] over axis 1 into scale 0.5: 3 and -3. Into scale 1 zp 1: 1.5 -> 2, -1.5 -> -2, plus 1
  // (rounding x + 0.5, as older TF did, would give 0 for the second).
  const m = oneOp(tfl.Mean, [qt([2, 2], 'i8', 1, 0)], qt([2], 'i8', 0.5, 0), { keep_dims: bool(false) }, (b) => [i32const(b, [1])]);
  assert.deepEqual(run(m, Int8Array.from([1, 2, -1, -2])), [3, -3]);
  const m2 = oneOp(tfl.Mean, [qt([2, 2], 'i8', 1, 0)], qt([2], 'i8', 1, 1), { keep_dims: bool(false) }, (b) => [i32const(b, [-1])]);
  assert.deepEqual(run(m2, Int8Array.from([1, 2, -1, -2])), [3, -1]);
  // Equal input and output quantization: reference_ops::Mean's integer division truncates (1.5 -> 1, -1.5 -> -1).
  const same = oneOp(tfl.Mean, [qt([2, 2], 'i8', 1, 0)], qt([2], 'i8', 1, 0), { keep_dims: bool(false) }, (b) => [i32const(b, [1])]);
  assert.deepEqual(run(same, Int8Array.from([1, 2, -1, -2])), [1, -1]);
});

test('uint8 mean over H,W: sum times s_in / (n s_out), plus the rounded zero-point bias', () => {
  // s_in 1 zp 10, s_out 1 zp 20: bias = 20 - 10 = 10; values 11, 12, 13, 15 -> 51 / 4 = 12.75 -> 13 + 10 = 23.
  const m = oneOp(tfl.Mean, [qt([1, 2, 2, 1], 'u8', 1, 10)], qt([1, 1, 1, 1], 'u8', 1, 20), { keep_dims: bool(true) }, (b) => [i32const(b, [1, 2])]);
  assert.deepEqual(run(m, Uint8Array.from([11, 12, 13, 15])), [23]);
});

test('softmax (LUT): equal logits give 1/n; quantize, requantize and dequantize at the model edges', () => {
  const sm = oneOp(tfl.Softmax, [qt([1, 4], 'i8', 0.1, 0)], qt([1, 4], 'i8', 1 / 256, -128), { beta: f32(1) });
  assert.deepEqual(run(sm, Int8Array.from([5, 5, 5, 5])), [-64, -64, -64, -64]); // 0.25 * 256 - 128
  const q = oneOp(tfl.Quantize, [tensorType([3], 'f32')], qt([3], 'i8', 0.5, 10), {});
  assert.deepEqual(run(q, Float32Array.from([0.25, -1, 100])), [11, 8, 127]); // 0.5 -> 1 (away from zero), clamp
  const u2i = oneOp(tfl.Quantize, [qt([3], 'u8', 0.5, 128)], qt([3], 'i8', 0.5, 0), {});
  assert.deepEqual(run(u2i, Uint8Array.from([0, 128, 255])), [-128, 0, 127]);
  const i2u = oneOp(tfl.Quantize, [qt([3], 'i8', 0.5, -128)], qt([3], 'u8', 1, 0), {});
  assert.deepEqual(run(i2u, Int8Array.from([-128, -127, 127])), [0, 1, 128]); // 0.5 -> 1, 127.5 -> 128
  const dq = oneOp(tfl.Dequantize, [qt([2], 'i8', 0.5, 10)], tensorType([2], 'f32'), {});
  assert.deepEqual(run(dq, Int8Array.from([11, 8])), [0.5, -1]);
});

test('standalone relu6 rescales input to output and clamps to [q(0), q(6)]', () => {
  // s_in 0.1 zp -100, s_out 0.05 zp -128: multiplier 2; bounds [-128, -128 + 120 = -8].
  const m = oneOp(tfl.Relu6, [qt([4], 'i8', 0.1, -100)], qt([4], 'i8', 0.05, -128), {});
  assert.deepEqual(run(m, Int8Array.from([-100, -90, 0, -110])), [-128, -108, -8, -128]);
  const relu = oneOp(tfl.Relu, [qt([2], 'u8', 1, 100)], qt([2], 'u8', 1, 100), {});
  assert.deepEqual(run(relu, Uint8Array.from([90, 200])), [100, 200]);
});

test('hard swish (16-bit fixed point) stays within 1 LSB of x * relu6(x + 3) / 6', () => {
  const sIn = 0.05;
  const sOut = 0.03;
  const p = prepareHardSwish(sIn, -10, sOut, -60);
  let worst = 0;
  for (let q = -128; q <= 127; q++) {
    const x = sIn * (q + 10);
    const exact = Math.min(127, Math.max(-128, Math.round((x * Math.min(6, Math.max(0, x + 3))) / 6 / sOut) - 60));
    worst = Math.max(worst, Math.abs(hardSwishValue(q, p, -128, 127) - exact));
  }
  assert.ok(worst <= 1, `worst error ${worst} LSB`);
  const m = oneOp(tfl.HardSwish, [qt([3], 'i8', sIn, -10)], qt([3], 'i8', sOut, -60), {});
  assert.deepEqual(run(m, Int8Array.from([-128, -10, 127])), [-128, -128, 127].map((_, i) => hardSwishValue([-128, -10, 127][i]!, p, -128, 127)));
});

test('concatenation requantizes inputs whose parameters differ; pad fills with the zero point', () => {
  const { m, b, args, ret } = newFunc([qt([1, 2], 'i8', 1, 0), qt([1, 2], 'i8', 0.5, 0)]);
  const cat = b.create(tfl.Concatenation, [args[0]!, args[1]!], { axis: i32(-1), fused_activation_function: str('NONE') }, [qt([1, 4], 'i8', 1, 0)]);
  ret(cat.result(0));
  // 3 * 0.5 = 1.5 -> 2, -3 * 0.5 = -1.5 -> -2
  assert.deepEqual(run(m, Int8Array.from([7, -7]), Int8Array.from([3, -3])), [7, -7, 2, -2]);
  const pad = oneOp(tfl.Pad, [qt([1, 1, 2, 1], 'i8', 0.5, -3)], qt([1, 2, 3, 1], 'i8', 0.5, -3), {}, (bb) => [i32const(bb, [0, 0, 1, 0, 0, 1, 0, 0], [4, 2])]);
  assert.deepEqual(run(pad, Int8Array.from([5, 6])), [-3, -3, -3, 5, 6, -3]);
});

test('reshape/squeeze copy data; dynamic batch dimensions take their size from the input', () => {
  const { m, b, args, ret } = newFunc([qt([-1, 1, 1, 3], 'i8', 1, 0)]);
  const sq = b.create(tfl.Squeeze, [args[0]!], {}, [qt([-1, 3], 'i8', 1, 0)]);
  const rs = b.create(tfl.Reshape, [sq.result(0), i32const(b, [-1])], {}, [qt([-1], 'i8', 1, 0)]);
  ret(rs.result(0));
  const it = Int8Interpreter.create(m);
  const input = Int8Array.from([1, 2, 3, 4, 5, 6]);
  const seen: string[] = [];
  const [out] = it.run([input], { onValue: (v, _d, shape) => seen.push(`${v.producer!.name}:[${shape.join(',')}]`) });
  assert.deepEqual(Array.from(out as Int8Array), [1, 2, 3, 4, 5, 6]);
  assert.notEqual(out!.buffer, input.buffer);
  assert.deepEqual(seen, ['tfl.squeeze:[2,3]', 'tfl.reshape:[6]']);
});

test('user errors: unsupported ops, float kernels, wrong input arrays', () => {
  const expectCode = (fn: () => unknown, code: string): void => {
    assert.throws(fn, (e: unknown) => isLitecError(e) && e.diagnostics[0]!.code === code);
  };
  const tanh = oneOp(tfl.Tanh, [qt([2], 'i8', 1, 0)], qt([2], 'i8', 1 / 128, 0), {});
  expectCode(() => Int8Interpreter.create(tanh), 'LC2003');
  const floatConv = oneOp(tfl.Conv2D, [tensorType([1, 1, 1, 1], 'f32')], tensorType([1, 1, 1, 1], 'f32'), conv(1, 'VALID'), (b) => [qconst(b, tensorType([1, 1, 1, 1], 'f32'), [1])]);
  expectCode(() => Int8Interpreter.create(floatConv), 'LC2003');
  const add = oneOp(tfl.Add, [qt([2], 'i8', 1, 0), qt([2], 'i8', 1, 0)], qt([2], 'i8', 1, 0), { fused_activation_function: str('NONE') });
  const it = Int8Interpreter.create(add);
  expectCode(() => it.run([Uint8Array.from([1, 2]), Int8Array.from([1, 2])]), 'LC2009');
  expectCode(() => it.run([Int8Array.from([1, 2])]), 'LC2009');
  expectCode(() => it.run([Int8Array.from([1, 2, 3]), Int8Array.from([1, 2, 3])]), 'LC2008');
});
