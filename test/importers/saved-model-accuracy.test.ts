// The imported trained Keras CNN (mnist_cnn_bn) classifies real handwritten digits through the float interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSavedModel } from '../../src/importers/tf/import-tf.js';
import { mnistDigits } from '../../src/interpreter/datasets/mnist.js';
import type { MnistOptions } from '../../src/interpreter/datasets/mnist.js';
import type { Module } from '../../src/ir/core.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { missingTfKernels, tfInterpreter } from './tf-import-kernels.js';
import { tfTestRegistry } from './tf-import-registry.js';

const DIGITS = 10_000;
const BATCH = 1000;

/**
 * mnist_cnn_bn was trained on `tf.keras.utils.normalize(x, axis=1)` images (its source, mnist.py in
 * 0x7a726f/MNIST_model: every column of the 28x28 image scaled to unit L2 norm), and its README reports 99.39% on
 * the official test set. With that preprocessing it classifies every one of the mnist package's 10,000 digits
 * correctly, which says these digits come from MNIST's training set; so the bar of 99% is met with room, and
 * the figure is a training-set figure, not a test-set one.
 *
 * On the plain [0, 1] pixels (the input the quantization tests use) it scores 98.96% (9,896), the same as the
 * real TFLite runtime on the converted model: the import is exact either way, the preprocessing is what differs.
 */
const MIN_ACCURACY_TRAINED_INPUT = 0.99;
const MIN_ACCURACY_RAW = 0.9895;

async function accuracy(m: Module, opts: MnistOptions): Promise<{ correct: number; seen: number; classes: number }> {
  const it = await tfInterpreter(m);
  let correct = 0;
  let seen = 0;
  const classes = new Set<number>();
  try {
    const batch = new Float32Array(BATCH * 784);
    const labels: number[] = [];
    const flush = async (): Promise<void> => {
      const n = labels.length;
      const [out] = await it.run([batch.subarray(0, n * 784)], { shapes: [[n, 28, 28, 1]] });
      const p = out!.data as Float32Array;
      assert.deepEqual(out!.shape, [n, 10]);
      for (let i = 0; i < n; i++) {
        const row = p.subarray(i * 10, i * 10 + 10);
        const sum = row.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) < 1e-4, `softmax row ${i} sums to ${sum}`);
        if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
      }
      seen += n;
      labels.length = 0;
    };
    for await (const s of mnistDigits({ ...opts, count: DIGITS })) {
      batch.set(s.data, labels.length * 784);
      labels.push(s.label!);
      classes.add(s.label!);
      if (labels.length === BATCH) await flush();
    }
    if (labels.length > 0) await flush();
  } finally {
    it.dispose();
  }
  return { correct, seen, classes: classes.size };
}

test(`mnist_cnn_bn classifies >= ${MIN_ACCURACY_TRAINED_INPUT * 100}% of all ${DIGITS} mnist digits after import (its training preprocessing)`, { skip: skipUnlessShared() }, async () => {
  const m = importSavedModel(sharedModel('savedmodel/mnist_cnn_bn'), {}, tfTestRegistry());
  const fallback = missingTfKernels(m);
  const note = fallback.length ? `; fallback test kernels for ${fallback.join(', ')}` : '';
  const trained = await accuracy(m, { l2Normalize: 'columns' });
  const raw = await accuracy(m, {});
  const pct = (r: { correct: number; seen: number }): string => `${((r.correct / r.seen) * 100).toFixed(2)}% (${r.correct}/${r.seen})`;
  console.log(`  mnist_cnn_bn accuracy on ${trained.seen} mnist digits: ${pct(trained)} with keras.utils.normalize(x, axis=1) columns as trained; ${pct(raw)} on plain [0, 1] pixels${note}`);
  for (const r of [trained, raw]) {
    assert.equal(r.seen, DIGITS);
    assert.equal(r.classes, 10);
  }
  assert.ok(trained.correct / trained.seen >= MIN_ACCURACY_TRAINED_INPUT, `accuracy ${trained.correct / trained.seen}`);
  assert.ok(raw.correct / raw.seen >= MIN_ACCURACY_RAW, `accuracy ${raw.correct / raw.seen} on [0, 1] pixels`);
});
