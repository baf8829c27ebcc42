// The main job end to end: the demo (README's first command), metadata from --labels/--mean/--std, the report
// files, and the library example from the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { importTfliteBytes } from '../../src/importers/tflite/import.js';
import { readModelMetadata } from '../../src/emitters/tflite/metadata-reader.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { compile, emitTflite, importModel, PassManager, PassContext, passRegistry } from '../../src/index.js';
import { skipUnlessShared, sharedModel } from '../support/shared-models.js';

function capture(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s) } as CliIO, out: () => out, err: () => err };
}

test('the demo: no arguments compiles efficientnet-lite0 for the Edge TPU with synthetic calibration', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-demo-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const c = capture();
    const code = await runCli([], c.io);
    assert.equal(code, 0, c.err());
    const out = c.out();
    assert.match(out, /litec compile efficientnet-lite0 \(builtin\) --target=edgetpu/);
    assert.match(out, /synthetic weights/);
    assert.match(out, /calibration data: synthetic data: 8 random tensors/);
    assert.match(out, /pass timings:/);
    assert.match(out, /verdict: all-mapped/);
    assert.match(out, /quantization report: 4 samples of synthetic data/);
    assert.match(out, /worst layers \(lowest SQNR\):/);
    assert.match(out, /runtime check: the real TFLite runtime loaded and ran the model .*uint8\[1,224,224,3\] → uint8\[1,1000\]/);
    const file = join(dir, 'out', 'efficientnet-lite0_edgetpu.tflite');
    assert.ok(existsSync(file));
    assert.deepEqual(readdirSync(join(dir, 'out')), ['efficientnet-lite0_edgetpu.tflite'], 'no temp files left');
    const rt = await TfliteRuntime.load(readFileSync(file), { file });
    try {
      const out0 = rt.run([new Uint8Array(224 * 224 * 3).fill(128)])[0]!;
      assert.equal(out0.length, 1000);
    } finally {
      rt.dispose();
    }
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--labels --mean --std write TFLite metadata and the labels file; reports go to files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-md-'));
  try {
    const labels = join(dir, 'labels.txt');
    writeFileSync(labels, Array.from({ length: 1000 }, (_, i) => `class ${i}`).join('\n') + '\n');
    const out = join(dir, 'lite0.tflite');
    const c = capture();
    const code = await runCli(
      ['compile', 'efficientnet-lite0', '--target', 'cpu', '--quantize', 'none', '-o', out, '--labels', labels, '--mean', '127', '--std', '128', '--report', join(dir, 'r.txt'), '--report-json', join(dir, 'r.json'), '--quiet'],
      c.io,
    );
    assert.equal(code, 0, c.err());
    assert.equal(c.out(), '', '--quiet prints nothing');
    const bytes = readFileSync(out);
    const m = importTfliteBytes(bytes, out);
    const md = m.attrs.get('tfl.metadata.TFLITE_METADATA');
    assert.ok(md?.kind === 'dense' && md.data instanceof Uint8Array);
    const meta = readModelMetadata(md.data);
    assert.equal(meta.name, 'efficientnet-lite0');
    assert.deepEqual(meta.inputs[0]!.mean, [127]);
    assert.deepEqual(meta.inputs[0]!.std, [128]);
    assert.deepEqual(meta.outputs[0]!.labelsFiles, ['labels.txt']);
    const packed = m.attrs.get('tfl.associated_file.labels.txt');
    assert.ok(packed?.kind === 'dense' && packed.data instanceof Uint8Array);
    assert.equal(Buffer.from(packed.data).toString('utf8').split('\n')[653], 'class 653');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { output: string; target: string; size_after: number };
    assert.equal(report.output, out);
    assert.equal(report.size_after, bytes.length);
    assert.match(readFileSync(join(dir, 'r.txt'), 'utf8'), /^litec compile efficientnet-lite0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a target blocker makes compile exit 3 (2 with --strict) and the output is still written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-fb-'));
  try {
    // Float model on the Edge TPU without quantization: every op falls back.
    const out = join(dir, 'f.tflite');
    const c = capture();
    const code = await runCli(['compile', 'efficientnet-lite0', '--target', 'edgetpu', '--quantize', 'none', '-o', out, '--quiet'], c.io);
    assert.equal(code, 3);
    assert.ok(existsSync(out));
    const strict = capture();
    assert.equal(await runCli(['compile', 'efficientnet-lite0', '--target', 'edgetpu', '--quantize', 'none', '-o', out, '--quiet', '--strict'], strict.io), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the library example from the README', { skip: skipUnlessShared() }, async () => {
  // README: "litec as a library"
  const { module } = await importModel(sharedModel('savedmodel/mnist_cnn_bn'), { batchSize: 1 });
  const pm = PassManager.fromPipeline('legalize-tf,fold-constants,fold-batchnorm,fuse-bias,fuse-activation,dce', passRegistry);
  await pm.run(module, new PassContext());
  const bytes = emitTflite(module);
  assert.ok(bytes.length > 400_000 && bytes.length < 600_000, `${bytes.length} bytes`);
  const r = await compile(sharedModel('savedmodel/mnist_cnn_bn'), { target: 'edgetpu', calibrationData: 'mnist', samples: 100 });
  assert.equal(r.report.exit_code, 0, r.report.placement_text);
  assert.deepEqual(r.report.runtime_check?.inputs.map((i) => i.dtype), ['uint8']);
});

test('--fix applies repairs that keep the function (batch size) and lists the ones that change outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-fix-'));
  try {
    const json = join(dir, 'r.json');
    const c = capture();
    const code = await runCli(['compile', 'efficientnet-lite0', '--batch-size', '4', '--target', 'gpu', '--fix', '-o', join(dir, 'g.tflite'), '--report-json', json], c.io);
    assert.equal(code, 0, c.err());
    assert.match(c.out(), /fix applied: Fix the batch size to 1 \(--batch-size 1\)/);
    const r = JSON.parse(readFileSync(json, 'utf8')) as { fixes: { applied: { id: string }[] }; runtime_check: { inputs: { shape: number[] }[] } };
    assert.deepEqual(r.fixes.applied.map((a) => a.id), ['batch-size-1']);
    assert.deepEqual(r.runtime_check.inputs[0]!.shape, [1, 224, 224, 3]);
    const b0 = capture();
    assert.equal(await runCli(['compile', 'efficientnet-b0', '--target', 'edgetpu', '--calibration-data', 'synthetic', '--samples', '1', '--fix', '-o', join(dir, 'b0.tflite')], b0.io), 0, b0.err());
    assert.match(b0.out(), /fix not applied: Use ReLU6 instead of swish: changes the model's outputs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export-ckpt then compile --ckpt: weights come from the official-layout checkpoint, not synthetic', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-ckpt-'));
  try {
    const e = capture();
    assert.equal(await runCli(['export-ckpt', 'efficientnet-lite0', '-o', join(dir, 'model.ckpt'), '--ema'], e.io), 0, e.err());
    const json = join(dir, 'r.json');
    const c = capture();
    const code = await runCli(['compile', 'efficientnet-lite0', '--ckpt', dir, '--quantize', 'none', '-o', join(dir, 'l0.tflite'), '--report-json', json, '--quiet'], c.io);
    assert.equal(code, 0, c.err());
    const r = JSON.parse(readFileSync(json, 'utf8')) as { synthetic_weights: boolean };
    assert.equal(r.synthetic_weights, false);
    // Same seeded values written and read back: the emitted model equals the one built from seeded weights.
    const seeded = await compile('efficientnet-lite0', { quantize: 'none', checkRuntime: false });
    const fromCkpt = readFileSync(join(dir, 'l0.tflite'));
    assert.equal(fromCkpt.length, seeded.bytes.length);
    const bad = capture();
    assert.equal(await runCli(['compile', 'efficientnet-lite1', '--ckpt', dir, '-o', join(dir, 'x.tflite')], bad.io), 2);
    assert.match(bad.err(), /variable '.*' is not in the checkpoint|has shape/);
    assert.equal(bad.err().trim().split('\n').length, 1);
    assert.ok(!existsSync(join(dir, 'x.tflite')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mnist_cnn_bn for every target: edgetpu full int8 uint8 I/O all mapped, gpu float16, cpu int8 / float', { skip: skipUnlessShared() }, async () => {
  const model = sharedModel('savedmodel/mnist_cnn_bn');
  const edge = await compile(model, { target: 'edgetpu', calibrationData: 'mnist', samples: 100, accuracyReport: false });
  assert.equal((edge.report.placement as { verdict: string }).verdict, 'all-mapped', edge.report.placement_text);
  assert.deepEqual([edge.report.runtime_check?.inputs[0]!.dtype, edge.report.runtime_check?.outputs[0]!.dtype], ['uint8', 'uint8']);
  assert.ok(Object.keys(edge.report.after.ops).every((o) => ['tfl.conv_2d', 'tfl.max_pool_2d', 'tfl.reshape', 'tfl.fully_connected', 'tfl.softmax', 'tfl.quantize'].includes(o)), JSON.stringify(edge.report.after.ops));
  const gpu = await compile(model, { target: 'gpu' });
  assert.ok(gpu.report.runtime_check?.ok);
  assert.equal((gpu.report.quantization as { summary: { mode: string } }).summary.mode, 'float16');
  assert.equal(gpu.report.exit_code, 0, gpu.report.placement_text);
  const cpuInt8 = await compile(model, { target: 'cpu', calibrationData: 'mnist', samples: 100, accuracyReport: false });
  assert.ok(cpuInt8.report.runtime_check?.ok);
  assert.equal((cpuInt8.report.quantization as { summary: { mode: string } }).summary.mode, 'int8');
  const cpuFloat = await compile(model, { target: 'cpu' });
  assert.ok(cpuFloat.report.runtime_check?.ok);
  assert.equal(cpuFloat.report.quantization, null);
  assert.ok(cpuInt8.bytes.length < 0.3 * cpuFloat.bytes.length && gpu.bytes.length < 0.55 * cpuFloat.bytes.length);
});

test('--eval-data: the layer report runs on held-out digits, not the calibration ones; --report-samples all', { skip: skipUnlessShared() }, async () => {
  const model = sharedModel('savedmodel/mnist_cnn_bn');
  const base = { target: 'cpu', calibrationData: 'mnist', samples: 50, checkRuntime: false } as const;
  type Layers = { samples: number; data: string; model: { accuracy: { float: number; quantized: number } | null } };
  const onCal = (await compile(model, base)).report.quantization as { layers: Layers };
  assert.match(onCal.layers.data, /50 of 10000, from position 0/);
  assert.equal(onCal.layers.samples, 4);
  const held = (await compile(model, { ...base, evalData: 'mnist-l2:9980', reportSamples: 0 })).report.quantization as { layers: Layers };
  // The last 20 digits, all of them (0 = every sample), with their labels: top-1 accuracy of both models is reported.
  assert.match(held.layers.data, /20 of 10000, from position 9980, classes interleaved, columns scaled to unit L2 norm/);
  assert.equal(held.layers.samples, 20);
  assert.ok(held.layers.model.accuracy != null, JSON.stringify(held.layers.model));
  assert.equal(onCal.layers.model.accuracy?.float, 1, 'four calibration digits');
  const c = capture();
  assert.equal(await runCli(['compile', model, '--calibration-data', 'mnist', '--samples', '20', '--eval-data', join(tmpdir(), 'litec-no-such-eval'), '-o', join(tmpdir(), 'litec-eval-unused.tflite')], c.io), 2);
  assert.match(c.err(), /litec-no-such-eval.*no such file/);
  assert.ok(!existsSync(join(tmpdir(), 'litec-eval-unused.tflite')));
});

test('an already-quantized .tflite is checked for the target and re-emitted, not quantized again', { skip: skipUnlessShared() }, async () => {
  const model = sharedModel('tflite/hello_world_int8.tflite');
  const r = await compile(model, { target: 'edgetpu', calibrationData: 'synthetic' });
  assert.equal((r.report.placement as { verdict: string }).verdict, 'all-mapped', r.report.placement_text);
  assert.ok(r.report.diagnostics.some((d) => /LC5003.*already quantized.*--calibration-data is not used/.test(d)), r.report.diagnostics.join('\n'));
  assert.equal(r.report.quantization, null);
  // Same function as the original: identical outputs in the real runtime on every int8 input value.
  const x = new Int8Array(1);
  const [orig, again] = await Promise.all([TfliteRuntime.load(readFileSync(model), { file: 'original' }), TfliteRuntime.load(r.bytes, { file: 'compiled' })]);
  try {
    const outputs = new Set<number>();
    for (let v = -128; v <= 127; v++) {
      x[0] = v;
      const want = [...(orig.run([x])[0] as Int8Array)];
      assert.deepEqual([...(again.run([x])[0] as Int8Array)], want, `x=${v}`);
      outputs.add(want[0]!);
    }
    assert.ok(outputs.size > 50, 'the model computes something (sine): many distinct outputs');
  } finally {
    orig.dispose();
    again.dispose();
  }
  const c = capture();
  assert.equal(await runCli(['compile', model, '--quantize', 'int8', '-o', join(tmpdir(), 'litec-requant.tflite')], c.io), 2);
  assert.match(c.err(), /already quantized.*--quantize int8/);
  const d = capture();
  assert.equal(await runCli(['compile', model, '--io-type', 'uint8', '-o', join(tmpdir(), 'litec-requant.tflite')], d.io), 2);
  assert.match(d.err(), /already quantized.*--io-type uint8/);
  assert.ok(!existsSync(join(tmpdir(), 'litec-requant.tflite')));
});

test('--io-type picks the int8 model I/O type (edgetpu int8, cpu uint8); it is an error for other modes', { skip: skipUnlessShared() }, async () => {
  const model = sharedModel('savedmodel/mnist_cnn_bn');
  const base = { calibrationData: 'mnist', samples: 20, accuracyReport: false } as const;
  const io = (r: Awaited<ReturnType<typeof compile>>): string[] => [r.report.runtime_check!.inputs[0]!.dtype, r.report.runtime_check!.outputs[0]!.dtype];
  const edgeInt8 = await compile(model, { ...base, target: 'edgetpu', ioType: 'int8' });
  assert.deepEqual(io(edgeInt8), ['int8', 'int8']);
  assert.equal((edgeInt8.report.placement as { verdict: string }).verdict, 'all-mapped');
  assert.equal(edgeInt8.report.after.ops['tfl.quantize'], undefined, 'int8 I/O needs no QUANTIZE at the edges');
  assert.deepEqual(io(await compile(model, { ...base, target: 'cpu', ioType: 'uint8' })), ['uint8', 'uint8']);
  // Float I/O on the Edge TPU: the boundary QUANTIZE/DEQUANTIZE run on the CPU, and the report says so (exit 3).
  const edgeFloat = await compile(model, { ...base, target: 'edgetpu', ioType: 'float' });
  assert.deepEqual(io(edgeFloat), ['float32', 'float32']);
  assert.equal(edgeFloat.report.exit_code, 3, edgeFloat.report.placement_text);
  const c = capture();
  assert.equal(await runCli(['compile', model, '--quantize', 'float16', '--io-type', 'int8', '-o', join(tmpdir(), 'litec-io.tflite')], c.io), 2);
  assert.match(c.err(), /--io-type int8 applies to full-integer models.*float16/);
  const d = capture();
  assert.equal(await runCli(['compile', model, '--io-type', 'int16'], d.io), 2);
  assert.match(d.err(), /--io-type must be one of float\|int8\|uint8/);
});
