// `litec run` on real models: .npy and image inputs, both runtimes, labels from a file or packed in the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy, readNpy } from '../../src/interpreter/npy.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { assertUserError, litec, scratchDir } from './cli-harness.js';

const skip = skipUnlessShared();
const dir = scratchDir('run-ok');
const IMAGES = sharedModel('images');
const LABELS = join(IMAGES, 'imagenet_labels.txt');

/** The "index score label" rows under an output's header line. */
function rows(stdout: string): { index: number; score: number; label: string }[] {
  return stdout
    .split('\n')
    .filter((l) => /^\s+\d+\s+[\d.]+/.test(l))
    .map((l) => {
      const m = /^\s+(\d+)\s+([\d.]+)\s*(.*)$/.exec(l)!;
      return { index: Number(m[1]), score: Number(m[2]), label: m[3]! };
    });
}

test('an image into the official quantized MobileNetV2 (uint8 input): Grace Hopper is a military uniform, in both runtimes', { skip }, async () => {
  const model = sharedModel('tflite/mobilenet_v2_1.0_224_quant.tflite');
  const args = ['run', model, '--input', join(IMAGES, 'grace_hopper.bmp'), '--labels', LABELS, '--top', '3'];
  const rt = await litec(...args);
  assert.equal(rt.code, 0, rt.stderr);
  const top = rows(rt.stdout);
  assert.equal(top.length, 3);
  assert.equal(top[0]!.index, 653);
  assert.match(top[0]!.label, /military uniform/);
  assert.ok(top[0]!.score > 0.5, rt.stdout);
  // litec's integer interpreter (TFLite arithmetic) gives the same ranking and scores.
  const interp = await litec(...args, '--runtime', 'interpreter');
  assert.equal(interp.code, 0, interp.stderr);
  assert.deepEqual(rows(interp.stdout), top);
  // -o writes the dequantized scores of the first output.
  const out = join(dir, 'hopper-out.npy');
  assert.equal((await litec(...args, '-o', out)).code, 0);
  const probs = await readNpy(out);
  assert.deepEqual(probs.shape, [1, 1001]);
  assert.ok(Math.abs((probs.data as Float32Array)[653]! - top[0]!.score) < 1e-5);
});

test('labels packed in a Model Maker .tflite name the classes when --labels is not given', { skip }, async () => {
  const model = sharedModel('tflite/efficientnet_lite0_int8_9class.tflite');
  const r = await litec('run', model, '--input', join(IMAGES, 'bird.bmp'), '--top', '9');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /class names from labels\.txt packed in the model/);
  const top = rows(r.stdout);
  assert.equal(top.length, 9);
  assert.deepEqual(new Set(top.map((t) => t.index)), new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]));
  assert.ok(top.every((t) => t.label.length > 0), r.stdout);
  assert.equal(new Set(top.map((t) => t.label)).size, 9, 'nine different names');
  const sum = top.reduce((a, t) => a + t.score, 0);
  assert.ok(Math.abs(sum - 1) < 0.03, `softmax scores sum to ${sum}`);
});

test('a float model: an image is normalized by --mean/--std, else [-1, 1] with a note; .npy gives the same result', { skip }, async () => {
  // mnist_cnn_bn takes [1, 28, 28, 1] floats: a color image becomes gray, 28x28, (x - mean) / std.
  const model = sharedModel('savedmodel/mnist_cnn_bn');
  const img = join(IMAGES, 'owl.jpg');
  const plain = await litec('run', model, '--input', img, '--input-shape', '1,28,28,1');
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /owl\.jpg: the model has no normalization metadata.*127\.5/);
  const scaled = await litec('run', model, '--input', img, '--input-shape', '1,28,28,1', '--mean', '0', '--std', '255', '-o', join(dir, 'owl-out.npy'));
  assert.equal(scaled.code, 0, scaled.stderr);
  assert.doesNotMatch(scaled.stderr, /note/);
  assert.notDeepEqual(rows(scaled.stdout), rows(plain.stdout));
  // The same pixels given as .npy (written by hand from a 1x1 gray image) show the fitting is only resize + map:
  const gray = join(dir, 'gray.bmp');
  writeFileSync(gray, bmp24(1, 1, [200, 100, 50]));
  const fromImage = await litec('run', model, '--input', gray, '--input-shape', '1,28,28,1', '--mean', '0', '--std', '255');
  const v = (0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255;
  const arr = join(dir, 'gray.npy');
  writeFileSync(arr, encodeNpy({ dtype: 'float32', shape: [1, 28, 28, 1], data: new Float32Array(784).fill(v) }));
  const fromNpy = await litec('run', model, '--input', arr, '--input-shape', '1,28,28,1');
  assert.equal(fromImage.code, 0, fromImage.stderr);
  assert.deepEqual(rows(fromImage.stdout).map((r) => r.index), rows(fromNpy.stdout).map((r) => r.index));
  const a = rows(fromImage.stdout).map((r) => r.score);
  const b = rows(fromNpy.stdout).map((r) => r.score);
  a.forEach((s, i) => assert.ok(Math.abs(s - b[i]!) < 1e-4, `${s} vs ${b[i]}`));
});

test('images that cannot feed the model: a non-image input shape, a corrupt image, bad --mean', { skip }, async () => {
  const img = join(IMAGES, 'cat.bmp');
  assertUserError(await litec('run', sharedModel('tflite/hello_world_float.tflite'), '--input', img), { code: 'LC2009', mentions: [img, 'not an image'] });
  const broken = join(dir, 'broken.jpg');
  writeFileSync(broken, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
  assertUserError(await litec('run', sharedModel('tflite/mobilenet_v2_1.0_224_quant.tflite'), '--input', broken), { mentions: [broken] });
  assertUserError(await litec('run', sharedModel('savedmodel/mnist_cnn_bn'), '--input', img, '--mean', 'x'), { code: 'LC1001', mentions: ['--mean'] });
});

/** A 24-bit bottom-up BMP of one color. */
function bmp24(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const row = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + row * height;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b[0] = 0x42;
  b[1] = 0x4d;
  dv.setUint32(2, size, true);
  dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, width, true);
  dv.setInt32(22, height, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 24, true);
  dv.setUint32(34, row * height, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 54 + y * row + x * 3;
      b[o] = rgb[2];
      b[o + 1] = rgb[1];
      b[o + 2] = rgb[0];
    }
  }
  return b;
}
