// Target verdicts on the real .tflite models in ../shared/models: Coral's Edge TPU models map, float models do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTfliteFile } from '../../src/importers/tflite/import.js';
import type { Module } from '../../src/ir/core.js';
import { analyzeForTarget, type Placement } from '../../targets/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

const skip = skipUnlessShared();
const cache = new Map<string, Module>();
function model(name: string): Module {
  let m = cache.get(name);
  if (m === undefined) cache.set(name, (m = importTfliteFile(sharedModel(`tflite/${name}.tflite`))));
  return m;
}
const place = (name: string, target: string, strict = false): { report: Placement; exitCode: number } => analyzeForTarget(model(name), target, strict);
const rows = (p: Placement): string[] => p.totals.map((r) => `${r.op} ${r.count} ${r.mapped ? 'mapped' : r.status}`);
const noteCodes = (p: Placement): string[] => p.notes.map((n) => n.code);

const CORAL_MODELS = ['mobilenet_v2_1.0_224_quant', 'tf2_mobilenet_v2_1.0_224_ptq', 'efficientnet_lite0_int8_9class'];
const FLOAT_MODELS = ['hello_world_float', 'tfserving_half_plus_two', 'tfserving_half_plus_two_with_sigdef'];

for (const name of CORAL_MODELS) {
  test(`edgetpu: ${name} maps completely (one Edge TPU subgraph, parameters fit on chip)`, { skip }, () => {
    const { report: p, exitCode } = place(name, 'edgetpu');
    assert.equal(p.verdict, 'all-mapped');
    assert.equal(exitCode, 0);
    assert.equal(p.mapped, p.total);
    assert.deepEqual(p.cpu_ops, []);
    assert.equal(p.first_blocker, null);
    assert.ok(p.ops.every((o) => o.mapped && o.code === null && o.violations.length === 0));
    const c = p.param_cache!;
    assert.ok(c.total_bytes > 3_000_000 && c.total_bytes < 4_000_000, `MobileNetV2/EfficientNet-Lite0 int8 parameters are ~3.4 MB, got ${c.total_bytes}`);
    assert.equal(c.off_chip_bytes, 0);
    assert.deepEqual(p.suggestions, []);
  });
}

test('edgetpu: per-op table and parameter bytes of the real models', { skip }, () => {
  const tf2 = place('tf2_mobilenet_v2_1.0_224_ptq', 'edgetpu').report;
  assert.deepEqual(rows(tf2), ['QUANTIZE 2 mapped', 'CONV_2D 36 mapped', 'DEPTHWISE_CONV_2D 17 mapped', 'ADD 10 mapped', 'MEAN 1 mapped', 'RESHAPE 1 mapped', 'SOFTMAX 1 mapped']);
  // Same architecture, uint8 per-tensor vs int8 per-channel: the same int8 weights and int32 biases.
  assert.equal(tf2.param_cache!.total_bytes, 3_543_268);
  assert.equal(place('mobilenet_v2_1.0_224_quant', 'edgetpu').report.param_cache!.total_bytes, 3_543_268);
  const eff = place('efficientnet_lite0_int8_9class', 'edgetpu').report;
  assert.equal(eff.param_cache!.total_bytes, 3_424_582);
  assert.deepEqual(noteCodes(eff), ['ET-DYNAMIC-BATCH', 'ET-COMPILE'], 'Model Maker writes batch -1 in shape_signature: a warning, not a failure');
  assert.deepEqual(noteCodes(tf2), ['ET-COMPILE']);
});

