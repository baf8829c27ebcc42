// quantize on small graphs: float fallback (with the report's float simulation), bad weights, missing services,
// re-quantizing, and the report's alignment of ops the quantizer inserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attr, dense, str } from '../../src/ir/attributes.js';
import { Module } from '../../src/ir/core.js';
import { tensorType } from '../../src/ir/types.js';
import { printModule } from '../../src/ir/printer.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import * as tfl from '../../dialects/tfl/index.js';
import { QuantizeSummaryKey } from '../../passes/quantize.js';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { Interpreter } from '../../src/interpreter/interpreter.js';
import { cloneModule } from '../../src/ir/clone.js';
import { syntheticDataset } from '../../src/interpreter/datasets/synthetic.js';
import { formatQuantReport, quantizationReport } from '../../src/quant/report.js';
import { alignOps } from '../../src/quant/compare.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';
import { calibrateAndQuantize, runPipeline, syntheticInputs } from './quant-support.js';

const NONE: Record<string, Attr> = { fused_activation_function: str('NONE') };

async function errorOf(p: Promise<unknown>): Promise<LitecError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LitecError) return e;
    throw e;
  }
  throw new Error('expected a LitecError');
}

/** x[1,8] → fully_connected → exp (no int8 kernel) → fully_connected. */
function expModel(): Module {
  const { m, b, args, ret } = newFunc([f32t(1, 8)]);
  const fc1 = b.create(tfl.FullyConnected, [args[0]!, seededConst(b, [8, 8], 1, 0.3), seededConst(b, [8], 2, 0.1)], NONE).result(0);
  const e = b.create(tfl.Exp, [fc1], {}).result(0);
  const fc2 = b.create(tfl.FullyConnected, [e, seededConst(b, [4, 8], 3, 0.5), seededConst(b, [4], 4)], NONE).result(0);
  ret(fc2);
  return m;
}

test('an op without an int8 kernel is an error naming it, or stays float with allow-float-fallback', async () => {
  const m = expModel();
  const e = await errorOf(calibrateAndQuantize(m, syntheticInputs(m, 8, 1)));
  assert.equal(e.diagnostics[0]!.code, 'LC5001');
  assert.match(e.message, /'tfl\.exp' cannot be quantized to int8: TFLite has no int8 kernel for it/);

  const float = expModel();
  const q = cloneModule(float);
  const inputs = syntheticInputs(q, 8, 1);
  const ctx = await calibrateAndQuantize(q, inputs, 'mode=int8 allow-float-fallback=true');
  const summary = ctx.get(QuantizeSummaryKey)!;
  assert.deepEqual(summary.floatFallback.map((x) => [x.op, x.reason]), [['tfl.exp', 'TFLite has no int8 kernel for it']]);
  assert.deepEqual(summary.inserted, { quantize: 2, requantize: 0, dequantize: 2 });
  assert.ok(ctx.diagnostics.some((d) => d.severity === 'warning' && d.code === 'LC5001'), 'a warning says it stays in float');
  const names = [...q.main().ops()].map((op) => op.name).filter((n) => n !== 'arith.constant');
  assert.deepEqual(names, ['tfl.quantize', 'tfl.fully_connected', 'tfl.dequantize', 'tfl.exp', 'tfl.quantize', 'tfl.fully_connected', 'tfl.dequantize', 'func.return']);

  // Runs in the real runtime, close to the float model.
  const rt = await TfliteRuntime.load(emitTflite(q));
  const fi = await Interpreter.create(float);
  try {
    for (const [x] of inputs) {
      const [got] = rt.run([x!]);
      const [want] = await fi.run([x!]);
      const w = want!.data as Float32Array;
      const range = Math.max(...w) - Math.min(...w);
      (got as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - w[i]!) < 0.05 * range + 0.05, `output ${i}: ${v} vs ${w[i]}`));
    }
  } finally {
    rt.dispose();
    fi.dispose();
  }

  // The integer interpreter has no float exp: the report falls back to the float interpreter's simulation and
  // shows the float op with no scale.
  const r = await quantizationReport(float, q, syntheticDataset([8], 4, 1), { samples: 4 });
  assert.equal(r.engine, 'float-simulation');
  assert.deepEqual(r.layers.map((l) => [l.op, l.scale === null]), [['tfl.fully_connected', false], ['tfl.exp', true], ['tfl.fully_connected', false]]);
  assert.ok(r.layers.every((l) => l.sqnrDb !== null && l.sqnrDb > 20), r.layers.map((l) => l.sqnrDb).join(', '));
  assert.match(formatQuantReport(r), /kept in float: tfl\.exp/);
});

