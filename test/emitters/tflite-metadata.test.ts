// TFLite metadata: the reader understands Model Maker's real metadata; the writer's output reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildModelMetadata } from '../../src/emitters/tflite/metadata.js';
import { readModelMetadata } from '../../src/emitters/tflite/metadata-reader.js';
import { readTfliteModel } from '../../src/emitters/tflite/schema/reader.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

test('reads the real Model Maker EfficientNet-Lite0 metadata', { skip: skipUnlessShared() }, () => {
  const model = readTfliteModel(readFileSync(sharedModel('tflite/efficientnet_lite0_int8_9class.tflite')), 'effnet');
  const entry = model.metadata.find((m) => m.name === 'TFLITE_METADATA');
  assert.ok(entry, 'TFLITE_METADATA entry present');
  const md = readModelMetadata(model.buffers[entry.buffer]!.data);
  assert.equal(md.inputs.length, 1);
  assert.equal(md.outputs.length, 1);
  // Model Maker's image classifier feeds [0,1] pixels to the hub EfficientNet-Lite: mean 0, std 255.
  assert.deepEqual(md.inputs[0]!.mean, [0]);
  assert.deepEqual(md.inputs[0]!.std, [255]);
  assert.equal(md.outputs[0]!.labelsFiles.length, 1);
  console.log(`# Model Maker metadata: name=${md.name} mean=${String(md.inputs[0]!.mean)} std=${String(md.inputs[0]!.std)} labels=${md.outputs[0]!.labelsFiles.join(',')} parser=${md.minParserVersion}`);
});

test('written metadata reads back', () => {
  const bytes = buildModelMetadata({
    name: 'efficientnet-lite0',
    description: 'ImageNet classifier',
    version: 'v1',
    inputs: [{ name: 'image', mean: [127.5], std: [127.5], image: { width: 224, height: 224, colorSpace: 'RGB' } }],
    outputs: [{ name: 'probability', labelsFile: 'labels.txt' }],
  });
  assert.equal(String.fromCharCode(...bytes.subarray(4, 8)), 'M001');
  const md = readModelMetadata(bytes);
  assert.equal(md.name, 'efficientnet-lite0');
  assert.equal(md.description, 'ImageNet classifier');
  assert.equal(md.version, 'v1');
  assert.deepEqual(md.inputs[0], { name: 'image', mean: [127.5], std: [127.5], labelsFiles: [] });
  assert.deepEqual(md.outputs[0], { name: 'probability', mean: null, std: null, labelsFiles: ['labels.txt'] });
  assert.equal(md.minParserVersion, '1.0.0');
});

test('corrupt metadata is a user error', () => {
  const good = buildModelMetadata({ name: 'x', inputs: [{ name: 'a' }], outputs: [{ name: 'b' }] });
  assert.throws(() => readModelMetadata(good.subarray(0, 6)), LitecError);
  const wrongId = good.slice();
  wrongId[4] = 0x41;
  assert.throws(() => readModelMetadata(wrongId), /file identifier/);
  for (let cut = 8; cut < good.length; cut += 3) {
    try {
      readModelMetadata(good.subarray(0, cut));
    } catch (e) {
      assert.ok(e instanceof LitecError, `truncation at ${cut} threw ${String(e)}`);
    }
  }
});
