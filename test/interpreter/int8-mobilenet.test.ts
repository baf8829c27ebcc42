// The int8 interpreter against the real TFLite runtime on the two quantized MobileNetV2s and the shared images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { randomInputs } from '../runtime/random-inputs.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { argmax, compareWithRuntime, formatHistogram, sharedImages, type NamedInput } from './int8-support.js';

const skip = skipUnlessShared();
const MILITARY_UNIFORM = 653;

/**
 * Largest |diff| accepted on the uint8 softmax outputs. The runtime runs conv/depthwise/add through XNNPACK, which
 * requantizes in float32: about 0.5-3% of each layer's values land 1 LSB away from TFLite's fixed-point reference
 * (checked per layer below), and a 1-LSB change in a logit moves a peaked softmax output by several LSB.
 */
const MAX_OUTPUT_DIFF = 10;

async function imageNetModel(file: string, t: { diagnostic(msg: string): void }): Promise<void> {
  const path = sharedModel(`tflite/${file}`);
  const labels = readFileSync(sharedModel('images/imagenet_labels.txt'), 'utf8').split('\n');
  const rt = await TfliteRuntime.load(new Uint8Array(readFileSync(path)));
  const random: NamedInput[] = [1].map((seed) => ({ label: `random seed ${seed}`, arrays: randomInputs(rt.inputs(), seed) as NamedInput['arrays'] }));
  rt.dispose();
  const images: NamedInput[] = sharedImages(224).map((img) => ({ label: img.label, arrays: [img.pixels] }));
  const { hist, rows } = await compareWithRuntime(path, [...images, ...random]);
  for (const r of rows) {
    const top = argmax(r.ours);
    t.diagnostic(`${r.label}: top-1 ${top} "${labels[top]}" (ours ${r.ours[top]}, runtime ${r.theirs[argmax(r.theirs)]} for ${argmax(r.theirs)}), max |diff| ${r.maxDiff}`);
  }
  t.diagnostic(`${file}: |diff| histogram over ${rows.length} inputs x 1001 outputs: ${formatHistogram(hist)}`);
  for (const r of rows.slice(0, images.length)) assert.equal(argmax(r.ours), argmax(r.theirs), `${r.label}: top-1 differs from the runtime`);
  const grace = rows.find((r) => r.label === 'grace_hopper.bmp');
  assert.ok(grace, 'grace_hopper.bmp is among the shared images');
  assert.equal(argmax(grace.ours), MILITARY_UNIFORM, `grace_hopper: top-1 "${labels[argmax(grace.ours)]}"`);
  assert.ok(hist.length - 1 <= MAX_OUTPUT_DIFF, `max |diff| ${hist.length - 1} > ${MAX_OUTPUT_DIFF}`);
  // Most outputs must agree exactly (they are ~0 probabilities; a real kernel bug shifts many of them).
  assert.ok(hist[0]! / hist.reduce((a, b) => a + b, 0) > 0.98, `only ${hist[0]} outputs equal`);
}

test('uint8 MobileNetV2 (TOCO, per-tensor): top-1 = runtime on every image, grace_hopper = military uniform', { skip }, async (t) => {
  await imageNetModel('mobilenet_v2_1.0_224_quant.tflite', t);
});

test('int8 MobileNetV2 (TF2 converter, per-channel, uint8 I/O): top-1 = runtime on every image, grace_hopper = military uniform', { skip }, async (t) => {
  await imageNetModel('tf2_mobilenet_v2_1.0_224_ptq.tflite', t);
});
