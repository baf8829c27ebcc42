// mnist_cnn_bn quantized four ways (float, dynamic-range, float16, int8 calibrated on 500 digits) runs in the real
// TFLite runtime; on the other 9,500 digits int8 stays within 0.3 points of float at <= 30% of its size.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { Module } from '../../src/ir/core.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { QuantizeSummaryKey } from '../../passes/quantize.js';
import { CalibrationSummaryKey } from '../../passes/calibrate.js';
import { skipUnlessShared } from '../support/shared-models.js';
import { Digits, EVAL_BATCH, EVAL_OFFSET, accuracy, agreement, loadDigits, mnistFloat, mnistQuantized, runtimePredictions } from './mnist-support.js';

const skip = skipUnlessShared();
const MODES = ['float', 'dynamic-range', 'float16', 'int8'] as const;
type Mode = (typeof MODES)[number];

interface Variant {
  /** The batch-1 model (what a user compiles): its file size is the one reported. */
  readonly bytes: Uint8Array;
  /** The same pipeline at batch 100, for evaluating 9,500 digits quickly. */
  readonly batched: Uint8Array;
  readonly module: Module;
  readonly batchedModule: Module;
}

const variants = new Map<Mode, Variant>();
let evalDigits: Digits;
const predictions = new Map<Mode, Int32Array>();

async function build(mode: Mode, batch: number): Promise<Module> {
  if (mode === 'float') return mnistFloat(batch);
  return (await mnistQuantized(`mode=${mode}`, batch)).quantized;
}

before(async () => {
  if (skip) return;
  evalDigits = await loadDigits(EVAL_OFFSET);
  for (const mode of MODES) {
    const module = await build(mode, 1);
    const batchedModule = await build(mode, EVAL_BATCH);
    variants.set(mode, { module, batchedModule, bytes: emitTflite(module), batched: emitTflite(batchedModule) });
  }
});

test('every variant loads and runs in the TFLite runtime with float input and output', { skip }, async () => {
  for (const mode of MODES) {
    const v = variants.get(mode)!;
    const rt = await TfliteRuntime.load(v.bytes, { file: `mnist_cnn_bn ${mode}` });
    try {
      assert.deepEqual(rt.inputs().map((i) => [i.dtype, i.shape]), [['float32', [1, 28, 28, 1]]], mode);
      assert.deepEqual(rt.outputs().map((o) => [o.dtype, o.shape]), [['float32', [1, 10]]], mode);
      const [p] = rt.run([evalDigits.pixels.subarray(0, 784)]);
      const sum = Array.from(p as Float32Array).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 0.02, `${mode}: softmax sums to ${sum}`);
    } finally {
      rt.dispose();
    }
  }
});

test('the int8 model is int8 end to end between one quantize and one dequantize', { skip }, () => {
  const f = variants.get('int8')!.module.main();
  const names = [...f.ops()].map((op) => op.name).filter((n) => n !== 'arith.constant' && n !== 'func.return');
  assert.deepEqual(names, ['tfl.quantize', 'tfl.conv_2d', 'tfl.max_pool_2d', 'tfl.conv_2d', 'tfl.max_pool_2d', 'tfl.conv_2d', 'tfl.reshape', 'tfl.fully_connected', 'tfl.fully_connected', 'tfl.softmax', 'tfl.dequantize']);
  for (const op of f.ops()) {
    if (op.name === 'tfl.dequantize' || op.name === 'func.return' || op.name === 'arith.constant') continue;
    assert.equal(op.result(0).type.quant?.storage, 'i8', `${op.name} computes in int8`);
  }
});

test('the batch-100 evaluation models are quantized exactly like the batch-1 models', { skip }, async () => {
  const params = (m: Module): string[] => [...m.main().ops()].flatMap((op) => op.results.map((r) => (r.type.quant ? `${op.name}:${r.type.quant.scales.join(',')}:${r.type.quant.zeroPoints.join(',')}` : op.name)));
  for (const mode of MODES) {
    const v = variants.get(mode)!;
    assert.deepEqual(params(v.batchedModule), params(v.module), mode);
  }
  // Same predictions digit by digit on the first batch (batch 1 in the runtime vs batch 100).
  const first = { pixels: evalDigits.pixels.subarray(0, EVAL_BATCH * 784), labels: evalDigits.labels.subarray(0, EVAL_BATCH) };
  const one = await runtimePredictions(variants.get('int8')!.bytes, first, 1);
  const hundred = await runtimePredictions(variants.get('int8')!.batched, first, EVAL_BATCH);
  assert.deepEqual(Array.from(one), Array.from(hundred));
});

