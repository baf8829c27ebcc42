// Shared checks for pass tests: run a pipeline, clone modules, run the float interpreter and compare outputs.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { registry } from '../../dialects/registry.js';
import { passRegistry } from '../../passes/index.js';
import { Module } from '../../src/ir/core.js';
import { parseModule } from '../../src/ir/parser.js';
import { printModule } from '../../src/ir/printer.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { Interpreter } from '../../src/interpreter/index.js';
import { PassManager } from '../../src/pass/manager.js';
import { PassContext } from '../../src/pass/pass.js';
import { buildGraph, graphRecipe } from '../support/arbitrary-graph.js';

/** An exact copy (all constant data printed), so the original stays for the "before" run. */
export function cloneModule(m: Module): Module {
  return parseModule(printModule(m, { printAllData: true }), 'clone.mlir', registry);
}

/** Runs a pipeline with verify-after-each-pass on; returns the context (diagnostics, statistics). */
export async function runPipeline(m: Module, pipeline: string, ctx: PassContext = new PassContext()): Promise<PassContext> {
  await PassManager.fromPipeline(pipeline, passRegistry, { verifyEach: true }).run(m, ctx);
  return ctx;
}

/** Op names of the main func, in order. */
export function opNames(m: Module): string[] {
  return m.main().body.opList().map((o) => o.name);
}

export function countOps(m: Module, name: string): number {
  return opNames(m).filter((n) => n === name).length;
}

/** Deterministic inputs in [-2, 2) for every argument of @main. */
export function seededInputs(m: Module, seed: number): Float32Array[] {
  let s = seed >>> 0 || 1;
  return m.main().args.map((a) => {
    const n = a.type.shape!.reduce((x, y) => x * y, 1);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = (s / 2 ** 32) * 4 - 2;
    }
    return out;
  });
}

export async function runFloat(m: Module, inputs: readonly Float32Array[]): Promise<Float32Array[]> {
  const it = await Interpreter.create(m);
  try {
    const outs = await it.run(inputs);
    return outs.map((o) => Float32Array.from(o.data as Float32Array));
  } finally {
    it.dispose();
  }
}

/**
 * Largest error of `b` against `a`, relative to the largest magnitude of each output tensor, with that scale floored
 * at 1: a tensor whose values cancel to near zero (one output of b + W·x, say) is judged on the unit scale of its
 * terms, as numpy's allclose does with its absolute tolerance. NaN must meet NaN and infinities the same infinity.
 */
export function relativeError(a: readonly Float32Array[], b: readonly Float32Array[], opts: { ignoreNaN?: boolean } = {}): number {
  assert.equal(a.length, b.length, 'number of outputs differs');
  let worst = 0;
  a.forEach((x, k) => {
    const y = b[k]!;
    assert.equal(x.length, y.length, `output ${k} size differs`);
    let scale = 0;
    for (const v of x) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) {
      const [u, v] = [x[i]!, y[i]!];
      if (opts.ignoreNaN && (Number.isNaN(u) || Number.isNaN(v))) continue;
      if (Number.isNaN(u) || Number.isNaN(v) || !Number.isFinite(u) || !Number.isFinite(v)) {
        assert.ok(Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v)), `output ${k}[${i}]: ${u} vs ${v}`);
        continue;
      }
      worst = Math.max(worst, Math.abs(u - v) / Math.max(scale, 1));
    }
  });
  return worst;
}

export interface PreserveResult {
  readonly before: Module;
  readonly after: Module;
  readonly ctx: PassContext;
  readonly error: number;
}

/**
 * The meaning-preserving contract: outputs before and after agree within `tol` (relative), the IR verifies, and
 * running the pipeline again changes nothing (printed IR equal).
 */
export interface PreserveOptions {
  seed?: number;
  tol?: number;
  /**
   * Skip elements that are NaN on either side: clamping NaN differs between kernels (a fused RELU in tfjs' fused
   * conv/matMul gives 0, a standalone tf.relu gives NaN), so passes that move activations cannot promise it.
   */
  ignoreNaN?: boolean;
  /**
   * Check that a second run changes nothing (default true). Off for whole pipelines, which need not be a fixed
   * point: a later pass may open work for an earlier one (mean-to-avgpool makes a pool fold-batchnorm can look
   * through).
   */
  idempotent?: boolean;
}

export async function checkPreserves(m: Module, pipeline: string, opts: PreserveOptions = {}): Promise<PreserveResult> {
  const before = cloneModule(m);
  const ctx = await runPipeline(m, pipeline);
  assert.deepEqual(verifyModule(m, { registry }).map((d) => d.format()), []);
  const inputs = seededInputs(before, opts.seed ?? 7);
  const error = relativeError(await runFloat(before, inputs), await runFloat(m, inputs), opts);
  assert.ok(error <= (opts.tol ?? 1e-5), `outputs differ by ${error} (relative) after ${pipeline}`);
  if (opts.idempotent !== false) {
    const once = printModule(m, { printAllData: true });
    await runPipeline(m, pipeline);
    assert.equal(printModule(m, { printAllData: true }), once, `a second ${pipeline} changed the IR`);
  }
  return { before, after: m, ctx, error };
}

/**
 * On random float and int8-quantized graphs (test/support/arbitrary-graph), the pipeline never throws, the IR
 * verifies after it, and a second run changes nothing. Quantized graphs cannot be compared numerically here.
 */
export async function checkRobustOnRandomGraphs(pipeline: string, numRuns = 40): Promise<void> {
  await fc.assert(
    fc.asyncProperty(graphRecipe({ quantized: 'sometimes', maxSteps: 10 }), async (recipe) => {
      const m = buildGraph(recipe);
      await runPipeline(m, pipeline);
      assert.deepEqual(verifyModule(m, { registry }).map((d) => d.format()), []);
      const once = printModule(m, { printAllData: true });
      await runPipeline(m, pipeline);
      assert.equal(printModule(m, { printAllData: true }), once, `a second ${pipeline} changed the IR`);
    }),
    { numRuns, seed: 2024 },
  );
}
