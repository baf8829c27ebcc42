// `litec compile --fix` with the repair passes: small float models with a LEAKY_RELU, a pool followed by a RELU and a
// SQUEEZE are reported with their blocker without --fix and map completely with it; the results run in TFLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '../../dialects/tfl/index.js';
import { bool, f32, i32, i32s, str } from '../../src/ir/attributes.js';
import type { Module, Value } from '../../src/ir/core.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { withRepairs } from '../../src/driver/fix.js';
import { emitTflite } from '../../src/index.js';
import { passRegistry } from '../../passes/index.js';
import { parsePipeline } from '../../src/pass/pipeline.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { GraphBuilder, act } from '../targets/graphs.js';

function capture(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s) } as CliIO, out: () => out, err: () => err };
}

/** image [1,8,8,3] → conv(4) → `middle` → reshape [1, n] → fully connected (10). */
function floatModel(middle: (g: GraphBuilder, x: Value) => Value): Module {
  const g = new GraphBuilder('f32', [{ name: 'image', type: act('f32', [1, 8, 8, 3]) }]);
  const c = g.conv('conv/Conv2D', g.args[0]!, 4, 3);
  const m = middle(g, c);
  const n = m.type.shape!.reduce((a, d) => a * d, 1);
  const flat = g.reshape('flatten/Reshape', m, [1, n]);
  return g.finish(g.add(tfl.FullyConnected, 'logits/MatMul', [flat, g.weights([10, n]), g.bias(10)], { fused_activation_function: str('NONE') }, act('f32', [1, 10])));
}

/** A global mean (keep_dims) squeezed to [1, 4] for the classifier: SQUEEZE has no GPU kernel. */
const squeezeModel = (): Module =>
  floatModel((g, x) => {
    const mean = g.add(tfl.Mean, 'pool/Mean', [x, g.ints([1, 2])], { keep_dims: bool(true) }, act('f32', [1, 1, 1, 4]));
    return g.add(tfl.Squeeze, 'pool/Squeeze', [mean], { squeeze_dims: i32s([1, 2]) }, act('f32', [1, 4]));
  });

const leakyModel = (): Module => floatModel((g, x) => g.add(tfl.LeakyRelu, 'act/LeakyRelu', [x], { alpha: f32(0.2) }, act('f32', [1, 8, 8, 4])));

/** max_pool then a separate relu: litec's own fuse-activation fuses the relu into the pool, which the Edge TPU refuses. */
const poolReluModel = (): Module =>
  floatModel((g, x) => {
    const p = g.add(tfl.MaxPool2D, 'pool/MaxPool', [x], { padding: str('VALID'), stride_h: i32(2), stride_w: i32(2), filter_height: i32(2), filter_width: i32(2), fused_activation_function: str('NONE') }, act('f32', [1, 4, 4, 4]));
    return g.unary(tfl.Relu, 'pool/Relu', p);
  });

interface Report {
  exit_code: number;
  pipeline: string;
  placement: { verdict: string; first_blocker: { op: string; code: string } | null; ops: { op: string; mapped: boolean }[] };
  fixes?: { applied: { id: string; pass: string | null }[]; not_applied: { id: string; reason: string }[] };
  runtime_check: { ok: boolean; inputs: { dtype: string; shape: number[] }[] };
}

async function compileFile(dir: string, name: string, m: Module, extra: string[]): Promise<{ code: number; report: Report; out: string; bytes: Uint8Array }> {
  const model = join(dir, `${name}.tflite`);
  writeFileSync(model, emitTflite(m));
  const out = join(dir, `${name}-out${extra.includes('--fix') ? '-fixed' : ''}.tflite`);
  const json = `${out}.json`;
  const c = capture();
  const code = await runCli(['compile', model, '-o', out, '--report-json', json, ...extra], c.io);
  assert.ok(code === 0 || code === 3, c.err());
  return { code, report: JSON.parse(readFileSync(json, 'utf8')) as Report, out: c.out(), bytes: readFileSync(out) };
}

/** Loads the model in the real TFLite runtime and runs it on a mid-grey uint8 image. */
async function runsInTflite(bytes: Uint8Array): Promise<void> {
  const rt = await TfliteRuntime.load(bytes, { file: 'fixed model' });
  try {
    const [y] = rt.run([new Uint8Array(8 * 8 * 3).fill(128)]);
    assert.equal(y!.length, 10);
  } finally {
    rt.dispose();
  }
}

