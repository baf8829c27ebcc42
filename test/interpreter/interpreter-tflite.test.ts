// The float interpreter against the real TFLite runtime on real .tflite files (imported to the tfl dialect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importTfliteFile } from '../../src/importers/tflite/import.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { Interpreter, initBackend } from '../../src/interpreter/index.js';
import { decodeBmp24, resizeBilinear } from '../runtime/bmp-image.js';
import { randomInputs } from '../runtime/random-inputs.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { assertClose } from './float-helpers.js';

const skip = skipUnlessShared();
if (!skip) await initBackend();

async function both(file: string): Promise<{ rt: TfliteRuntime; it: Interpreter; done: () => void }> {
  const path = sharedModel(`tflite/${file}`);
  const rt = await TfliteRuntime.load(readFileSync(path), { file });
  const it = await Interpreter.create(importTfliteFile(path));
  return { rt, it, done: () => (rt.dispose(), it.dispose()) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const argmax = (v: ArrayLike<number>): number => {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[k]!) k = i;
  return k;
};

test('float models: the interpreter matches the TFLite runtime to float precision', { skip }, async () => {
  for (const file of ['hello_world_float.tflite', 'tfserving_half_plus_two.tflite', 'tfserving_half_plus_two_with_sigdef.tflite']) {
    const { rt, it, done } = await both(file);
    try {
      for (const seed of [1, 2, 3]) {
        const inputs = randomInputs(rt.inputs(), seed);
        const want = rt.run(inputs);
        const got = await it.run(inputs);
        assert.equal(got.length, want.length, file);
        got.forEach((g, i) => {
          assert.deepEqual(g.shape, rt.outputs()[i]!.shape, `${file} output ${i} shape`);
          assertClose(g.data as Float32Array, want[i] as Float32Array, 1e-6, `${file} output ${i}`);
        });
      }
    } finally {
      done();
    }
  }
});

test('int8 models simulated in float (dequantize → float kernel → quantize) stay within 1 LSB', { skip }, async () => {
  for (const file of ['hello_world_int8.tflite', 'simple_add_model.tflite']) {
    const { rt, it, done } = await both(file);
    try {
      const inputs = randomInputs(rt.inputs(), 7);
      const want = rt.run(inputs);
      const [got] = await it.run(inputs);
      assert.equal(got!.data.constructor, want[0]!.constructor, `${file}: storage type`);
      assert.ok(maxAbsDiff(got!.data as Int8Array, want[0] as Int8Array) <= 1, file);
    } finally {
      done();
    }
  }
});

test('a full-integer MobileNetV2 simulated in float: same top-1 on grace_hopper as the runtime, a few LSB apart', { skip }, async () => {
  const image = resizeBilinear(decodeBmp24(new Uint8Array(readFileSync(sharedModel('images/grace_hopper.bmp')))), 224);
  const { rt, it, done } = await both('tf2_mobilenet_v2_1.0_224_ptq.tflite');
  try {
    const want = rt.run([image])[0] as Uint8Array;
    const [got] = await it.run([image]);
    assert.ok(got!.data instanceof Uint8Array);
    assert.equal(argmax(want), 653);
    assert.equal(argmax(got!.data as Uint8Array), 653, 'military uniform');
    const diff = maxAbsDiff(got!.data as Uint8Array, want);
    assert.ok(diff <= 8, `max difference ${diff} LSB`);
  } finally {
    done();
  }
});
