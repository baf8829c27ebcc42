// Reader and writer against the real .tflite files in ../shared/models/tflite: contents, round trips, sizes, speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import {
  TensorType,
  builtinOperatorName,
  readTfliteModel,
  writeTfliteModel,
  type TfliteModel,
} from '../../src/emitters/tflite/schema/index.js';

interface Expect {
  file: string;
  ops: Record<string, number>;
  inputs: { type: number; shape: number[] }[];
  outputs: { type: number; shape: number[] }[];
  metadata: string[];
  description: string;
}

const T = TensorType;
const MODELS: Expect[] = [
  {
    file: 'mobilenet_v2_1.0_224_quant.tflite',
    ops: { CONV_2D: 36, DEPTHWISE_CONV_2D: 17, ADD: 10, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1 },
    inputs: [{ type: T.UINT8, shape: [1, 224, 224, 3] }],
    outputs: [{ type: T.UINT8, shape: [1, 1001] }],
    metadata: ['min_runtime_version', 'TFLITE_METADATA'],
    description: 'MLIR Converted.',
  },
  {
    file: 'tf2_mobilenet_v2_1.0_224_ptq.tflite',
    ops: { QUANTIZE: 2, CONV_2D: 36, DEPTHWISE_CONV_2D: 17, ADD: 10, MEAN: 1, RESHAPE: 1, SOFTMAX: 1 },
    inputs: [{ type: T.UINT8, shape: [1, 224, 224, 3] }],
    outputs: [{ type: T.UINT8, shape: [1, 1001] }],
    metadata: ['min_runtime_version', 'TFLITE_METADATA'],
    description: 'MLIR Converted.',
  },
  {
    file: 'efficientnet_lite0_int8_9class.tflite',
    ops: { QUANTIZE: 2, MUL: 1, ADD: 10, CONV_2D: 33, DEPTHWISE_CONV_2D: 16, MEAN: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 },
    inputs: [{ type: T.UINT8, shape: [1, 224, 224, 3] }],
    outputs: [{ type: T.UINT8, shape: [1, 9] }],
    metadata: ['min_runtime_version', 'TFLITE_METADATA'],
    description: 'MLIR Converted.',
  },
  {
    file: 'hello_world_float.tflite',
    ops: { FULLY_CONNECTED: 3 },
    inputs: [{ type: T.FLOAT32, shape: [1, 1] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1] }],
    metadata: ['min_runtime_version', 'CONVERSION_METADATA'],
    description: 'MLIR Converted.',
  },
  {
    file: 'hello_world_int8.tflite',
    ops: { FULLY_CONNECTED: 3 },
    inputs: [{ type: T.INT8, shape: [1, 1] }],
    outputs: [{ type: T.INT8, shape: [1, 1] }],
    metadata: ['min_runtime_version', 'CONVERSION_METADATA'],
    description: 'MLIR Converted.',
  },
  {
    file: 'simple_add_model.tflite',
    ops: { ADD: 1 },
    inputs: [{ type: T.INT8, shape: [1, 128, 128, 1] }, { type: T.INT8, shape: [1, 128, 128, 1] }],
    outputs: [{ type: T.INT8, shape: [1, 128, 128, 1] }],
    metadata: ['min_runtime_version'],
    description: 'MLIR Converted.',
  },
  {
    file: 'tfserving_half_plus_two.tflite',
    ops: { MUL: 1, ADD: 1 },
    inputs: [{ type: T.FLOAT32, shape: [1, 1] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1] }],
    metadata: ['min_runtime_version'],
    description: 'TOCO Converted.',
  },
  {
    file: 'tfserving_half_plus_two_with_sigdef.tflite',
    ops: { MUL: 1, ADD: 1 },
    inputs: [{ type: T.FLOAT32, shape: [1, 1] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1] }],
    metadata: ['min_runtime_version', 'signature_defs_metadata'],
    description: 'MLIR Converted.',
  },
];

