// `litec run` with bad inputs: wrong shape, unsupported dtype, corrupt .npy, missing --input; one line, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '../../src/interpreter/npy.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { assertUserError, litec, scratchDir } from './cli-harness.js';

const skip = skipUnlessShared();
const dir = scratchDir('run');
const TFLITE = sharedModel('tflite/hello_world_float.tflite');
const SAVED = sharedModel('savedmodel/half_plus_two_tf2');

function npy(name: string, shape: number[], values: number[]): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy({ dtype: 'float32', shape, data: Float32Array.from(values) }));
  return path;
}

/** A .npy with any header text (for dtypes litec's writer does not produce). */
function rawNpy(name: string, header: string, data: Uint8Array): string {
  const path = join(dir, name);
  let h = header;
  while ((10 + h.length + 1) % 64 !== 0) h += ' ';
  h += '\n';
  const bytes = new Uint8Array(10 + h.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  bytes.set(new TextEncoder().encode(h), 10);
  bytes.set(data, 10 + h.length);
  writeFileSync(path, bytes);
  return path;
}

const ONE = npy('one.npy', [1, 1], [0.5]);
const THREE = npy('three.npy', [1, 3], [0.5, 1, 2]);

test('the good input runs (so each failure below is about its own defect)', { skip }, async () => {
  const r = await litec('run', TFLITE, '--input', ONE);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /float32\[1,1\]/);
});

test('wrong input shape names the .npy, its shape and the model input', { skip }, async () => {
  assertUserError(await litec('run', TFLITE, '--input', THREE), { code: 'LC2008', mentions: [THREE, '[1,3]', 'serving_default_dense_input:0', '[1,1]'] });
  assertUserError(await litec('run', SAVED, '--input', THREE), { code: 'LC2008', mentions: [THREE, '[1,3]', "input 'x'"] });
});

test('a .npy of a dtype litec cannot feed (complex64, unicode strings)', { skip }, async () => {
  const c8 = rawNpy('complex.npy', "{'descr': '<c8', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(8));
  assertUserError(await litec('run', TFLITE, '--input', c8), { code: 'LC2009', mentions: [c8, "'<c8'", 'not supported'] });
  const u3 = rawNpy('text.npy', "{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(12));
  assertUserError(await litec('run', SAVED, '--input', u3), { code: 'LC2009', mentions: [u3, "'<U3'"] });
});

test('corrupt .npy files: random bytes, truncated data, a header that lies', { skip }, async () => {
  const junk = join(dir, 'junk.npy');
  writeFileSync(junk, Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256));
  assertUserError(await litec('run', TFLITE, '--input', junk), { code: 'LC2009', mentions: [junk, 'NUMPY'] });
  const good = encodeNpy({ dtype: 'float32', shape: [1, 3], data: new Float32Array(3) });
  const cut = join(dir, 'cut.npy');
  writeFileSync(cut, good.subarray(0, good.length - 3));
  assertUserError(await litec('run', TFLITE, '--input', cut), { code: 'LC2009', mentions: [cut, 'truncated'] });
  const lying = rawNpy('lying.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 7), }", new Uint8Array(4));
  assertUserError(await litec('run', TFLITE, '--input', lying), { code: 'LC2009', mentions: [lying] });
});

test('missing --input, a missing input file, and too many inputs', { skip }, async () => {
  assertUserError(await litec('run', TFLITE), { code: 'LC1001', mentions: ['missing --input'] });
  const absent = join(dir, 'absent.npy');
  assertUserError(await litec('run', TFLITE, '--input', absent), { code: 'LC1002', mentions: [absent] });
  assertUserError(await litec('run', TFLITE, '--input', ONE, '--input', ONE), { code: 'LC2009', mentions: [TFLITE, '1 inputs but 2'] });
});

test('--top must be a positive integer (a negative number is read as its value, not as an option)', { skip }, async () => {
  assertUserError(await litec('run', TFLITE, '--input', ONE, '--top', '-3'), { code: 'LC1001', mentions: ['--top', "'-3'"] });
});

test('a file name with a newline still gives exactly one stderr line', { skip }, async () => {
  const odd = join(dir, 'two\nlines.npy');
  const r = await litec('run', TFLITE, '--input', odd);
  assertUserError(r, { code: 'LC1002', mentions: ['two\\nlines.npy'] }); // the line break is shown escaped
  assert.ok(!existsSync(odd));
});
