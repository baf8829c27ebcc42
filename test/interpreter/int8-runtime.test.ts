// The int8 interpreter against the real TFLite runtime on EfficientNet-Lite0 (int8), hello_world and simple_add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { randomInputs } from '../runtime/random-inputs.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { argmax, compareWithRuntime, formatHistogram, sharedImages, type NamedInput } from './int8-support.js';

const skip = skipUnlessShared();

async function randomSets(file: string, seeds: number[]): Promise<NamedInput[]> {
  const rt = await TfliteRuntime.load(new Uint8Array(readFileSync(file)));
  const infos = rt.inputs();
  rt.dispose();
  return seeds.map((seed) => ({ label: `random seed ${seed}`, arrays: randomInputs(infos, seed) as NamedInput['arrays'] }));
}

test('EfficientNet-Lite0 int8 (9 classes): the runtime\'s top-1 is our top-1 on every image; |diff| <= 4', { skip }, async (t) => {
  const file = sharedModel('tflite/efficientnet_lite0_int8_9class.tflite');
  const images: NamedInput[] = sharedImages(224).map((img) => ({ label: img.label, arrays: [img.pixels] }));
  const { hist, rows } = await compareWithRuntime(file, [...images, ...(await randomSets(file, [1]))]);
  for (const r of rows) t.diagnostic(`${r.label}: ours [${r.ours.join(', ')}] runtime [${r.theirs.join(', ')}]`);
  t.diagnostic(`|diff| histogram over ${rows.length} inputs x 9 outputs: ${formatHistogram(hist)}`);
  // The shared photos are far from this model's microscope classes, so its outputs are flat and two classes can
  // tie to the LSB: a 1-LSB difference then picks the other of two equal scores. The runtime's winner must be one of
  // our (possibly tied) maxima.
  for (const r of rows) {
    const top = r.theirs[argmax(r.theirs)]!;
    assert.equal(r.ours[argmax(r.theirs)], r.ours[argmax(r.ours)], `${r.label}: runtime top-1 ${argmax(r.theirs)} (${top}) is not among our maxima`);
  }
  assert.ok(hist.length - 1 <= 4, `max |diff| ${hist.length - 1}`);
});

test('hello_world int8 (fully connected stack): all 256 inputs within 3 LSB of the runtime', { skip }, async (t) => {
  const file = sharedModel('tflite/hello_world_int8.tflite');
  const inputs: NamedInput[] = [];
  for (let v = -128; v <= 127; v++) inputs.push({ label: String(v), arrays: [Int8Array.of(v)] });
  const { hist, rows } = await compareWithRuntime(file, inputs);
  t.diagnostic(`|diff| histogram over 256 inputs: ${formatHistogram(hist)}`);
  assert.equal(rows.length, 256);
  // XNNPACK's fully connected requantizes in float32 (1 LSB per layer at most, see int8-layers); three small layers
  // in a row can carry that to a few LSB on the scalar output.
  assert.ok(hist.length - 1 <= 3, formatHistogram(hist));
  assert.ok(hist[0]! >= 200, formatHistogram(hist));
});

test('simple_add (one int8 ADD with different scales): random inputs within 1 LSB, nearly all exact', { skip }, async (t) => {
  const file = sharedModel('tflite/simple_add_model.tflite');
  const { hist, rows } = await compareWithRuntime(file, await randomSets(file, [1, 2, 3]));
  const total = hist.reduce((a, b) => a + b, 0);
  t.diagnostic(`|diff| histogram over ${rows.length} inputs x ${rows[0]!.ours.length} outputs: ${formatHistogram(hist)}`);
  assert.ok(hist.length <= 2, formatHistogram(hist));
  assert.ok(hist[0]! / total > 0.999, formatHistogram(hist));
});
