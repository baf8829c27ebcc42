// Built-in EfficientNet(-Lite): published parameter/MAdd counts, resolutions, and the official checkpoint naming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelStats } from '../../src/analysis/model-stats.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module } from '../../src/ir/core.js';
import { locName } from '../../src/ir/loc.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import { buildEfficientNet } from '../../src/zoo/efficientnet.js';
import { efficientNetArch, roundFilters } from '../../src/zoo/efficientnet-arch.js';
import { exportCheckpoint } from '../../src/zoo/export-ckpt.js';
import { checkpointWeights, seededWeights } from '../../src/zoo/weights.js';
import { writeTensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';

/**
 * Published figures: the EfficientNet-Lite README (params, MAdds) and the EfficientNet paper for B0 (5.3M,
 * 0.39B FLOPs). The Lite README's MAdds include the float graph's elementwise work (batch norm, ReLU6, residual
 * adds); the paper's B0 figure counts multiply-accumulates only. Both are rounded to 2-3 significant digits.
 */
const PUBLISHED: Record<string, { params: string; madds: string; res: number; elementwise: boolean }> = {
  'efficientnet-lite0': { params: '4.7M', madds: '407M', res: 224, elementwise: true },
  'efficientnet-lite1': { params: '5.4M', madds: '631M', res: 240, elementwise: true },
  'efficientnet-lite2': { params: '6.1M', madds: '899M', res: 260, elementwise: true },
  'efficientnet-lite3': { params: '8.2M', madds: '1.44B', res: 280, elementwise: true },
  'efficientnet-lite4': { params: '13.0M', madds: '2.64B', res: 300, elementwise: true },
  'efficientnet-b0': { params: '5.3M', madds: '0.39B', res: 224, elementwise: false },
};

/** A published figure as text ('4.7M'): its value and half a unit of its last digit (its rounding). */
function figure(text: string): { value: number; halfUnit: number } {
  const m = /^([\d.]+)([MB])$/.exec(text)!;
  const scale = m[2] === 'M' ? 1e6 : 1e9;
  const decimals = m[1]!.split('.')[1]?.length ?? 0;
  return { value: Number(m[1]) * scale, halfUnit: 0.5 * 10 ** -decimals * scale };
}

/** Within 1% of the published figure, widened by the figure's own rounding (4.7M stands for 4.65M..4.75M). */
function matches(exact: number, text: string): boolean {
  const f = figure(text);
  return Math.abs(exact - f.value) <= 0.01 * f.value + f.halfUnit;
}

for (const [name, pub] of Object.entries(PUBLISHED)) {
  test(`${name}: parameters, MAdds and resolution match the published table`, () => {
    const { module, arch } = buildEfficientNet(name);
    assert.deepEqual(verifyModule(module), []);
    assert.equal(arch.params.resolution, pub.res);
    assert.deepEqual(module.main().args[0]!.type.shape, [1, pub.res, pub.res, 3]);
    const s = modelStats(module);
    const madds = pub.elementwise ? s.madds_with_elementwise : s.madds;
    const relP = s.trainable_params / figure(pub.params).value - 1;
    const relM = madds / figure(pub.madds).value - 1;
    console.log(`# ${name}: params ${s.trainable_params} (${(100 * relP).toFixed(2)}% vs ${pub.params}), MAdds ${madds} (${(100 * relM).toFixed(2)}% vs ${pub.madds})`);
    assert.ok(matches(s.trainable_params, pub.params), `params ${s.trainable_params} vs ${pub.params}`);
    assert.ok(matches(madds, pub.madds), `MAdds ${madds} vs ${pub.madds}`);
  });
}

test('exact counts that are known precisely: lite0 4,652,008 trainable, B0 5,330,564 in all (Keras)', () => {
  assert.equal(modelStats(buildEfficientNet('efficientnet-lite0').module).trainable_params, 4_652_008);
  assert.equal(modelStats(buildEfficientNet('efficientnet-b0').module).params, 5_330_564);
});

test('lite has no SE and uses ReLU6; B0 has SE and swish', () => {
  const lite = modelStats(buildEfficientNet('efficientnet-lite0').module).ops;
  const b0 = modelStats(buildEfficientNet('efficientnet-b0').module).ops;
  assert.equal(lite['tf.Sigmoid'], undefined);
  assert.equal(lite['tf.Relu6'], 33);
  assert.equal(lite['tf.Mean'], 1);
  assert.equal(b0['tf.Relu6'], undefined);
  assert.equal(b0['tf.Mean'], 17, '16 SE blocks + the head pool');
  assert.equal(b0['tf.Sigmoid'], 49 + 16, 'swish after every BN except projections, plus 16 SE gates');
});

test('width rounding follows the builder (multiples of 8, never 10% below)', () => {
  assert.equal(roundFilters(32, 1.1), 32);
  assert.equal(roundFilters(1280, 1.4), 1792);
  assert.equal(roundFilters(24, 1.4), 32);
  assert.equal(efficientNetArch('efficientnet-lite4').stemFilters, 32, 'Lite keeps the stem');
  assert.equal(efficientNetArch('efficientnet-lite4').headFilters, 1280, 'Lite keeps the head');
});

function constantsByName(m: Module): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const op of m.main().ops()) {
    const c = constantValue(op);
    const n = locName(op.loc);
    if (c && n && c.data instanceof Float32Array) out.set(n, c.data);
  }
  return out;
}

test('official checkpoint naming: export → read back, EMA shadows preferred', () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-ckpt-'));
  try {
    const prefix = join(dir, 'model.ckpt');
    const r = exportCheckpoint('efficientnet-lite0', prefix, { ema: true, emaScale: 2 });
    const w = checkpointWeights(dir);
    assert.ok(w.keys().includes('efficientnet-lite0/stem/conv2d/kernel'));
    assert.ok(w.keys().includes('efficientnet-lite0/blocks_0/tpu_batch_normalization/gamma'));
    assert.ok(w.keys().includes('efficientnet-lite0/blocks_1/depthwise_conv2d/depthwise_kernel'));
    assert.ok(w.keys().includes('efficientnet-lite0/head/dense/kernel'));
    assert.ok(w.keys().includes('efficientnet-lite0/head/tpu_batch_normalization/moving_variance/ExponentialMovingAverage'));
    const fromCkpt = constantsByName(buildEfficientNet('efficientnet-lite0', { weights: w }).module);
    const seeded = constantsByName(buildEfficientNet('efficientnet-lite0', { weights: seededWeights() }).module);
    assert.equal(w.usedEma(), r.variables / 2, 'every variable came from its EMA shadow');
    assert.equal(fromCkpt.size, seeded.size);
    for (const [name, data] of seeded) {
      const got = fromCkpt.get(name)!;
      assert.ok(got, `missing ${name}`);
      assert.equal(got[0], data[0]! * 2, `${name} should come from the EMA shadow`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint of another architecture gives a clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-ckpt-'));
  try {
    writeTensorBundle(join(dir, 'model.ckpt'), [{ name: 'efficientnet-lite0/stem/conv2d/kernel', dtype: 'float32', shape: [3, 3, 3, 16], data: new Float32Array(432) }]);
    const w = checkpointWeights(dir);
    assert.throws(() => buildEfficientNet('efficientnet-lite0', { weights: w }), (e: unknown) => e instanceof LitecError && /has shape \[3,3,3,16\], the architecture needs \[3,3,3,32\]/.test(e.message));
    assert.throws(() => buildEfficientNet('efficientnet-b0', { weights: w }), (e: unknown) => e instanceof LitecError && /variable 'efficientnet-b0\/stem\/conv2d\/kernel' is not in the checkpoint/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
