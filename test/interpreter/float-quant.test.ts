// Quantization in the float interpreter: quantize/dequantize arithmetic, fake-quant pairs, simulated int8 ops, hybrids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { floatToHalf, str } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { perAxisQuant, perTensorQuant, tensorType } from '../../src/ir/types.js';
import { quantizeValue } from '../../src/interpreter/quant-math.js';
import { Interpreter, initBackend } from '../../src/interpreter/index.js';
import { assertClose, arg, oneOpModule, runOp } from './float-helpers.js';

await initBackend();
const q8 = (scale: number, zp: number) => perTensorQuant('i8', scale, zp);

test('quantize: clamp(round_half_away(x / scale) + zero_point) into int8 storage', async () => {
  const xs = [-1, 0, 0.25, -0.25, 0.26, 100, -100];
  const out = await runOp(tfl.Quantize, [arg([7], xs)], {}, [tensorType([7], 'f32', q8(0.5, 3))]);
  assert.ok(out.data instanceof Int8Array, 'quantized results come back as their storage array');
  assert.deepEqual([...out.data], [1, 3, 4, 2, 4, 127, -128]);
});

test('quantize to uint8 saturates at 255 and 0', async () => {
  const u8 = perTensorQuant('u8', 1 / 128, 128);
  const out = await runOp(tfl.Quantize, [arg([4], [0, 1, -1, -2])], {}, [tensorType([4], 'f32', u8)]);
  assert.ok(out.data instanceof Uint8Array);
  assert.deepEqual([...out.data], [128, 255, 0, 0]);
});

test('dequantize: scale * (q - zero_point), per axis, from a constant and from an int8 input', async () => {
  const qt = tensorType([2, 3], 'f32', perAxisQuant('i8', 0, [0.5, 2], [0, 1]));
  const fromConst = await runOp(tfl.Dequantize, [{ shape: [2, 3], data: [1, 2, 3, -1, 0, 1], quant: qt.quant, const: true }], {}, [tensorType([2, 3], 'f32')]);
  assert.deepEqual([...fromConst.data], [0.5, 1, 1.5, -4, -2, 0]);
  const fromInput = await runOp(tfl.Dequantize, [{ shape: [3], data: [-128, 0, 127], quant: q8(0.25, -28) }], {}, [tensorType([3], 'f32')]);
  assert.deepEqual([...fromInput.data], [-25, 7, 38.75]);
});

test('dequantize of a float16 constant decodes it', async () => {
  const half = Uint16Array.from([0.5, -2, 0.1].map(floatToHalf));
  const out = await runOp(tfl.Dequantize, [{ shape: [3], data: half, elem: 'f16', const: true }], {}, [tensorType([3], 'f32')]);
  assert.deepEqual([...out.data], [0.5, -2, 0.0999755859375]);
});

test('quantize → dequantize is a fake-quant: values snap to the grid and clamp to the range', async () => {
  const { module } = oneOpModule(tfl.Quantize, [arg([5], [0])], {}, [tensorType([5], 'f32', q8(0.1, 0))]);
  // Append a dequantize after the quantize.
  const f = module.main();
  const quant = f.body.first!;
  const ret = f.returnOp();
  const b = new Builder(f, ret);
  const deq = b.create(tfl.Dequantize, [quant.result(0)], {}, [tensorType([5], 'f32')]);
  ret.setOperand(0, deq.result(0));
  f.resultTypes = [deq.result(0).type];
  const it = await Interpreter.create(module);
  try {
    const xs = [0.123, -0.05, 0.149, 20, -20];
    const [out] = await it.run([Float32Array.from(xs)]);
    const expected = xs.map((x) => Math.fround(0.1 * quantizeValue(x, 0.1, 0)));
    assert.deepEqual([...out!.data], expected);
    assert.deepEqual(expected.slice(3), [Math.fround(12.7), Math.fround(-12.8)]);
  } finally {
    it.dispose();
  }
});

test('requantize: int8 → int8 with new parameters goes through the real value', async () => {
  const out = await runOp(tfl.Quantize, [{ shape: [3], data: [4, -3, 127], quant: q8(0.5, 0) }], {}, [tensorType([3], 'f32', q8(0.25, -10))]);
  assert.deepEqual([...out.data], [-2, -16, 127]);
});

test('an int8 add runs as a float simulation: dequantize the operands, add, quantize the result', async () => {
  const a = { shape: [3], data: [10, 21, -128], quant: q8(0.1, 0) };
  const bIn = { shape: [3], data: [5, -5, 0], quant: q8(0.05, 2) };
  const out = await runOp(tfl.Add, [a, bIn], { fused_activation_function: str('RELU') }, [tensorType([3], 'f32', q8(0.2, -5))]);
  const real = [10, 21, -128].map((q, i) => Math.fround(0.1 * q) + Math.fround(0.05 * ([5, -5, 0][i]! - 2)));
  assert.deepEqual([...out.data], real.map((r) => quantizeValue(Math.max(0, Math.fround(r)), 0.2, -5)));
});

test('a dynamic-range fully_connected: int8 per-channel weights are dequantized (once) for the float kernel', async () => {
  const wq = perAxisQuant('i8', 0, [0.5, 0.25], [0, 0], true);
  const wData = [2, -4, 6, 8, 0, -8];
  const module = oneOpModule(tfl.FullyConnected, [arg([1, 3], [1, 2, 3]), { shape: [2, 3], data: wData, quant: wq, const: true }], {}, [tensorType([1, 2], 'f32')]);
  const it = await Interpreter.create(module.module);
  try {
    for (let run = 0; run < 2; run++) {
      const [out] = await it.run(module.inputs);
      assertClose(out!.data as Float32Array, [1 * 1 + 2 * -2 + 3 * 3, 1 * 2 + 0 + 3 * -2], 1e-6);
    }
    assert.equal(it.cachedTensorCount, 1, 'only the dequantized, transposed weights stay cached');
  } finally {
    it.dispose();
  }
});
