// EfficientNet-Lite0..4 end to end: every target compiles, the real TFLite runtime runs each result, the Edge TPU
// report maps every op; and litec's lite0 int8 has the structure of the real Model Maker EfficientNet-Lite0 int8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile, type CompileOptions } from '../../src/driver/compile.js';
import { defaultPipeline } from '../../targets/index.js';
import { importTfliteBytes } from '../../src/importers/tflite/import.js';
import { Module } from '../../src/ir/core.js';
import { skipUnlessShared, sharedModel } from '../support/shared-models.js';

const LITE = ['efficientnet-lite0', 'efficientnet-lite1', 'efficientnet-lite2', 'efficientnet-lite3', 'efficientnet-lite4'];
const RES = [224, 240, 260, 280, 300];

interface Variant {
  label: string;
  opts: CompileOptions;
  io: string;
}

const VARIANTS: Variant[] = [
  { label: 'cpu float', opts: { target: 'cpu', quantize: 'none' }, io: 'float32' },
  { label: 'cpu int8', opts: { target: 'cpu', quantize: 'int8', calibrationData: 'synthetic', samples: 1 }, io: 'float32' },
  { label: 'gpu', opts: { target: 'gpu' }, io: 'float32' },
  { label: 'edgetpu', opts: { target: 'edgetpu', calibrationData: 'synthetic', samples: 1 }, io: 'uint8' },
];

LITE.forEach((name, k) => {
  test(`${name} compiles for cpu (float, int8), gpu and edgetpu; the runtime runs every result`, async () => {
    const sizes: string[] = [];
    for (const v of VARIANTS) {
      const r = await compile(name, { ...v.opts, accuracyReport: false });
      const rep = r.report;
      assert.ok(rep.runtime_check?.ok, `${name} ${v.label}: runtime check failed: ${rep.runtime_check?.error}`);
      assert.deepEqual(rep.runtime_check.inputs[0]!.shape, [1, RES[k], RES[k], 3], `${name} ${v.label}: input shape`);
      assert.equal(rep.runtime_check.inputs[0]!.dtype, v.io, `${name} ${v.label}: input type`);
      assert.deepEqual(rep.runtime_check.outputs[0]!.shape, [1, 1000]);
      assert.equal(rep.exit_code, 0, `${name} ${v.label}: every op runs on the target`);
      const placement = rep.placement as { verdict: string };
      assert.equal(placement.verdict, 'all-mapped', `${name} ${v.label}: ${rep.placement_text}`);
      assert.ok(!Object.keys(rep.after.ops).some((o) => o.startsWith('tf.')));
      sizes.push(`${v.label} ${(r.bytes.length / 1e6).toFixed(2)} MB`);
      // Weight storage: int8 ~1 byte/param, float16 ~2, float32 ~4 (plus a little structure).
      const perParam = r.bytes.length / rep.after.params;
      const expected = v.label === 'cpu float' ? 4 : v.label === 'gpu' ? 2 : 1;
      // int8 models also hold int32 biases and a float scale + int64 zero point per output channel (Model Maker lite0: 1.18).
      assert.ok(perParam > expected && perParam < expected * (expected === 1 ? 1.25 : 1.05), `${name} ${v.label}: ${perParam.toFixed(3)} bytes per parameter`);
    }
    console.log(`  ${name}: ${sizes.join(', ')}`);
  });
});

function histogram(m: Module): Record<string, number> {
  const h: Record<string, number> = {};
  for (const op of m.allOps()) if (op.name !== 'arith.constant' && op.name !== 'func.return') h[op.name] = (h[op.name] ?? 0) + 1;
  return Object.fromEntries(Object.entries(h).sort());
}

interface Structure {
  ops: Record<string, number>;
  perChannelFilters: number;
  filters: number;
  relu6Fused: number;
  io: string[];
}

function structure(m: Module): Structure {
  let perChannelFilters = 0;
  let filters = 0;
  let relu6Fused = 0;
  for (const op of m.allOps()) {
    if (!['tfl.conv_2d', 'tfl.depthwise_conv_2d', 'tfl.fully_connected'].includes(op.name)) continue;
    const q = op.operand(1).type.quant;
    filters++;
    if (q !== undefined && q.axis !== undefined && q.scales.length > 1) perChannelFilters++;
    const act = op.attr('fused_activation_function');
    if (act?.kind === 'string' && act.value === 'RELU6') relu6Fused++;
  }
  const f = m.main();
  const io = [...f.args.map((a) => a.type.quant?.storage ?? a.type.elem), ...f.resultTypes.map((t) => t.quant?.storage ?? t.elem)];
  return { ops: histogram(m), perChannelFilters, filters, relu6Fused, io };
}

test('litec lite0 int8 has the structure of the Model Maker EfficientNet-Lite0 int8', { skip: skipUnlessShared() }, async () => {
  const real = importTfliteBytes(readFileSync(sharedModel('tflite/efficientnet_lite0_int8_9class.tflite')), 'efficientnet_lite0_int8_9class.tflite');
  // The converter's layout for a CPU int8 model with uint8 I/O (what Model Maker exports), 9 classes like the real one.
  const pipeline = defaultPipeline('cpu', 'int8', true, 2).replace('quantize{mode=int8}', 'quantize{mode=int8 input-type=uint8 output-type=uint8}');
  const ours = importTfliteBytes((await compile('efficientnet-lite0', { target: 'cpu', passes: pipeline, calibrationData: 'synthetic', samples: 2, numClasses: 9, accuracyReport: false })).bytes, 'litec lite0');
  const a = structure(real);
  const b = structure(ours);
  console.log(`  Model Maker lite0 int8: ${JSON.stringify(a.ops)}`);
  console.log(`  litec lite0 int8:       ${JSON.stringify(b.ops)}`);
  // Model Maker puts the input normalization (x - mean) / std in the graph as one MUL and one ADD after the input
  // QUANTIZE; litec leaves normalization to the caller (and records it in the metadata with --mean/--std).
  const withoutNormalization: Record<string, number> = { ...a.ops, 'tfl.mul': (a.ops['tfl.mul'] ?? 0) - 1, 'tfl.add': (a.ops['tfl.add'] ?? 0) - 1 };
  if (withoutNormalization['tfl.mul'] === 0) delete withoutNormalization['tfl.mul'];
  assert.deepEqual(b.ops, withoutNormalization);
  assert.equal(b.filters, a.filters);
  assert.equal(a.perChannelFilters, a.filters - 1, 'Model Maker: per-channel conv/depthwise filters, per-tensor fully_connected');
  assert.equal(b.perChannelFilters, a.perChannelFilters + 1, 'litec also quantizes the classifier per channel');
  assert.equal(b.relu6Fused, a.relu6Fused, 'fused ReLU6 count');
  assert.deepEqual(b.io, a.io);
  assert.deepEqual(a.io, ['u8', 'u8']);
});