test('edgetpu: hello_world_int8 and simple_add_model map (int8 FULLY_CONNECTED v4 / ADD v2, batch-only dynamic dims)', { skip }, () => {
  const hw = place('hello_world_int8', 'edgetpu').report;
  assert.equal(hw.verdict, 'all-mapped');
  assert.deepEqual(hw.ops.map((o) => `${o.op} v${o.version}`), ['FULLY_CONNECTED v4', 'FULLY_CONNECTED v4', 'FULLY_CONNECTED v4']);
  assert.equal(hw.param_cache!.total_bytes, 420);
  const add = place('simple_add_model', 'edgetpu').report;
  assert.equal(add.verdict, 'all-mapped');
  assert.deepEqual(add.ops.map((o) => `${o.op} v${o.version}`), ['ADD v2']);
  assert.equal(add.param_cache!.total_bytes, 0);
  const dyn = add.notes.find((n) => n.code === 'ET-DYNAMIC-BATCH');
  assert.match(dyn?.text ?? '', /^inputs "[^"]+" \[\?,128,128,1\], "[^"]+" \[\?,128,128,1\] have a dynamic batch dimension/);
});

for (const name of FLOAT_MODELS) {
  test(`edgetpu: float model ${name} is not mapped (ET-NOT-QUANTIZED)`, { skip }, () => {
    const { report: p, exitCode } = place(name, 'edgetpu');
    assert.equal(p.verdict, 'none');
    assert.equal(p.mapped, 0);
    assert.equal(exitCode, 3);
    assert.equal(place(name, 'edgetpu', true).exitCode, 2);
    assert.ok(p.ops.every((o) => !o.mapped && o.code === 'ET-NOT-QUANTIZED'));
    assert.equal(p.first_blocker?.index, 0);
    assert.equal(p.cpu_ops.length, p.total);
    assert.ok(p.totals.every((r) => r.status === 'Operation is working on an unsupported data type'));
    const q = p.suggestions.find((s) => s.id === 'quantize-int8');
    assert.ok(q, 'suggests full-integer quantization');
    assert.equal(q.changes_numerics, true);
    assert.equal(q.pass, 'calibrate,quantize{mode=int8}');
    assert.deepEqual(q.ops, p.ops.map((o) => o.index));
  });
}

test('gpu: every real model maps; quantized ones get the dequantization note, float16 advice for float weights', { skip }, () => {
  for (const name of [...CORAL_MODELS, ...FLOAT_MODELS, 'hello_world_int8', 'simple_add_model']) {
    const p = place(name, 'gpu').report;
    assert.equal(p.verdict, 'all-mapped', `${name} on gpu`);
  }
  assert.ok(noteCodes(place('tf2_mobilenet_v2_1.0_224_ptq', 'gpu').report).includes('GPU-QUANTIZED'));
  const hw = place('hello_world_float', 'gpu').report;
  assert.deepEqual(hw.suggestions.map((s) => s.id), ['quantize-float16']);
  // 1001 classes: 1001 % 4 = 1, so the logits' last slice is 3/4 padding.
  const mv2 = place('mobilenet_v2_1.0_224_quant', 'gpu').report;
  assert.match(mv2.notes.find((n) => n.code === 'GPU-CHANNELS')?.text ?? '', /C=3 25%/);
});

test('cpu: every real model runs on builtin kernels; XNNPACK gaps are notes, not failures', { skip }, () => {
  for (const name of [...CORAL_MODELS, ...FLOAT_MODELS, 'hello_world_int8', 'simple_add_model']) {
    const { report: p, exitCode } = place(name, 'cpu');
    assert.equal(p.verdict, 'all-mapped', `${name} on cpu`);
    assert.equal(exitCode, 0);
  }
  const mv2 = place('mobilenet_v2_1.0_224_quant', 'cpu').report;
  assert.match(mv2.notes.find((n) => n.code === 'CPU-XNNPACK')?.text ?? '', /AVERAGE_POOL_2D x1, SOFTMAX x1/);
  assert.ok(noteCodes(mv2).includes('CPU-XNNPACK-UINT8'));
  const eff = place('efficientnet_lite0_int8_9class', 'cpu').report;
  assert.match(eff.notes.find((n) => n.code === 'CPU-XNNPACK')?.text ?? '', /XNNPACK does not take SOFTMAX x1;/);
  assert.match(eff.notes.find((n) => n.code === 'CPU-RUNTIME')?.text ?? '', /TensorFlow Lite 1\.14\.0/);
  assert.deepEqual(noteCodes(place('hello_world_float', 'cpu').report), ['CPU-RUNTIME']);
});
