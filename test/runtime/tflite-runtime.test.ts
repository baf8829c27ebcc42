// The real TFLite runtime (tfjs-tflite WASM) in Node: known answers, rewritten models give bit-identical
// outputs, the runtime's rejections become LitecErrors, and it loads in a fresh process without network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { TensorType, readTfliteModel, writeTfliteModel } from '../../src/emitters/tflite/schema/index.js';
import { TfliteRuntime, type TypedArray } from '../../src/runtime/tflite-runtime.js';
import { randomInputs } from './random-inputs.js';
import { decodeBmp24, resizeBilinear } from './bmp-image.js';

const skip = skipUnlessShared();

function load(file: string): Uint8Array {
  const b = readFileSync(sharedModel(`tflite/${file}`));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function litecCode(e: unknown): string {
  if (!isLitecError(e)) throw e;
  return e.diagnostics[0]?.code ?? '';
}

const DTYPE_OF: Record<number, string> = {
  [TensorType.FLOAT32]: 'float32', [TensorType.UINT8]: 'uint8', [TensorType.INT8]: 'int8', [TensorType.INT32]: 'int32',
};

const FILES = [
  'mobilenet_v2_1.0_224_quant.tflite',
  'tf2_mobilenet_v2_1.0_224_ptq.tflite',
  'efficientnet_lite0_int8_9class.tflite',
  'hello_world_float.tflite',
  'hello_world_int8.tflite',
  'simple_add_model.tflite',
  'tfserving_half_plus_two.tflite',
  'tfserving_half_plus_two_with_sigdef.tflite',
];

for (const file of FILES) {
  test(`${file}: original and read → write copy give bit-identical outputs in the real runtime`, { skip }, async (t) => {
    const original = load(file);
    const rewritten = writeTfliteModel(readTfliteModel(original, file));
    const t0 = performance.now();
    const a = await TfliteRuntime.load(original, { file });
    const loadMs = performance.now() - t0;
    const b = await TfliteRuntime.load(rewritten, { file: `${file} (rewritten)` });
    try {
      // The runtime's view of the I/O agrees with the reader's.
      const m = readTfliteModel(original, file);
      const sg = m.subgraphs[0];
      assert.ok(sg);
      assert.deepEqual(a.inputs().map((i) => i.index), sg.inputs);
      assert.deepEqual(a.outputs().map((o) => o.index), sg.outputs);
      for (const info of [...a.inputs(), ...a.outputs()]) {
        const tensor: (typeof sg.tensors)[number] | undefined = sg.tensors[info.index];
        assert.ok(tensor);
        assert.equal(info.name, tensor.name);
        assert.deepEqual(info.shape, tensor.shape);
        assert.equal(info.dtype, DTYPE_OF[tensor.type]);
        assert.equal(info.scale, tensor.quantization?.scale[0] ?? 0);
        assert.equal(info.zeroPoint, tensor.quantization?.zeroPoint[0] ?? 0);
      }
      assert.deepEqual(a.log, [], 'nothing but the (filtered) XNNPACK notice is printed');
      assert.deepEqual(b.inputs(), a.inputs());
      assert.deepEqual(b.outputs(), a.outputs());
      let runMs = 0;
      for (const seed of [1, 2]) {
        const inputs = randomInputs(a.inputs(), seed);
        const t1 = performance.now();
        const outA = a.run(inputs);
        runMs = performance.now() - t1;
        const outB = b.run(inputs);
        assert.equal(outA.length, a.outputs().length);
        outA.forEach((o, k) => {
          assert.equal(o.constructor, outB[k]?.constructor);
          assert.deepEqual(bytesOf(outB[k] as TypedArray), bytesOf(o), `output ${k} differs (seed ${seed})`);
        });
      }
      t.diagnostic(`${file}: load ${loadMs.toFixed(0)} ms, run ${runMs.toFixed(1)} ms`);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
}

test('known answers: half_plus_two computes x/2 + 2, hello_world approximates sin(x)', { skip }, async () => {
  for (const file of ['tfserving_half_plus_two.tflite', 'tfserving_half_plus_two_with_sigdef.tflite']) {
    const rt = await TfliteRuntime.load(load(file), { file });
    for (const x of [0, 1, -3.5, 10, 1234.5]) {
      const [y] = rt.run([new Float32Array([x])]);
      assert.ok(y instanceof Float32Array);
      assert.equal(y[0], x / 2 + 2);
    }
    rt.dispose();
  }
  const hw = await TfliteRuntime.load(load('hello_world_float.tflite'));
  for (const x of [0.5, 1.5, 3, 4.5, 6]) {
    const [y] = hw.run([new Float32Array([x])]);
    assert.ok(Math.abs((y?.[0] ?? NaN) - Math.sin(x)) < 0.2, `sin(${x}) ≈ ${y?.[0]}`);
  }
  hw.dispose();
});

test('ImageNet classifiers: grace_hopper.bmp is "military uniform" (label 653)', { skip }, async () => {
  const image = resizeBilinear(decodeBmp24(new Uint8Array(readFileSync(sharedModel('images/grace_hopper.bmp')))), 224);
  for (const file of ['mobilenet_v2_1.0_224_quant.tflite', 'tf2_mobilenet_v2_1.0_224_ptq.tflite']) {
    const rt = await TfliteRuntime.load(load(file), { file });
    const [input] = rt.inputs();
    assert.equal(input?.dtype, 'uint8');
    assert.deepEqual(input?.shape, [1, 224, 224, 3]);
    const [y] = rt.run([image]);
    assert.ok(y instanceof Uint8Array && y.length === 1001);
    const top = y.indexOf(Math.max(...y));
    assert.equal(top, 653, `${file}: top-1 is ${top}`);
    rt.dispose();
  }
  const rt = await TfliteRuntime.load(load('mobilenet_v2_1.0_224_quant.tflite'));
  assert.deepEqual(rt.inputs()[0], { index: 0, name: 'input', dtype: 'uint8', shape: [1, 224, 224, 3], scale: 1 / 128, zeroPoint: 128 });
  rt.dispose();
});

test('a model the runtime rejects is a LitecError LC7001 with the runtime message', { skip }, async () => {
  await assert.rejects(TfliteRuntime.load(new Uint8Array(64), { file: 'zeros.tflite' }), (e: unknown) => {
    assert.equal(litecCode(e), Codes.RuntimeRejected);
    assert.match(String(e), /^LitecError: zeros\.tflite: error LC7001: the TFLite runtime rejected the model: .*Can't initialize model/);
    return true;
  });
  // A valid flatbuffer with an op code newer than the runtime (TF 2.12) knows.
  const m = readTfliteModel(load('tfserving_half_plus_two.tflite'), 'h');
  const oc = m.operatorCodes[0];
  assert.ok(oc);
  oc.builtinCode = 206; // STABLEHLO_COMPOSITE
  await assert.rejects(TfliteRuntime.load(writeTfliteModel(m), { file: 'new-op.tflite' }), (e: unknown) => {
    assert.equal(litecCode(e), Codes.RuntimeRejected);
    assert.match(String(e), /new-op\.tflite: error LC7001: the TFLite runtime rejected the model: .*Op builtin_code out of range: 206/);
    return true;
  });
});

test('run() checks input count, array class and length; dispose is idempotent', { skip }, async () => {
  const rt = await TfliteRuntime.load(load('simple_add_model.tflite'), { file: 'add.tflite' });
  const n = 128 * 128;
  assert.throws(() => rt.run([new Int8Array(n)]), (e: unknown) => litecCode(e) === Codes.BadInput && /takes 2 input\(s\), got 1/.test(String(e)));
  assert.throws(() => rt.run([new Uint8Array(n), new Int8Array(n)]), (e: unknown) => litecCode(e) === Codes.BadInput && /pass a Int8Array, not a Uint8Array/.test(String(e)));
  assert.throws(() => rt.run([new Int8Array(n), new Int8Array(5)]), (e: unknown) => litecCode(e) === Codes.ShapeMismatch && /takes 16384 elements, got 5/.test(String(e)));
  // Still usable after rejected calls.
  const [y] = rt.run([new Int8Array(n).fill(10), new Int8Array(n).fill(-1)]);
  assert.ok(y instanceof Int8Array && y.length === n);
  // ADD in the quantized domain: real = s*(q - z); both inputs and the output are per-tensor.
  const [ia, ib] = rt.inputs();
  const o = rt.outputs()[0];
  assert.ok(ia && ib && o);
  const want = ia.scale * (10 - ia.zeroPoint) + ib.scale * (-1 - ib.zeroPoint);
  assert.ok(Math.abs(o.scale * ((y[0] ?? 0) - o.zeroPoint) - want) <= o.scale, `${y[0]} vs ${want}`);
  rt.dispose();
  rt.dispose();
  assert.throws(() => rt.run([new Int8Array(n), new Int8Array(n)]), /after dispose/);
});

test('loads and runs in a fresh process with fetch and XHR unavailable', { skip }, () => {
  const runtimeUrl = new URL('../../src/runtime/tflite-runtime.ts', import.meta.url).href;
  const script = `
    globalThis.fetch = () => { throw new Error('network used'); };
    delete globalThis.XMLHttpRequest;
    const { readFileSync } = await import('node:fs');
    const { TfliteRuntime } = await import(${JSON.stringify(runtimeUrl)});
    const rt = await TfliteRuntime.load(new Uint8Array(readFileSync(${JSON.stringify(sharedModel('tflite/tfserving_half_plus_two.tflite'))})));
    const [y] = rt.run([new Float32Array([3])]);
    process.stdout.write('y=' + y[0]);
  `;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'y=3.5');
  // The XNNPACK notice is filtered out; nothing else is printed.
  assert.equal(r.stderr, '');
});
