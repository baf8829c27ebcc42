// calibrate: statistics (order-independent histograms), range methods, known ranges, attributes and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attr } from '../../src/ir/attributes.js';
import { Module } from '../../src/ir/core.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import * as tfl from '../../dialects/tfl/index.js';
import { StatsAccumulator, arrayCalibration, datasetCalibration } from '../../src/quant/calibration.js';
import { CalibrationKey, CalibrationSummaryKey } from '../../passes/calibrate.js';
import { expectedMse, mseRange, percentileRange } from '../../passes/quant/stats.js';
import { recordedRange } from '../../passes/quant/ranges.js';
import { PassContext } from '../../src/pass/pass.js';
import { syntheticDataset } from '../../src/interpreter/datasets/synthetic.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';
import { runPipeline, syntheticInputs } from './quant-support.js';

function gaussian(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

test('histograms do not depend on the order or batching of the data', () => {
  const data = gaussian(5000, 3).map((x, i) => (i === 4000 ? 37 : x));
  const a = new StatsAccumulator(256);
  a.add(data);
  const b = new StatsAccumulator(256);
  // Small values first, then the outlier forces the range to grow twice over.
  const sorted = Float32Array.from(data).sort((x, y) => Math.abs(x) - Math.abs(y));
  for (let i = 0; i < sorted.length; i += 97) b.add(sorted.subarray(i, i + 97));
  const sa = a.stats();
  const sb = b.stats();
  assert.equal(sa.min, sb.min);
  assert.equal(sa.max, 37);
  assert.equal(sa.count, 5000);
  assert.equal(sa.histogram!.range, 64, 'power-of-two range covering 37');
  assert.deepEqual(Array.from(sa.histogram!.counts), Array.from(sb.histogram!.counts));
  assert.equal(sa.histogram!.counts.reduce((x, y) => x + y, 0), 5000);
});

test('non-finite values are not counted', () => {
  const a = new StatsAccumulator(undefined);
  a.add(Float32Array.of(NaN, 1, -Infinity, -2, Infinity));
  assert.deepEqual(a.stats(), { min: -2, max: 1, count: 2 });
});

test('percentile clips each tail at the percentile of |x|; mse picks a range with less expected error', () => {
  const data = gaussian(20000, 7);
  data[0] = 40;
  data[1] = -25;
  const acc = new StatsAccumulator(2048);
  acc.add(data);
  const s = acc.stats();
  const p = percentileRange(s, 99.9);
  assert.ok(p.max > 2.5 && p.max < 4.5, `upper clip ${p.max}`);
  assert.ok(p.min < -2.5 && p.min > -4.5, `lower clip ${p.min}`);
  assert.deepEqual(percentileRange(s, 100), { min: -25, max: 40 });
  const m = mseRange(s);
  assert.ok(m.max < 40 && m.min > -25, `mse range [${m.min}, ${m.max}]`);
  assert.ok(expectedMse(s.histogram!, m.min, m.max) < expectedMse(s.histogram!, -25, 40));
  assert.deepEqual(mseRange(s), m, 'deterministic');
});

/** x → conv (RELU6) → relu6 → logistic, and a plain add whose range is data-driven. */
function smallModel(): Module {
  const { m, b, args, ret } = newFunc([f32t(1, 4, 4, 2)]);
  const w = seededConst(b, [3, 3, 3, 2], 1);
  const bias = seededConst(b, [3], 2);
  const conv = b.create(tfl.Conv2D, [args[0]!, w, bias], convAttrs(1, 'SAME', 'RELU6')).result(0);
  const r6 = b.create(tfl.Relu6, [conv], {}).result(0);
  const lg = b.create(tfl.Logistic, [r6], {}).result(0);
  const add = b.create(tfl.Add, [lg, conv], { fused_activation_function: { kind: 'string', value: 'NONE' } as Attr }).result(0);
  ret(add);
  return m;
}

async function calibrated(method: string, m = smallModel()): Promise<{ m: Module; ctx: PassContext }> {
  const ctx = new PassContext();
  ctx.provide(CalibrationKey, arrayCalibration(syntheticInputs(m, 8, 5, -3, 3), '8 synthetic samples'));
  await runPipeline(m, `calibrate{method=${method} samples=0 bins=512}`, ctx);
  return { m, ctx };
}

test('calibrate records exact, fixed and activation-clipped ranges as attributes', async () => {
  const { m, ctx } = await calibrated('minmax');
  const f = m.main();
  const ops = [...f.ops()].filter((op) => op.name.startsWith('tfl.'));
  const [conv, relu6, logistic, add] = ops.map((op) => recordedRange(op.result(0))!);
  const arg = recordedRange(f.args[0]!)!;
  assert.ok(arg.min >= -3 && arg.min < -2.5 && arg.max <= 3 && arg.max > 2.5, `input range [${arg.min}, ${arg.max}]`);
  assert.ok(conv!.min >= 0 && conv!.max <= 6, `RELU6 conv clipped: [${conv!.min}, ${conv!.max}]`);
  assert.deepEqual(relu6, { min: 0, max: 6 });
  assert.deepEqual(logistic, { min: 0, max: 1 });
  assert.ok(add!.max > add!.min);
  const summary = ctx.get(CalibrationSummaryKey)!;
  assert.deepEqual({ values: summary.values, fixed: summary.fixed, missing: summary.missing, method: summary.method }, { values: 5, fixed: 2, missing: 0, method: 'minmax' });
  assert.equal(summary.data, '8 synthetic samples');
  const again = await calibrated('minmax');
  const ranges = (x: Module) => [...x.main().ops()].filter((op) => op.name.startsWith('tfl.')).map((op) => recordedRange(op.result(0)));
  assert.deepEqual(ranges(again.m), ranges(m), 'deterministic');
});

test('percentile and mse ranges lie within the minmax range (widened to 0)', async () => {
  const exact = (await calibrated('minmax')).m;
  for (const method of ['percentile', 'mse']) {
    const { m } = await calibrated(method);
    const a = [...exact.main().ops()].filter((op) => op.name === 'tfl.add')[0]!;
    const b = [...m.main().ops()].filter((op) => op.name === 'tfl.add')[0]!;
    const ra = recordedRange(a.result(0))!;
    const rb = recordedRange(b.result(0))!;
    // Quantized ranges always include 0, so [0, max] is as narrow as [min > 0, max].
    const lo = Math.min(0, ra.min);
    const hi = Math.max(0, ra.max);
    assert.ok(rb.min >= lo - 1e-6 && rb.max <= hi + 1e-6, `${method}: [${rb.min}, ${rb.max}] within [${lo}, ${hi}]`);
  }
});

async function errorOf(p: Promise<unknown>): Promise<LitecError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LitecError) return e;
    throw e;
  }
  throw new Error('expected a LitecError');
}

