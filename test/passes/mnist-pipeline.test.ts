// The float rewrite pipeline on the real trained mnist_cnn_bn: batch norms, bias adds and relus all fold away, and
// the predictions on the 10,000 mnist digits match the imported tf graph's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../dialects/registry.js';
import { importModel } from '../../src/importers/load.js';
import { Module } from '../../src/ir/core.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { Interpreter } from '../../src/interpreter/index.js';
import { mnistDigits } from '../../src/interpreter/datasets/mnist.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { cloneModule, opNames, runPipeline } from './pass-check.js';

const PIPELINE = 'legalize-tf,fold-constants,fold-batchnorm,fuse-bias,fuse-activation,dce';
const BATCH = 1000;
const PIXELS = 784;

function histogram(m: Module): Record<string, number> {
  const h: Record<string, number> = {};
  for (const n of opNames(m)) h[n] = (h[n] ?? 0) + 1;
  return h;
}

/** Class probabilities of every digit, running `BATCH` digits at a time through a module declared with batch 1. */
async function probabilities(m: Module, images: Float32Array, count: number): Promise<Float32Array> {
  const it = await Interpreter.create(m);
  const out = new Float32Array(count * 10);
  try {
    for (let start = 0; start < count; start += BATCH) {
      const n = Math.min(BATCH, count - start);
      const [probs] = await it.run([images.subarray(start * PIXELS, (start + n) * PIXELS)], { batch: n });
      assert.deepEqual(probs!.shape, [n, 10]);
      out.set(probs!.data as Float32Array, start * 10);
    }
  } finally {
    it.dispose();
  }
  return out;
}

function argmax(p: Float32Array, i: number): number {
  let best = 0;
  for (let k = 1; k < 10; k++) if (p[i * 10 + k]! > p[i * 10 + best]!) best = k;
  return best;
}

test('mnist_cnn_bn: the float pipeline leaves no batch norm, bias add or relu, and predicts the same digits', { skip: skipUnlessShared() }, async (t) => {
  const { module } = await importModel(sharedModel('savedmodel/mnist_cnn_bn'), { batchSize: 1 });
  const tfModule = cloneModule(module);
  const before = histogram(module);
  assert.equal(before['tf.FusedBatchNormV3'], 3, 'the model has three batch norms');
  await runPipeline(module, PIPELINE);
  assert.deepEqual(verifyModule(module, { registry }).map((d) => d.format()), []);
  const after = histogram(module);
  t.diagnostic(`ops before: ${JSON.stringify(before)}`);
  t.diagnostic(`ops after ${PIPELINE}: ${JSON.stringify(after)}`);
  // Conv-ReLU-BN-MaxPool ×2, Conv-ReLU-BN, Flatten, Dense-ReLU, Dense-Softmax: the BNs fold into the next conv/dense.
  assert.deepEqual(after, {
    'arith.constant': 11,
    'tfl.conv_2d': 3,
    'tfl.max_pool_2d': 2,
    'tfl.reshape': 1,
    'tfl.fully_connected': 2,
    'tfl.softmax': 1,
    'func.return': 1,
  });
  for (const op of module.main().body.opList().filter((o) => o.name === 'tfl.conv_2d')) {
    assert.equal(op.str('fused_activation_function'), 'RELU', 'every conv carries its relu');
  }

  const images = new Float32Array(10_000 * PIXELS);
  const labels: number[] = [];
  for await (const s of mnistDigits()) {
    images.set(s.data, labels.length * PIXELS);
    labels.push(s.label!);
  }
  assert.equal(labels.length, 10_000);
  const [q0, q1] = [await probabilities(tfModule, images, labels.length), await probabilities(module, images, labels.length)];
  let agree = 0;
  let correct0 = 0;
  let correct1 = 0;
  let worst = 0;
  for (let i = 0; i < labels.length; i++) {
    const [p0, p1] = [argmax(q0, i), argmax(q1, i)];
    if (p0 === p1) agree++;
    if (p0 === labels[i]) correct0++;
    if (p1 === labels[i]) correct1++;
  }
  for (let j = 0; j < q0.length; j++) worst = Math.max(worst, Math.abs(q0[j]! - q1[j]!));
  const pct = (k: number): string => `${((100 * k) / labels.length).toFixed(2)}%`;
  t.diagnostic(`accuracy on 10,000 mnist digits: tf graph ${pct(correct0)}, after ${PIPELINE} ${pct(correct1)}; predictions agree on ${pct(agree)}; largest probability difference ${worst.toExponential(2)}`);
  console.log(`  mnist_cnn_bn on 10,000 digits: tf ${pct(correct0)}, rewritten tfl ${pct(correct1)}, agreement ${pct(agree)} (${agree}/10000)`);
  assert.ok(worst < 1e-3, `probabilities differ by up to ${worst}`);
  assert.ok(agree >= 9990, `predictions agree on only ${agree} of 10,000 digits`);
  // 98.96% is what the real TFLite runtime gives this model on these digits too (see saved-model-accuracy.test.ts).
  assert.ok(correct1 >= 9890, `accuracy after the pipeline ${correct1 / 100}%`);
});
