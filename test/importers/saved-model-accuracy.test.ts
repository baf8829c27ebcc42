// The imported trained Keras CNN (mnist_cnn_bn) classifies real handwritten digits through the float interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSavedModel } from '../../src/importers/tf/import-tf.js';
import { mnistDigits } from '../../src/interpreter/datasets/mnist.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { missingTfKernels, tfInterpreter } from './tf-import-kernels.js';
import { tfTestRegistry } from './tf-import-registry.js';

const DIGITS = 10_000;
const BATCH = 1000;
/**
 * The model's README claims 99.39% on the MNIST test set; on the mnist package's 10,000 digits the real TFLite
 * runtime (the model emitted as float .tflite) scores 98.96% (9,896), the same as this interpreter, so the bar is
 * that figure, not 99% (the digits of class 1 are the hard ones: 97.1%).
 */
const MIN_ACCURACY = 0.9895;

test(`mnist_cnn_bn classifies >= ${MIN_ACCURACY * 100}% of all ${DIGITS} mnist digits after import`, { skip: skipUnlessShared() }, async () => {
  const m = importSavedModel(sharedModel('savedmodel/mnist_cnn_bn'), {}, tfTestRegistry());
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
    for await (const s of mnistDigits({ count: DIGITS })) {
      batch.set(s.data, labels.length * 784);
      labels.push(s.label!);
      classes.add(s.label!);
      if (labels.length === BATCH) await flush();
    }
    if (labels.length > 0) await flush();
  } finally {
    it.dispose();
  }
  const acc = correct / seen;
  const fallback = missingTfKernels(m);
  console.log(`  mnist_cnn_bn accuracy on ${seen} mnist digits: ${(acc * 100).toFixed(2)}% (${correct}/${seen})${fallback.length ? `; fallback test kernels for ${fallback.join(', ')}` : ''}`);
  assert.equal(seen, DIGITS);
  assert.equal(classes.size, 10);
  assert.ok(acc >= MIN_ACCURACY, `accuracy ${acc}`);
});
