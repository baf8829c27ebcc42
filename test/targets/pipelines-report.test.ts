// Goldens for each target's default pipeline strings and for the text and JSON placement reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passRegistry } from '../../passes/index.js';
import { parsePipelineSyntax } from '../../src/pass/pipeline.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import { importTfliteFile } from '../../src/importers/tflite/import.js';
import { TARGET_NAMES, analyzeForTarget, defaultPipeline, defaultQuantize, formatPlacementJson, formatPlacementText, getTarget, type QuantizeMode } from '../../targets/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { expectGolden } from './golden-file.js';
import { floatCnn, floatIoAroundInt8, floatSqueezeSplit, hardSwishInTheMiddle } from './graphs.js';

const MODES: readonly QuantizeMode[] = ['none', 'int8', 'dynamic-range', 'float16'];
/** Passes other engineers are writing now; the pipelines name them already. */
const PENDING_PASSES = new Set(['legalize-tf', 'calibrate', 'quantize']);

test('default pipelines and quantization per target (golden)', () => {
  const lines: string[] = [];
  for (const t of TARGET_NAMES) {
    lines.push(`${t}: default quantize without data=${defaultQuantize(t, false)}, with calibration data=${defaultQuantize(t, true)}`);
    for (const q of MODES) lines.push(`${t} --quantize ${q}: ${defaultPipeline(t, q, true)}`);
  }
  expectGolden('pipelines.txt', lines.join('\n') + '\n');
});

test('every pipeline parses and names only registered (or pending) passes', () => {
  for (const t of TARGET_NAMES) {
    for (const q of MODES) {
      for (const data of [false, true]) {
        const items = parsePipelineSyntax(defaultPipeline(t, q, data));
        for (const it of items) assert.ok(passRegistry.get(it.name) !== undefined || PENDING_PASSES.has(it.name), `${t}/${q}: unknown pass '${it.name}'`);
      }
    }
  }
  assert.equal(defaultPipeline('gpu', 'float16', false).split(',').at(-1), 'quantize{mode=float16}', 'gpu ends with float16 weights');
  assert.ok(!defaultPipeline('gpu', 'none', false).includes('quantize'), 'float32 GPU pipeline has no quantize');
  assert.match(defaultPipeline('edgetpu', 'int8', true), /,calibrate,quantize\{mode=int8 input-type=uint8 output-type=uint8\}$/, 'edgetpu: uint8 model I/O');
  assert.match(defaultPipeline('cpu', 'int8', true, 500), /,calibrate\{samples=500\},quantize\{mode=int8\}$/, '--samples reaches calibrate');
});

test('an unknown target is a user error naming the known ones', () => {
  assert.throws(() => getTarget('tpu'), (e: unknown) => e instanceof LitecError && /unknown target 'tpu' \(known targets: cpu, gpu, edgetpu\)/.test(e.message) && e.diagnostics[0]?.code === 'LC6001');
});

test('report goldens: Edge TPU blocker, float I/O, GPU partitions, CPU (text and JSON)', () => {
  const cases = [
    ['edgetpu-hard-swish', hardSwishInTheMiddle(), 'edgetpu'],
    ['edgetpu-float-io', floatIoAroundInt8(), 'edgetpu'],
    ['edgetpu-float-cnn', floatCnn(), 'edgetpu'],
    ['gpu-squeeze-split', floatSqueezeSplit(), 'gpu'],
    ['cpu-float-cnn', floatCnn(), 'cpu'],
  ] as const;
  for (const [name, m, target] of cases) {
    const { report } = analyzeForTarget(m, target);
    expectGolden(`${name}.txt`, formatPlacementText(report));
    expectGolden(`${name}.json`, formatPlacementJson(report));
  }
});

test('JSON report has the documented top-level fields', () => {
  const json = JSON.parse(formatPlacementJson(analyzeForTarget(hardSwishInTheMiddle(), 'edgetpu').report)) as Record<string, unknown>;
  for (const k of ['target', 'verdict', 'mapped', 'total', 'ops', 'totals', 'first_blocker', 'cpu_ops', 'param_cache', 'suggestions']) assert.ok(k in json, `missing ${k}`);
  assert.equal(json['verdict'], 'partial');
  assert.deepEqual(json['first_blocker'], { index: 1, op: 'HARD_SWISH', loc: 'block_1/hard_swish', code: 'ET-OP-UNSUPPORTED', reason: 'HARD_SWISH is not among the ops the Edge TPU compiler maps', fix: 'rebuild with ReLU6 (swish-to-relu6 with to=relu6, not to=hard-swish); the Edge TPU has no HardSwish' });
});

test('report golden: tf2_mobilenet_v2_1.0_224_ptq on the Edge TPU (text)', { skip: skipUnlessShared() }, () => {
  const m = importTfliteFile(sharedModel('tflite/tf2_mobilenet_v2_1.0_224_ptq.tflite'));
  expectGolden('edgetpu-tf2-mobilenet-v2.txt', formatPlacementText(analyzeForTarget(m, 'edgetpu').report));
});
