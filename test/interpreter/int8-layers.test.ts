// Per-layer comparison with the real TFLite runtime: every kernel, fed the runtime's own inputs, within 1 LSB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { compareLayers, formatHistogram, sharedImages, type LayerComparison } from './int8-support.js';

const skip = skipUnlessShared();

/** Sums the per-layer histograms by op name. */
function byOp(layers: readonly LayerComparison[]): string {
  const totals = new Map<string, number[]>();
  for (const l of layers) {
    const acc = totals.get(l.op) ?? [];
    l.hist.forEach((c, d) => (acc[d] = (acc[d] ?? 0) + c));
    totals.set(l.op, acc);
  }
  return [...totals].map(([op, h]) => `${op} {${formatHistogram(Array.from(h, (c) => c ?? 0))}}`).join(', ');
}

// The runtime delegates conv, depthwise, add, mul and mean to XNNPACK, which requantizes in float32; TFLite's
// reference kernels use fixed-point multipliers. The two agree exactly except for values within a rounding step of
// a .5 boundary, so an isolated kernel may differ by 1 LSB on a small fraction of its outputs, never by more.
for (const [file, layerCount] of [
  ['mobilenet_v2_1.0_224_quant.tflite', 66],
  ['tf2_mobilenet_v2_1.0_224_ptq.tflite', 68],
  ['efficientnet_lite0_int8_9class.tflite', 65],
] as const) {
  test(`${file}: each layer, fed the runtime's inputs, is within 1 LSB of the runtime`, { skip }, async (t) => {
    const cat = sharedImages(224).find((i) => i.label === 'cat.bmp')!;
    const layers = await compareLayers(sharedModel(`tflite/${file}`), [cat.pixels]);
    t.diagnostic(`per op type, |diff| counts: ${byOp(layers)}`);
    assert.equal(layers.length, layerCount);
    let off = 0;
    let total = 0;
    for (const l of layers) {
      assert.ok(l.hist.length <= 2, `layer ${l.index} ${l.op} [${l.shape.join('x')}]: ${formatHistogram(l.hist)}`);
      off += l.hist[1] ?? 0;
      total += l.hist.reduce((a, b) => a + b, 0);
    }
    // A systematic error (wrong rounding, wrong multiplier) would move far more than a few percent of values.
    assert.ok(off / total < 0.05, `${off} of ${total} values differ by 1`);
  });
}

test('hello_world_int8.tflite: each fully connected layer is within 1 LSB of the runtime for 32 inputs', { skip }, async (t) => {
  const totals: number[][] = [];
  for (let v = -128; v <= 127; v += 8) {
    const layers = await compareLayers(sharedModel('tflite/hello_world_int8.tflite'), [Int8Array.of(v)]);
    assert.equal(layers.length, 3);
    layers.forEach((l, i) => {
      const acc = (totals[i] ??= []);
      l.hist.forEach((c, d) => (acc[d] = (acc[d] ?? 0) + c));
    });
  }
  t.diagnostic(totals.map((h, i) => `layer ${i}: ${formatHistogram(Array.from(h, (c) => c ?? 0))}`).join('; '));
  for (const h of totals) assert.ok(h.length <= 2, formatHistogram(Array.from(h, (c) => c ?? 0)));
});
