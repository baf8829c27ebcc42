// `--calibration-data` that cannot be used: empty folder, corrupt JPEG, mixed folder; one line naming the file, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '../../src/interpreter/npy.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { assertNoOutput, assertUserError, copyShared, litec, scratchDir, type UserErrorExpectation } from './cli-harness.js';

const skip = skipUnlessShared();
const root = scratchDir('calib');
/** A real image model small enough to import quickly: input float[-1,28,28,1]. */
const MNIST = sharedModel('savedmodel/mnist_cnn_bn');

async function calibrationFails(model: string, data: string, want: UserErrorExpectation): Promise<void> {
  const out = mkdtempSync(join(root, 'out-'));
  const r = await litec('compile', model, '-o', join(out, 'q.tflite'), '--quantize', 'int8', '--calibration-data', data, '--quiet');
  assertUserError(r, want);
  assert.equal(r.stdout, '');
  assertNoOutput(out, 'q.tflite');
}

test('an empty folder says it has no images or .npy files', { skip }, async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  await calibrationFails(MNIST, empty, { code: 'LC5002', mentions: [empty, 'no images', '.npy'] });
});

test('a corrupt JPEG is named (in a folder, and given directly)', { skip }, async () => {
  const folder = join(root, 'jpegs');
  mkdirSync(folder);
  copyShared('images/owl.jpg', folder);
  const bytes = readFileSync(sharedModel('images/parrot.jpg'));
  const cut = join(folder, 'parrot-cut.jpg');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 3)));
  await calibrationFails(MNIST, folder, { code: 'LC2009', mentions: [cut, 'JPEG'] });
  const noise = join(root, 'noise.jpg');
  writeFileSync(noise, Uint8Array.from([0xff, 0xd8, 0xff, ...Array.from({ length: 2000 }, (_, i) => (i * 89 + 3) % 256)]));
  await calibrationFails(MNIST, noise, { code: 'LC2009', mentions: [noise, 'JPEG'] });
});

test('a folder mixing images and .npy files', { skip }, async () => {
  const mixed = join(root, 'mixed');
  mkdirSync(mixed);
  copyShared('images/parrot.jpg', mixed);
  writeFileSync(join(mixed, 'x.npy'), encodeNpy({ dtype: 'float32', shape: [28, 28, 1], data: new Float32Array(784) }));
  await calibrationFails(MNIST, mixed, { code: 'LC2009', mentions: [mixed, 'mixes images (1) and .npy files (1)'] });
});

test('.npy samples of the wrong shape name the file and both shapes', { skip }, async () => {
  const arrays = join(root, 'arrays');
  mkdirSync(arrays);
  const bad = join(arrays, 'b.npy');
  writeFileSync(join(arrays, 'a.npy'), encodeNpy({ dtype: 'float32', shape: [28, 28, 1], data: new Float32Array(784) }));
  writeFileSync(bad, encodeNpy({ dtype: 'float32', shape: [28, 28, 3], data: new Float32Array(784 * 3) }));
  await calibrationFails(MNIST, arrays, { code: 'LC2008', mentions: [bad, '[28,28,3]', 'model input [28,28,1]'] });
});

test('images for a model whose input is not an image name the data folder', { skip }, async () => {
  const photos = join(root, 'photos');
  mkdirSync(photos);
  copyShared('images/owl.jpg', photos);
  await calibrationFails(sharedModel('tflite/hello_world_float.tflite'), photos, { mentions: [photos, '[-1,1]', '.npy'] });
});

test('a data path that does not exist (and is not a keyword)', { skip }, async () => {
  const absent = join(root, 'no-such-data');
  await calibrationFails(MNIST, absent, { code: 'LC1002', mentions: [absent, 'mnist', 'synthetic'] });
});