test('calibrate without data or with bad options is a user error', async () => {
  const e = await errorOf(runPipeline(smallModel(), 'calibrate'));
  assert.equal(e.diagnostics[0]!.code, 'LC5002');
  assert.match(e.message, /--calibration-data/);
  const bad = await errorOf(runPipeline(smallModel(), 'calibrate{percentile=0}'));
  assert.equal(bad.diagnostics[0]!.code, 'LC4002');
  assert.match(bad.message, /percentile must be in \(0, 100\]/);
  const bins = await errorOf(runPipeline(smallModel(), 'calibrate{bins=10}'));
  assert.match(bins.message, /bins must be a multiple of 4/);
});

test('dataset calibration needs a one-input model and at least one sample', async () => {
  const { m } = newFunc([f32t(1, 4), f32t(1, 4)]);
  const two = await errorOf(datasetCalibration(syntheticDataset([4], 2)).collect(m, { samples: 0, method: 'minmax', bins: 2048 }));
  assert.match(two.message, /calibration feeds one float input; @main takes 2 input/);
  const empty = await errorOf(datasetCalibration(syntheticDataset([1, 4, 4, 2], 0)).collect(smallModel(), { samples: 0, method: 'minmax', bins: 2048 }));
  assert.equal(empty.diagnostics[0]!.code, 'LC5002');
  assert.match(empty.message, /holds no samples/);
  // `samples` limits how many are run.
  let seen = 0;
  await datasetCalibration(syntheticDataset([1, 4, 4, 2], 10), { onSample: (n) => (seen = n), progressLabel: null }).collect(smallModel(), { samples: 3, method: 'minmax', bins: 2048 });
  assert.equal(seen, 3);
});
