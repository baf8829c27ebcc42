// `litec inspect` on every shared TF model, in process through runCli: exit code, format, op counts, I/O, tf.* facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { skipUnlessTfDialect } from './tf-import-registry.js';

const skip = skipUnlessShared() || skipUnlessTfDialect();

interface Report {
  format: string;
  ops: Record<string, number>;
  inputs: { name: string; shape: number[] | null }[];
  outputs: { name: string; shape: number[] | null }[];
  params: number;
  details: Record<string, unknown>;
}

async function inspect(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['inspect', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

async function inspectJson(path: string, extra: string[] = []): Promise<Report> {
  const r = await inspect([path, '--json', ...extra]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Report;
}

const CASES: { rel: string; extra?: string[]; format: string; ops: Record<string, number>; input: [string, (number | null)[]]; output: string; details: Record<string, unknown> }[] = [
  { rel: 'tf1/cifar_cnn_frozen.pb', format: 'graphdef', ops: { 'tf.Conv2D': 3, 'tf.MaxPool': 3, 'tf.MatMul': 2, 'tf.Softmax': 1 }, input: ['conv2d_input', [-1, 32, 32, 3]], output: 'dense_1/Softmax', details: { 'tf.format': 'graphdef' } },
  { rel: 'tf1/mnist_mlp_checkpoint/fc2.ckpt.meta', format: 'checkpoint', ops: { 'tf.MatMul': 3, 'tf.Relu': 2, 'tf.Softmax': 1 }, input: ['input/x', [-1, 784]], output: 'output/sm', details: { 'tf.version': '1.5.0', 'tf.variables': 6 } },
  { rel: 'savedmodel/half_plus_two_tf1', format: 'saved-model', ops: { 'tf.Mul': 1 }, input: ['x', [-1, 1]], output: 'y', details: { 'tf.version': '1.14.0', 'tf.signature': 'serving_default', 'tf.variables': 2 } },
  { rel: 'savedmodel/half_plus_two_tf2', format: 'saved-model', ops: { 'tf.Mul': 1, 'tf.AddV2': 1 }, input: ['x', [1]], output: 'y', details: { 'tf.version': '2.14.0', 'tf.producer': 1569 } },
  { rel: 'savedmodel/mnist_cnn_bn', format: 'saved-model', ops: { 'tf.Conv2D': 3, 'tf.FusedBatchNormV3': 3, 'tf.MaxPool': 2, 'tf.MatMul': 2, 'tf.Softmax': 1 }, input: ['conv2d_input', [-1, 28, 28, 1]], output: 'dense_1', details: { 'tf.variables': 22, 'tf.producer': 1205 } },
  { rel: 'savedmodel/mobilenet_v2_no_weights', extra: ['--allow-missing-weights'], format: 'saved-model', ops: { 'tf.Conv2D': 35, 'tf.DepthwiseConv2dNative': 17, 'tf.Relu6': 35, 'tf.Pad': 4 }, input: ['input_1', [-1, 224, 224, 3]], output: 'predictions', details: { 'litec.synthetic_weights': true, 'tf.variables': 262 } },
];

for (const c of CASES) {
  test(`litec inspect ${c.rel} --json`, { skip }, async () => {
    const r = await inspectJson(sharedModel(c.rel), c.extra);
    assert.equal(r.format, c.format);
    for (const [op, n] of Object.entries(c.ops)) assert.equal(r.ops[op], n, `${op} in ${JSON.stringify(r.ops)}`);
    assert.equal(r.inputs.length, 1);
    assert.equal(r.inputs[0]!.name, c.input[0]);
    assert.deepEqual(r.inputs[0]!.shape, c.input[1]);
    assert.equal(r.outputs[0]!.name, c.output);
    for (const [k, v] of Object.entries(c.details)) assert.equal(r.details[k], v, k);
    assert.ok(r.params > 0);
  });
}

test('litec inspect text output lists the tf.* facts; a missing-weights model without the flag exits 2 in one line', { skip }, async () => {
  const t = await inspect([sharedModel('savedmodel/mnist_cnn_bn')]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /tf\.signature: serving_default/);
  assert.match(t.out, /tf\.outputs_chosen_by: signature serving_default/);
  const bad = await inspect([sharedModel('savedmodel/mobilenet_v2_no_weights')]);
  assert.equal(bad.code, 2);
  assert.equal(bad.err.trim().split('\n').length, 1);
  assert.match(bad.err, /LC2006.*Conv1\/kernel/);
  const sig = await inspect([sharedModel('savedmodel/half_plus_two_tf2'), '--signature', 'nope']);
  assert.equal(sig.code, 2);
  assert.match(sig.err, /LC2007: .*no signature "nope" \(available: .*serving_default\)/);
});