const EDGETPU = ['--target', 'edgetpu', '--calibration-data', 'synthetic', '--samples', '4', '--no-accuracy-report'];
/**
 * The Edge TPU pipeline without its own unfuse-pool-activation: what a user's --passes (or an older litec) gives, so
 * fuse-activation leaves a RELU fused into the pool for --fix to repair.
 */
const FUSING_PIPELINE = ['--passes', 'legalize-tf,canonicalize,fuse-activation,cse,dce,calibrate,quantize{mode=int8 input-type=uint8 output-type=uint8}'];

for (const c of [
  { name: 'leaky', build: leakyModel, blocker: 'LEAKY_RELU', code: 'ET-OP-UNSUPPORTED', fix: 'leaky-relu-to-max', gone: 'LEAKY_RELU', added: ['MAXIMUM', 'MUL'], passes: [] },
  { name: 'pool-relu', build: poolReluModel, blocker: 'MAX_POOL_2D', code: 'ET-FUSED-ACTIVATION', fix: 'unfuse-pool-activation', gone: null, added: ['MAX_POOL_2D', 'RELU'], passes: FUSING_PIPELINE },
]) {
  test(`--target edgetpu: a float model with ${c.blocker} (${c.code}) reports it without --fix and maps every op with it`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `litec-fix-${c.name}-`));
    try {
      const plain = await compileFile(dir, c.name, c.build(), [...EDGETPU, ...c.passes]);
      assert.equal(plain.code, 3);
      assert.equal(plain.report.placement.verdict, 'partial');
      assert.deepEqual(plain.report.placement.first_blocker && [plain.report.placement.first_blocker.op, plain.report.placement.first_blocker.code], [c.blocker, c.code]);
      assert.ok(plain.report.runtime_check.ok);

      const fixed = await compileFile(dir, c.name, c.build(), [...EDGETPU, ...c.passes, '--fix']);
      assert.equal(fixed.code, 0, fixed.out);
      assert.equal(fixed.report.placement.verdict, 'all-mapped', fixed.out);
      assert.deepEqual(fixed.report.fixes?.applied.map((a) => a.id), [c.fix]);
      assert.deepEqual(fixed.report.fixes?.not_applied, []);
      assert.match(fixed.out, new RegExp(`fix applied: .*\\(pass ${c.fix}`));
      // The repair runs on the float model, before calibration: the new ops are quantized like the others.
      assert.match(fixed.report.pipeline, new RegExp(`${c.fix}[^,]*,cse,dce,calibrate`));
      const ops = fixed.report.placement.ops.map((o) => o.op);
      if (c.gone !== null) assert.ok(!ops.includes(c.gone), ops.join(' '));
      for (const op of c.added) assert.ok(ops.includes(op), ops.join(' '));
      assert.ok(fixed.report.runtime_check.ok);
      assert.deepEqual(fixed.report.runtime_check.inputs.map((i) => i.dtype), ['uint8']);
      await runsInTflite(fixed.bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('--target edgetpu: the default pipeline keeps a ReLU after a pool separate, so the pool maps without --fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-pool-relu-default-'));
  try {
    const r = await compileFile(dir, 'pool-relu', poolReluModel(), EDGETPU);
    assert.equal(r.code, 0);
    assert.equal(r.report.placement.verdict, 'all-mapped');
    assert.match(r.report.pipeline, /fuse-activation,.*unfuse-pool-activation\{tanh=false\}/);
    const ops = r.report.placement.ops.map((o) => o.op);
    assert.ok(ops.includes('MAX_POOL_2D') && ops.includes('RELU'), ops.join(' '));
    await runsInTflite(r.bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix on an already-quantized model: the pool is unfused in int8, the LEAKY_RELU is reported as unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-fix-int8-'));
  try {
    // A float model with both blockers, compiled for the Edge TPU without --fix: an int8 .tflite that still has them.
    const both = floatModel((g, x) => {
      const l = g.add(tfl.LeakyRelu, 'act/LeakyRelu', [x], { alpha: f32(0.2) }, act('f32', [1, 8, 8, 4]));
      const p = g.add(tfl.MaxPool2D, 'pool/MaxPool', [l], { padding: str('VALID'), stride_h: i32(2), stride_w: i32(2), filter_height: i32(2), filter_width: i32(2), fused_activation_function: str('NONE') }, act('f32', [1, 4, 4, 4]));
      return g.unary(tfl.Relu, 'pool/Relu', p);
    });
    const int8 = await compileFile(dir, 'both', both, [...EDGETPU, ...FUSING_PIPELINE]);
    assert.equal(int8.code, 3);
    const ops = (r: Report): string[] => r.placement.ops.map((o) => o.op);
    assert.ok(ops(int8.report).includes('LEAKY_RELU') && !ops(int8.report).includes('RELU'), ops(int8.report).join(' '));
    const c = capture();
    const out = join(dir, 'both-int8-fixed.tflite');
    const json = `${out}.json`;
    const code = await runCli(['compile', join(dir, 'both-out.tflite'), '--target', 'edgetpu', '--fix', '-o', out, '--report-json', json], c.io);
    assert.equal(code, 3, c.err());
    const r = JSON.parse(readFileSync(json, 'utf8')) as Report;
    assert.equal(r.pipeline, 'leaky-relu-to-max,unfuse-pool-activation{tanh=false}');
    assert.deepEqual(r.fixes?.applied.map((a) => a.id), ['unfuse-pool-activation']);
    assert.ok(ops(r).includes('RELU') && ops(r).includes('LEAKY_RELU'), ops(r).join(' '));
    const leaky = r.fixes?.not_applied.find((n) => n.id === 'leaky-relu-to-max');
    assert.match(leaky?.reason ?? '', /tried, but op #\d+ is unchanged .*start from the float model/);
    assert.ok(r.runtime_check.ok);
    await runsInTflite(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--target gpu: a SQUEEZE falls back to the CPU without --fix; with it a RESHAPE takes its place and all ops map', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-fix-squeeze-'));
  try {
    const plain = await compileFile(dir, 'squeeze', squeezeModel(), ['--target', 'gpu']);
    assert.equal(plain.code, 3);
    assert.equal(plain.report.placement.first_blocker?.op, 'SQUEEZE');
    const fixed = await compileFile(dir, 'squeeze', squeezeModel(), ['--target', 'gpu', '--fix']);
    assert.equal(fixed.code, 0, fixed.out);
    assert.equal(fixed.report.placement.verdict, 'all-mapped');
    assert.deepEqual(fixed.report.fixes?.applied.map((a) => [a.id, a.pass]), [['squeeze-to-reshape', 'squeeze-to-reshape']]);
    assert.ok(!fixed.report.placement.ops.some((o) => o.op === 'SQUEEZE'));
    assert.ok(fixed.report.runtime_check.ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('repairs go before calibrate/quantize and the cse/dce in front of them; a pipeline of none becomes the repairs', () => {
  const r = parsePipeline('unfuse-pool-activation{tanh=false},squeeze-to-reshape', passRegistry);
  assert.equal(
    withRepairs('canonicalize,fuse-activation,mean-to-avgpool,cse,dce,calibrate{samples=4},quantize{mode=int8 input-type=uint8 output-type=uint8}', r),
    'canonicalize,fuse-activation,mean-to-avgpool,unfuse-pool-activation{tanh=false},squeeze-to-reshape,cse,dce,calibrate{samples=4},quantize{input-type=uint8 output-type=uint8}',
  );
  assert.equal(withRepairs('canonicalize,fuse-activation', r), 'canonicalize,fuse-activation,unfuse-pool-activation{tanh=false},squeeze-to-reshape');
  assert.equal(withRepairs('none', r), 'unfuse-pool-activation{tanh=false},squeeze-to-reshape');
  // A repair named twice (two suggestions) or already in the pipeline runs once.
  assert.equal(withRepairs('squeeze-to-reshape,quantize{mode=float16}', [...r, ...r]), 'squeeze-to-reshape,unfuse-pool-activation{tanh=false},quantize{mode=float16}');
});

test('--fix keeps the --io-type of the first compile (the repaired pipeline carries it)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-fix-io-'));
  try {
    const fixed = await compileFile(dir, 'leaky', leakyModel(), [...EDGETPU, '--io-type', 'int8', '--fix']);
    assert.equal(fixed.code, 0, fixed.out);
    assert.equal(fixed.report.placement.verdict, 'all-mapped');
    assert.deepEqual(fixed.report.fixes?.applied.map((a) => a.id), ['leaky-relu-to-max']);
    assert.deepEqual(fixed.report.runtime_check.inputs.map((i) => i.dtype), ['int8']);
    assert.match(fixed.report.pipeline, /quantize\{.*input-type=int8/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