/** Reads a shared model as a plain Uint8Array (not a Node Buffer). */
function load(file: string): Uint8Array {
  const b = readFileSync(sharedModel(`tflite/${file}`));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function opHistogram(m: TfliteModel): Record<string, number> {
  const h: Record<string, number> = {};
  for (const sg of m.subgraphs) {
    for (const op of sg.operators) {
      const name = builtinOperatorName(m.operatorCodes[op.opcodeIndex]?.builtinCode ?? -1);
      h[name] = (h[name] ?? 0) + 1;
    }
  }
  return h;
}

const skip = skipUnlessShared();

for (const ex of MODELS) {
  test(`${ex.file}: object model (ops, I/O, metadata) and read → write → read round trip`, { skip }, (t) => {
    const bytes = load(ex.file);
    const m = readTfliteModel(bytes, ex.file);
    assert.equal(m.version, 3);
    assert.equal(m.description, ex.description);
    assert.deepEqual(opHistogram(m), ex.ops);
    const sg = m.subgraphs[0];
    assert.ok(sg);
    assert.deepEqual(sg.inputs.map((i) => ({ type: sg.tensors[i]?.type, shape: sg.tensors[i]?.shape })), ex.inputs);
    assert.deepEqual(sg.outputs.map((i) => ({ type: sg.tensors[i]?.type, shape: sg.tensors[i]?.shape })), ex.outputs);
    assert.deepEqual(m.metadata.map((md) => md.name), ex.metadata);
    assert.equal(m.buffers[0]?.data.length, 0, 'buffer 0 is the empty sentinel');
    // Buffer data are zero-copy views into the file.
    const withData = m.buffers.filter((b) => b.data.length > 0);
    assert.ok(withData.length > 0);
    for (const b of withData) assert.equal(b.data.buffer, bytes.buffer);

    const written = writeTfliteModel(m);
    assert.equal(new TextDecoder().decode(written.subarray(4, 8)), 'TFL3');
    const again = readTfliteModel(written, `${ex.file} (rewritten)`);
    assert.deepStrictEqual(again, m);
    // Deterministic: writing the re-read model gives the same bytes.
    assert.deepStrictEqual(writeTfliteModel(again), written);
    // Every data buffer starts on a 16-byte boundary of the file.
    for (const b of again.buffers) if (b.data.length > 0) assert.equal((b.data.byteOffset - written.byteOffset) % 16, 0);
    // Size: within 1%, or (tiny files) within the 16-byte alignment padding the writer adds per buffer.
    const delta = written.length - bytes.length;
    const slack = Math.max(0.01 * bytes.length, 16 * withData.length);
    t.diagnostic(`${ex.file}: ${bytes.length} → ${written.length} bytes (${((100 * delta) / bytes.length).toFixed(2)}%)`);
    assert.ok(Math.abs(delta) <= slack, `size ${bytes.length} → ${written.length}`);
  });
}

test('quantization details of the real models', { skip }, () => {
  const old = readTfliteModel(load('mobilenet_v2_1.0_224_quant.tflite'), 'mnv2');
  const inQ = old.subgraphs[0]?.tensors[old.subgraphs[0].inputs[0] ?? -1]?.quantization;
  assert.deepEqual(inQ?.scale, [1 / 128]);
  assert.deepEqual(inQ?.zeroPoint, [128]);

  const ptq = readTfliteModel(load('tf2_mobilenet_v2_1.0_224_ptq.tflite'), 'ptq');
  const tensors = ptq.subgraphs[0]?.tensors ?? [];
  const perChannel = tensors.filter((t) => (t.quantization?.scale.length ?? 0) > 1);
  // 36 CONV_2D + 17 DEPTHWISE_CONV_2D weights (int8) and their biases (int32).
  assert.equal(perChannel.filter((t) => t.type === TensorType.INT8).length, 53);
  assert.equal(perChannel.filter((t) => t.type === TensorType.INT32).length, 53);
  for (const t of perChannel) {
    const q = t.quantization;
    assert.ok(q);
    assert.equal(q.scale.length, q.zeroPoint.length);
    assert.equal(q.scale.length, t.shape[q.quantizedDimension]);
  }
  // Depthwise weights [1, h, w, c] are quantized along dimension 3, conv weights [o, h, w, i] along 0.
  const dims = new Set(perChannel.filter((t) => t.type === TensorType.INT8).map((t) => t.quantization?.quantizedDimension));
  assert.deepEqual([...dims].sort(), [0, 3]);

  const eff = readTfliteModel(load('efficientnet_lite0_int8_9class.tflite'), 'eff');
  const md = eff.metadata.find((x) => x.name === 'TFLITE_METADATA');
  assert.ok(md, 'TFLITE_METADATA present');
  const mdBytes = eff.buffers[md.buffer]?.data;
  assert.ok(mdBytes && mdBytes.length > 100);
  // The metadata buffer is itself a flatbuffer with identifier "M001".
  assert.equal(new TextDecoder().decode(mdBytes.subarray(4, 8)), 'M001');
});

test('signature defs and op codes', { skip }, () => {
  const hw = readTfliteModel(load('hello_world_float.tflite'), 'hw');
  assert.deepEqual(hw.signatureDefs, [
    { inputs: [{ name: 'dense_input', tensorIndex: 0 }], outputs: [{ name: 'dense_2', tensorIndex: 9 }], signatureKey: 'serving_default', subgraphIndex: 0 },
  ]);
  const add = readTfliteModel(load('simple_add_model.tflite'), 'add');
  assert.deepEqual(add.operatorCodes, [{ builtinCode: 0, deprecatedBuiltinCode: 0, customCode: null, version: 2 }]);
  assert.deepEqual(add.subgraphs[0]?.operators[0]?.builtinOptions, { kind: 'AddOptions', fused_activation_function: 0, pot_scale_int16: true });
  const mnv2 = readTfliteModel(load('mobilenet_v2_1.0_224_quant.tflite'), 'mnv2');
  const first = mnv2.subgraphs[0]?.operators[0]?.builtinOptions;
  assert.deepEqual(first, {
    kind: 'Conv2DOptions', padding: 0, stride_w: 2, stride_h: 2, fused_activation_function: 3,
    dilation_w_factor: 1, dilation_h_factor: 1, quantized_bias_type: 0,
  });
});

test('buffers stored after the flatbuffer (offset/size, the >2 GB layout) read back the same', { skip }, () => {
  const m = readTfliteModel(load('tf2_mobilenet_v2_1.0_224_ptq.tflite'), 'ptq');
  const outside = writeTfliteModel(m, { buffersOutside: true });
  const back = readTfliteModel(outside, 'outside');
  assert.deepStrictEqual(back, m);
  // The data really is outside: all of it sits, in buffer order and 16-byte aligned, after the flatbuffer.
  const starts = back.buffers.filter((b) => b.data.length > 0).map((b) => b.data.byteOffset - outside.byteOffset);
  const dataBytes = m.buffers.reduce((n, b) => n + Math.ceil(b.data.length / 16) * 16, 0);
  assert.equal(outside.length - (starts[0] ?? 0), dataBytes);
  assert.deepEqual([...starts].sort((a, b) => a - b), starts);
  for (const s of starts) assert.equal(s % 16, 0);
});

test('read and write speed on the largest shared model', { skip }, (t) => {
  const files = MODELS.map((e) => e.file);
  const sizes = files.map((f) => load(f).length);
  const largest = files[sizes.indexOf(Math.max(...sizes))] as string;
  const bytes = load(largest);
  let m = readTfliteModel(bytes, largest);
  for (let i = 0; i < 3; i++) writeTfliteModel(readTfliteModel(bytes, largest)); // warm up the JIT
  const n = 10;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) m = readTfliteModel(bytes, largest);
  const readMs = (performance.now() - t0) / n;
  t0 = performance.now();
  for (let i = 0; i < n; i++) writeTfliteModel(m);
  const writeMs = (performance.now() - t0) / n;
  const mb = bytes.length / 1e6;
  t.diagnostic(`${largest} (${mb.toFixed(1)} MB): read ${readMs.toFixed(1)} ms = ${(mb / (readMs / 1000)).toFixed(0)} MB/s, write ${writeMs.toFixed(1)} ms = ${(mb / (writeMs / 1000)).toFixed(0)} MB/s`);
  // Loose floors (shared CI machines vary); they catch per-byte copying, not small regressions.
  assert.ok(mb / (writeMs / 1000) > 40, `write ${writeMs} ms`);
  assert.ok(mb / (readMs / 1000) > 40, `read ${readMs} ms`);
});
