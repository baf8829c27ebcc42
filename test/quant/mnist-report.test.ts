// The per-layer float-vs-int8 report on mnist_cnn_bn: every conv/fc with its SQNR, checked against SQNRs computed
// here from raw interpreter arrays; and the effect of bias correction on per-tensor weights.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Interpreter } from '../../src/interpreter/interpreter.js';
import { Int8Interpreter } from '../../src/interpreter/int8/index.js';
import { Module, Operation, Value } from '../../src/ir/core.js';
import { QuantizeSummaryKey } from '../../passes/quantize.js';
import { QuantReport, formatQuantReport, quantizationReport } from '../../src/quant/report.js';
import { mnistDigits } from '../../src/interpreter/datasets/mnist.js';
import { skipUnlessShared } from '../support/shared-models.js';
import { Digits, EVAL_OFFSET, Quantized, loadDigits, mnistQuantized } from './mnist-support.js';

const skip = skipUnlessShared();
const SAMPLES = 200;
const heldOut = (): ReturnType<typeof mnistDigits> => mnistDigits({ offset: EVAL_OFFSET, count: SAMPLES });

let q: Quantized;
let report: QuantReport;

before(async () => {
  if (skip) return;
  q = await mnistQuantized('mode=int8');
  report = await quantizationReport(q.calibrated, q.quantized, heldOut(), { samples: SAMPLES });
});

function opsNamed(m: Module, name: string): Operation[] {
  return [...m.main().ops()].filter((op) => op.name === name);
}

test('the report lists every conv and fully_connected of the int8 model with its SQNR', { skip }, () => {
  console.log(formatQuantReport(report).replace(/^/gm, '  '));
  assert.equal(report.engine, 'int8-interpreter');
  assert.equal(report.samples, SAMPLES);
  assert.deepEqual(report.unmatched, []);
  for (const name of ['tfl.conv_2d', 'tfl.fully_connected']) {
    const ops = opsNamed(q.quantized, name);
    const layers = report.layers.filter((l) => l.op === name);
    assert.equal(layers.length, ops.length, `${name}: ${ops.length} ops, ${layers.length} layers`);
    for (const l of layers) {
      assert.ok(l.sqnrDb !== null && l.sqnrDb > 15 && l.sqnrDb < 80, `${name} ${l.loc}: SQNR ${l.sqnrDb}`);
      assert.ok(l.scale !== null && l.rmseOverScale !== null && l.rmseOverScale > 0.2 && l.rmseOverScale < 5, `${l.loc}: RMSE/scale ${l.rmseOverScale}`);
      assert.ok(l.count > 0 && l.maxAbsErr > 0);
    }
  }
  assert.equal(report.layers.length, 9, 'conv, pool, conv, pool, conv, reshape, fc, fc, softmax');
  // The worst five, worst first.
  assert.equal(report.worst.length, 5);
  const worstDb = report.worst.map((i) => report.layers[i]!.sqnrDb!);
  assert.deepEqual(worstDb, [...worstDb].sort((a, b) => a - b));
  const rest = report.layers.filter((l) => !report.worst.includes(l.index)).map((l) => l.sqnrDb!);
  assert.ok(Math.min(...rest) >= Math.max(...worstDb));
  assert.ok(report.model.top1Agreement >= 0.99, `top-1 agreement ${report.model.top1Agreement}`);
  assert.equal(report.model.rows, SAMPLES);
  assert.ok(report.model.outputs[0]!.sqnrDb! > 25, `output SQNR ${report.model.outputs[0]!.sqnrDb}`);
  assert.ok(report.model.accuracy !== null && report.model.accuracy.quantized > 0.97);
  // JSON-able: a round trip gives the same object.
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  const text = formatQuantReport(report);
  for (const l of report.layers) assert.ok(text.includes(l.op), l.op);
  assert.match(text, /worst layers/);
});

/** Float and dequantized int8 values of one op result over the samples, from the interpreters directly. */
async function rawValues(floatValue: Value, quantValue: Value, digits: Digits): Promise<{ float: number[]; quant: number[] }> {
  const fi = await Interpreter.create(q.calibrated);
  const qi = Int8Interpreter.create(q.quantized);
  const quant = quantValue.type.quant!;
  const float: number[] = [];
  const deq: number[] = [];
  try {
    for (let i = 0; i < digits.labels.length; i++) {
      const x = digits.pixels.subarray(i * 784, (i + 1) * 784);
      await fi.run([x], { onValue: (v, t) => v === floatValue && float.push(...t.dataSync()) });
      qi.run([x], { onValue: (v, data) => v === quantValue && deq.push(...Array.from(data, (k) => (k - quant.zeroPoints[0]!) * quant.scales[0]!)) });
    }
  } finally {
    fi.dispose();
  }
  return { float, quant: deq };
}