test('NaN or infinite weights cannot be quantized to int8', async () => {
  const { m, b, args, ret } = newFunc([f32t(1, 4, 4, 2)]);
  const data = Float32Array.from({ length: 18 }, (_, i) => (i === 5 ? NaN : i / 18));
  const w = b.constant(dense(tensorType([1, 3, 3, 2], 'f32'), data));
  ret(b.create(tfl.Conv2D, [args[0]!, w, seededConst(b, [1], 3)], convAttrs()).result(0));
  const e = await errorOf(calibrateAndQuantize(m, syntheticInputs(m, 2, 1)));
  assert.equal(e.diagnostics[0]!.code, 'LC5001');
  assert.match(e.message, /'tfl\.conv_2d' cannot be quantized to int8: its filter holds NaN or infinite values/);
  // Weight-only modes leave such a filter float.
  const dr = cloneModule(m);
  await runPipeline(dr, 'quantize{mode=dynamic-range min-elements=1}');
  assert.equal([...dr.main().ops()].find((op) => op.name === 'tfl.conv_2d')!.operand(1).type.quant, undefined);
});

test('bias correction needs calibration data; quantizing twice changes nothing the second time', async () => {
  const m = expModel();
  const e = await errorOf(calibrateAndQuantize(m, syntheticInputs(m, 2, 1), 'mode=int8 allow-float-fallback=true bias-correction=true'));
  assert.equal(e.diagnostics[0]!.code, 'LC5002');
  assert.match(e.message, /bias-correction=true needs calibration data/);

  const { m: conv, b, args, ret } = newFunc([f32t(1, 4, 4, 2)]);
  ret(b.create(tfl.Conv2D, [args[0]!, seededConst(b, [3, 3, 3, 2], 1), seededConst(b, [3], 2)], convAttrs(1, 'SAME', 'RELU')).result(0));
  await calibrateAndQuantize(conv, syntheticInputs(conv, 4, 2));
  const once = printModule(conv, { printAllData: true });
  await runPipeline(conv, 'quantize');
  assert.equal(printModule(conv, { printAllData: true }), once);
});

test('the report leaves out ops the quantizer inserted (the relu split off a concatenation)', async () => {
  const { m, b, args, ret } = newFunc([f32t(1, 4), f32t(1, 4)]);
  const c = b.create(tfl.Concatenation, [args[0]!, args[1]!], { axis: { kind: 'int', value: 1, width: 32 }, fused_activation_function: str('RELU') }).result(0);
  const fc = b.create(tfl.FullyConnected, [c, seededConst(b, [3, 8], 1), seededConst(b, [3], 2)], NONE).result(0);
  ret(fc);
  const float = cloneModule(m);
  await calibrateAndQuantize(m, syntheticInputs(m, 4, 3));
  // The report pairs ops through alignOps (this model has two inputs, more than the report feeds).
  const { pairs, unmatched } = alignOps(float.main(), m.main());
  assert.deepEqual(unmatched.map((op) => op.name), ['tfl.relu']);
  assert.deepEqual(pairs.map((p) => p.quant.producer!.name), ['tfl.concatenation', 'tfl.fully_connected']);
  assert.ok(pairs.every((p) => p.float.producer!.name === p.quant.producer!.name));
});
