// Property tests: random float tfl graphs, calibrated on synthetic data and quantized (int8 with every I/O and
// weight option, dynamic-range, float16), follow TFLite's quantization spec and run in the real TFLite runtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GraphRecipe, buildGraph, graphRecipe } from '../support/arbitrary-graph.js';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { Module } from '../../src/ir/core.js';
import { printModule } from '../../src/ir/printer.js';
import { QuantizeSummaryKey } from '../../passes/quantize.js';
import { TfliteRuntime, TypedArray } from '../../src/runtime/tflite-runtime.js';
import { calibrateAndQuantize, finiteConstants, floatFilters, int8SpecViolations, runPipeline, syntheticInputs } from './quant-support.js';

const RUNS = Number(process.env.QUANT_PROPERTY_RUNS ?? 40);
const SEED = Number(process.env.QUANT_PROPERTY_SEED ?? 20240607);
const recipes = graphRecipe({ quantized: false, minSteps: 1, maxSteps: 8 });

/**
 * A random float graph with finite weights. TFLite's softmax needs rank >= 1. Its concatenation takes no fused
 * activation and its convolutions need a bias: the int8 quantizer splits the activation off and adds a zero bias;
 * weight-only modes keep float ops as they are, so they skip graphs TFLite cannot run in float.
 */
function floatGraph(recipe: GraphRecipe, floatInt8Quantizer = true): Module {
  const m = buildGraph(recipe);
  const ops = [...m.main().ops()];
  fc.pre(!ops.some((op) => op.name === 'tfl.softmax' && op.operand(0).type.shape?.length === 0));
  const fused = (op: (typeof ops)[number]): boolean => op.attrs.get('fused_activation_function')?.kind === 'string' && (op.attrs.get('fused_activation_function') as { value: string }).value !== 'NONE';
  if (!floatInt8Quantizer) {
    fc.pre(!ops.some((op) => op.name === 'tfl.concatenation' && fused(op)));
    // This TFLite build's conv kernels need a bias tensor (the int8 quantizer adds zeros, as the converter does).
    fc.pre(!ops.some((op) => (op.name === 'tfl.conv_2d' || op.name === 'tfl.depthwise_conv_2d') && op.numOperands < 3));
  }
  finiteConstants(m);
  return m;
}

/** The float inputs in the form the model takes (quantized with the input's parameters when it is int8/uint8). */
function runtimeInputs(m: Module, inputs: readonly Float32Array[]): TypedArray[] {
  return m.main().args.map((a, i) => {
    const x = inputs[i]!;
    const q = a.type.quant;
    if (q === undefined) return x;
    const out = q.storage === 'u8' ? new Uint8Array(x.length) : new Int8Array(x.length);
    for (let k = 0; k < x.length; k++) out[k] = Math.min(q.storageMax, Math.max(q.storageMin, Math.round(x[k]! / q.scales[0]!) + q.zeroPoints[0]!));
    return out;
  });
}

/** Emits, loads and runs the model in the real runtime; the outputs must be finite with the declared types. */
async function runsInRuntime(m: Module, inputs: readonly Float32Array[]): Promise<void> {
  let rt: TfliteRuntime | undefined;
  try {
    rt = await TfliteRuntime.load(emitTflite(m));
    const outs = rt.run(runtimeInputs(m, inputs));
    const types = m.main().resultTypes;
    assert.equal(outs.length, types.length);
    outs.forEach((o, i) => {
      const want = types[i]!.quant?.storage === 'u8' ? Uint8Array : types[i]!.quant?.storage === 'i8' ? Int8Array : Float32Array;
      assert.ok(o instanceof want, `output ${i} is a ${o.constructor.name}, want ${want.name}`);
      assert.ok(Array.from(o as ArrayLike<number>).every(Number.isFinite), `output ${i} is finite`);
    });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${printModule(m)}`);
  } finally {
    rt?.dispose();
  }
}

test('int8 random graphs follow the quantization spec and run in the TFLite runtime', async () => {
  await fc.assert(
    fc.asyncProperty(recipes, async (recipe) => {
      const m = floatGraph(recipe);
      const inputs = syntheticInputs(m, 6, recipe.seed);
      const filters = floatFilters(m);
      await calibrateAndQuantize(m, inputs, 'mode=int8');
      assert.deepEqual(int8SpecViolations(m, filters), [], printModule(m));
      await runsInRuntime(m, inputs[0]!);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('int8 with per-tensor weights and int8/uint8 model inputs and outputs follows the spec and runs', async () => {
  const io = fc.constantFrom('float', 'int8', 'uint8');
  await fc.assert(
    fc.asyncProperty(recipes, fc.boolean(), io, io, fc.constantFrom('minmax', 'percentile', 'mse'), async (recipe, perChannel, inputType, outputType, method) => {
      const m = floatGraph(recipe);
      const inputs = syntheticInputs(m, 6, recipe.seed);
      const filters = floatFilters(m);
      await calibrateAndQuantize(m, inputs, `mode=int8 per-channel=${perChannel} input-type=${inputType} output-type=${outputType}`, `samples=0 method=${method} bins=256`);
      assert.deepEqual(int8SpecViolations(m, filters, perChannel), [], printModule(m));
      const f = m.main();
      const storage = (t: (typeof f.resultTypes)[number]): string => t.quant?.storage ?? t.elem;
      const want = (t: string): string => (t === 'float' ? 'f32' : t === 'int8' ? 'i8' : 'u8');
      for (const a of f.args) assert.equal(storage(a.type), want(inputType), 'input type');
      for (const t of f.resultTypes) assert.equal(storage(t), want(outputType), 'output type');
      await runsInRuntime(m, inputs[0]!);
    }),
    { numRuns: RUNS, seed: SEED + 1 },
  );
});

test('dynamic-range and float16 random graphs keep float I/O, shrink their weights and run in the runtime', async () => {
  await fc.assert(
    fc.asyncProperty(recipes, fc.constantFrom('dynamic-range', 'float16'), async (recipe, mode) => {
      const m = floatGraph(recipe, false);
      const inputs = syntheticInputs(m, 1, recipe.seed);
      const ctx = await runPipeline(m, `quantize{mode=${mode} min-elements=1}`);
      const f = m.main();
      for (const a of f.args) assert.equal(a.type.quant, undefined);
      for (const op of f.ops()) {
        for (const r of op.results) {
          // Weight-only modes quantize constants only: every computed value stays float.
          if (op.name !== 'arith.constant') assert.ok(r.type.quant === undefined && r.type.elem !== 'f16', `${op.name} result is ${r.type.elem}`);
        }
        if (mode === 'dynamic-range' && (op.name === 'tfl.conv_2d' || op.name === 'tfl.depthwise_conv_2d' || op.name === 'tfl.fully_connected')) {
          const w = op.operand(1).type.quant;
          assert.ok(w !== undefined && w.storage === 'i8' && w.zeroPoints.every((z) => z === 0), `${op.name} filter is int8 symmetric`);
        }
        if (mode === 'float16' && op.name === 'tfl.dequantize') assert.equal(op.operand(0).type.elem, 'f16');
      }
      const summary = ctx.get(QuantizeSummaryKey)!;
      assert.ok(summary.weightBytes.after <= summary.weightBytes.before, 'weights do not grow');
      await runsInRuntime(m, inputs[0]!);
    }),
    { numRuns: RUNS, seed: SEED + 2 },
  );
});