test('SQNR and max error recomputed from raw arrays match the report for the first conv and the last fc', { skip }, async () => {
  const digits = await loadDigits(EVAL_OFFSET, SAMPLES);
  for (const [name, pick] of [['tfl.conv_2d', 0], ['tfl.fully_connected', -1]] as const) {
    const fOps = opsNamed(q.calibrated, name);
    const qOps = opsNamed(q.quantized, name);
    const fOp = fOps.at(pick)!;
    const qOp = qOps.at(pick)!;
    const { float, quant } = await rawValues(fOp.result(0), qOp.result(0), digits);
    assert.equal(float.length, quant.length);
    let signal = 0;
    let noise = 0;
    let maxErr = 0;
    for (let i = 0; i < float.length; i++) {
      signal += float[i]! ** 2;
      noise += (quant[i]! - float[i]!) ** 2;
      maxErr = Math.max(maxErr, Math.abs(quant[i]! - float[i]!));
    }
    const sqnr = 10 * Math.log10(signal / noise);
    const layer = report.layers.find((l) => l.op === name && l.index === report.layers.filter((x) => x.op === name).at(pick)!.index)!;
    console.log(`  ${name} ${layer.loc}: SQNR here ${sqnr.toFixed(4)} dB, in the report ${layer.sqnrDb!.toFixed(4)} dB; max |err| ${maxErr.toFixed(5)} / ${layer.maxAbsErr.toFixed(5)}`);
    assert.equal(layer.count, float.length);
    assert.ok(Math.abs(layer.sqnrDb! - sqnr) < 1e-3, `${name}: report ${layer.sqnrDb} dB, recomputed ${sqnr} dB`);
    assert.ok(Math.abs(layer.maxAbsErr - maxErr) <= 1e-6 * Math.max(1, maxErr), `${name}: max error ${layer.maxAbsErr} vs ${maxErr}`);
    assert.ok(Math.abs(layer.rmse - Math.sqrt(noise / float.length)) <= 1e-6 * layer.rmse);
  }
});

test('bias correction removes most of the mean shift per-tensor weights cause', { skip }, async () => {
  const plain = await mnistQuantized('mode=int8 per-channel=false');
  const corrected = await mnistQuantized('mode=int8 per-channel=false bias-correction=true');
  const summary = corrected.ctx.get(QuantizeSummaryKey)!;
  assert.equal(summary.biasCorrected.ops, 5, 'three convs and two fully_connected');
  assert.ok(summary.biasCorrected.maxShift > 0);
  assert.equal(plain.ctx.get(QuantizeSummaryKey)!.biasCorrected.ops, 0);
  const before = await quantizationReport(plain.calibrated, plain.quantized, heldOut(), { samples: SAMPLES });
  const after = await quantizationReport(corrected.calibrated, corrected.quantized, heldOut(), { samples: SAMPLES });
  const weighted = (r: QuantReport) => r.layers.filter((l) => l.op === 'tfl.conv_2d' || l.op === 'tfl.fully_connected');
  const shift = (r: QuantReport): number => weighted(r).reduce((a, l) => a + Math.abs(l.meanErr), 0);
  console.log('  per-tensor weights, held-out digits: layer | mean error before → after | SQNR dB before → after');
  weighted(before).forEach((l, i) => {
    const a = weighted(after)[i]!;
    console.log(`    ${l.op.padEnd(20)} ${l.meanErr.toExponential(2).padStart(10)} → ${a.meanErr.toExponential(2).padStart(10)} | ${l.sqnrDb!.toFixed(1)} → ${a.sqnrDb!.toFixed(1)}`);
  });
  const out = (r: QuantReport): number => r.model.outputs[0]!.sqnrDb!;
  console.log(`    output SQNR ${out(before).toFixed(2)} → ${out(after).toFixed(2)} dB; top-1 agreement ${(before.model.top1Agreement * 100).toFixed(1)}% → ${(after.model.top1Agreement * 100).toFixed(1)}%`);
  assert.ok(shift(after) < 0.5 * shift(before), `summed |mean error| ${shift(before)} → ${shift(after)}`);
  assert.ok(after.model.top1Agreement >= 0.99);
});