/**
 * TFLite's hybrid (dynamic-range) kernels run without XNNPACK, about 10 ms a digit with per-channel filters:
 * that variant is measured on the first 1,000 held-out digits (the others on all 9,500).
 */
const HYBRID_DIGITS = 1000;

test('on 9,500 held-out digits int8 is within 0.3 points of float and <= 30% of its size; all four reported', { skip }, async () => {
  const subset: Digits = { pixels: evalDigits.pixels.subarray(0, HYBRID_DIGITS * 784), labels: evalDigits.labels.subarray(0, HYBRID_DIGITS) };
  for (const mode of MODES) predictions.set(mode, await runtimePredictions(variants.get(mode)!.batched, mode === 'dynamic-range' ? subset : evalDigits, EVAL_BATCH));
  const labelsOf = (m: Mode): Int32Array => (m === 'dynamic-range' ? subset.labels : evalDigits.labels);
  const acc = (m: Mode): number => accuracy(predictions.get(m)!, labelsOf(m));
  const floatOn = (m: Mode): Int32Array => predictions.get('float')!.subarray(0, labelsOf(m).length);
  const size = (m: Mode): number => variants.get(m)!.bytes.length;
  console.log(`  mnist_cnn_bn on held-out mnist digits (calibrated on the first 500), real TFLite runtime, batch-1 file sizes:`);
  for (const mode of MODES) {
    const n = labelsOf(mode).length;
    console.log(
      `    ${mode.padEnd(14)} accuracy ${(acc(mode) * 100).toFixed(2)}% of ${n} (float ${(accuracy(floatOn(mode), labelsOf(mode)) * 100).toFixed(2)}%)  ` +
        `size ${String(size(mode)).padStart(7)} bytes (${((size(mode) / size('float')) * 100).toFixed(1)}% of float)  ` +
        `same prediction as float on ${(agreement(predictions.get(mode)!, floatOn(mode)) * 100).toFixed(2)}%`,
    );
  }
  assert.equal(evalDigits.labels.length, 9500);
  assert.ok(acc('float') > 0.98, `float accuracy ${acc('float')}`);
  assert.ok(Math.abs(acc('int8') - acc('float')) <= 0.003, `int8 ${acc('int8')} vs float ${acc('float')}`);
  assert.ok(size('int8') <= 0.3 * size('float'), `int8 ${size('int8')} bytes vs float ${size('float')}`);
  // The weight-only variants barely move the function and shrink the file (float16 about 2x, dynamic-range 4x).
  for (const mode of ['dynamic-range', 'float16'] as const) {
    const floatAcc = accuracy(floatOn(mode), labelsOf(mode));
    assert.ok(Math.abs(acc(mode) - floatAcc) <= 0.003, `${mode} ${acc(mode)} vs float ${floatAcc}`);
    assert.ok(agreement(predictions.get(mode)!, floatOn(mode)) >= 0.995, `${mode} agrees with float`);
  }
  assert.ok(size('float16') < 0.55 * size('float'), `float16 is ${size('float16')} bytes`);
  assert.ok(size('dynamic-range') < 0.3 * size('float'), `dynamic-range is ${size('dynamic-range')} bytes`);
});

test('calibration and quantization summaries describe what was done', { skip }, async () => {
  const { ctx } = await mnistQuantized('mode=int8');
  const cal = ctx.get(CalibrationSummaryKey)!;
  assert.equal(cal.method, 'minmax');
  assert.match(cal.data, /MNIST digits/);
  assert.equal(cal.missing, 0);
  assert.ok(cal.fixed >= 1, 'softmax has a fixed range');
  const q = ctx.get(QuantizeSummaryKey)!;
  assert.equal(q.mode, 'int8');
  assert.equal(q.quantizedOps, 9);
  assert.deepEqual(q.floatFallback, []);
  assert.deepEqual(q.inserted, { quantize: 1, requantize: 0, dequantize: 1 });
  assert.ok(q.weightBytes.after < 0.3 * q.weightBytes.before, `weights ${q.weightBytes.before} → ${q.weightBytes.after}`);
});
