// The int8 mnist_cnn_bn runs in litec's integer interpreter and predicts the same digits as the real TFLite runtime
// (>= 99.9% of the 9,500 held-out digits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { Int8Interpreter } from '../../src/interpreter/int8/index.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { argmaxRows } from '../../src/quant/compare.js';
import { skipUnlessShared } from '../support/shared-models.js';
import { EVAL_BATCH, EVAL_OFFSET, agreement, loadDigits, mnistQuantized } from './mnist-support.js';

test('the integer interpreter and the TFLite runtime agree on >= 99.9% of 9,500 held-out digits', { skip: skipUnlessShared() }, async () => {
  const digits = await loadDigits(EVAL_OFFSET);
  const { quantized } = await mnistQuantized('mode=int8', EVAL_BATCH);
  const interp = Int8Interpreter.create(quantized);
  const rt = await TfliteRuntime.load(emitTflite(quantized), { file: 'mnist_cnn_bn int8' });
  const n = digits.labels.length;
  const fromInterp = new Int32Array(n);
  const fromRuntime = new Int32Array(n);
  let identicalRows = 0;
  let maxDiff = 0;
  try {
    for (let start = 0; start + EVAL_BATCH <= n; start += EVAL_BATCH) {
      const x = digits.pixels.subarray(start * 784, (start + EVAL_BATCH) * 784);
      const [a] = interp.run([x]);
      const [b] = rt.run([x]);
      const pa = a as Float32Array;
      const pb = b as Float32Array;
      argmaxRows(pa, [EVAL_BATCH, 10]).forEach((c, i) => (fromInterp[start + i] = c));
      argmaxRows(pb, [EVAL_BATCH, 10]).forEach((c, i) => (fromRuntime[start + i] = c));
      for (let r = 0; r < EVAL_BATCH; r++) {
        let same = true;
        for (let k = 0; k < 10; k++) {
          const d = Math.abs(pa[r * 10 + k]! - pb[r * 10 + k]!);
          if (d !== 0) same = false;
          maxDiff = Math.max(maxDiff, d);
        }
        if (same) identicalRows++;
      }
    }
  } finally {
    rt.dispose();
  }
  const agree = agreement(fromInterp, fromRuntime);
  console.log(
    `  int8 mnist_cnn_bn, integer interpreter vs TFLite runtime on ${n} digits: same prediction ${(agree * 100).toFixed(2)}%, ` +
      `bit-identical outputs ${((identicalRows / n) * 100).toFixed(2)}%, largest output difference ${maxDiff.toFixed(5)} (output scale 1/256)`,
  );
  assert.equal(n, 9500);
  assert.ok(agree >= 0.999, `agreement ${agree}`);
  // Both follow TFLite's integer arithmetic, so nearly every digit's probabilities are bit for bit the same (a one-step
  // difference in a logit moves softmax by several output steps: the logits' scale is about 0.3).
  assert.ok(identicalRows / n >= 0.98, `bit-identical rows ${identicalRows / n}`);
});
