// The MobileNetV2-shaped benchmark graph: well-formed, runs end to end, batches, and agrees across tfjs backends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registry } from '../../dialects/registry.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { Interpreter, initBackend } from '../../src/interpreter/index.js';
import { mobileNetV2Graph } from '../../src/interpreter/testing/mobilenet-v2-graph.js';
import { assertClose, seeded } from './float-helpers.js';

const backend = await initBackend();

function opCounts(g: ReturnType<typeof mobileNetV2Graph>): Map<string, number> {
  const n = new Map<string, number>();
  for (const op of g.module.main().ops()) n.set(op.name, (n.get(op.name) ?? 0) + 1);
  return n;
}

test('the 224x224 graph has MobileNetV2 structure (17 blocks, 35 convs, 17 depthwise, 10 residual adds, ~3.5M params) and verifies', () => {
  const g = mobileNetV2Graph();
  assert.deepEqual(verifyModule(g.module, { registry }).map((d) => d.format()), []);
  const n = opCounts(g);
  assert.equal(g.blocks, 17);
  assert.equal(n.get('tfl.conv_2d'), 1 + 16 + 17 + 1, 'stem, 16 expansions, 17 projections, head');
  assert.equal(n.get('tfl.depthwise_conv_2d'), 17);
  assert.equal(n.get('tfl.add'), 10);
  assert.deepEqual(g.module.main().results()[0]!.type.shape, [1, 1000]);
  assert.ok(g.params > 3.4e6 && g.params < 3.6e6, `${g.params} parameters`);
});

test(`the full-size graph runs: a probability vector; deterministic across runs [${backend.name}]`, async () => {
  const g = mobileNetV2Graph();
  const it = await Interpreter.create(g.module);
  try {
    const x = seeded(224 * 224 * 3, 9, 0, 1);
    const [a] = await it.run([x]);
    const [b] = await it.run([x]);
    assert.deepEqual(a!.shape, [1, 1000]);
    const p = a!.data as Float32Array;
    const sum = p.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `softmax sums to ${sum}`);
    assert.ok(p.every((v) => v > 0 && Number.isFinite(v)));
    assert.deepEqual(b!.data, a!.data);
  } finally {
    it.dispose();
  }
});

test('a batch of 2 gives the same rows as two single runs', async () => {
  const g = mobileNetV2Graph({ inputSize: 96, alpha: 0.5, classes: 20, seed: 3 });
  const it = await Interpreter.create(g.module);
  try {
    const n = 96 * 96 * 3;
    const x1 = seeded(n, 1, 0, 1);
    const x2 = seeded(n, 2, 0, 1);
    const [r1] = await it.run([x1]);
    const [r2] = await it.run([x2]);
    const [rb] = await it.run([Float32Array.from([...x1, ...x2])], { batch: 2 });
    assert.deepEqual(rb!.shape, [2, 20]);
    assertClose(rb!.data as Float32Array, Float32Array.from([...r1!.data, ...r2!.data] as number[]), 1e-5);
  } finally {
    it.dispose();
  }
});

test('the wasm and cpu tfjs backends agree on a reduced graph (1e-5)', { skip: backend.name !== 'wasm' && 'wasm is not available' }, async () => {
  const g = mobileNetV2Graph({ inputSize: 48, alpha: 0.35, classes: 16, seed: 5 });
  const x = seeded(48 * 48 * 3, 4, 0, 1);
  const onWasm = await Interpreter.create(g.module);
  const [w] = await onWasm.run([x]);
  onWasm.dispose();
  try {
    const onCpu = await Interpreter.create(g.module, { backend: 'cpu' });
    assert.equal(onCpu.backend.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    const [c] = await onCpu.run([x]);
    onCpu.dispose();
    assertClose(c!.data as Float32Array, w!.data as Float32Array, 1e-5);
  } finally {
    await initBackend({ backend: 'wasm' });
  }
  assert.equal(tf.getBackend(), 'wasm');
});
