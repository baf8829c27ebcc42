// Bias correction's mean shifts equal what running each op with its float and its perturbed filter gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attr, dense, denseToFloat32, i32, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module, Operation } from '../../src/ir/core.js';
import { cloneModule } from '../../src/ir/clone.js';
import * as tfl from '../../dialects/tfl/index.js';
import { Interpreter } from '../../src/interpreter/interpreter.js';
import { collectSamples } from '../../src/interpreter/datasets/dataset.js';
import { syntheticDataset } from '../../src/interpreter/datasets/synthetic.js';
import { datasetBiasCorrection } from '../../src/quant/bias-correction.js';
import { f32t, newFunc, seededConst } from '../support/build.js';

const NONE: Record<string, Attr> = { fused_activation_function: str('NONE') };

/**
 * x[1,7,6,3] → conv 3x3 SAME stride 2 (4 out) → depthwise 2x2 VALID multiplier 2, dilation 2 → reshape →
 * fully_connected (5 out). Activations NONE: the shifts are of the op outputs themselves.
 */
function model(): Module {
  const { m, b, args, ret } = newFunc([f32t(1, 7, 6, 3)]);
  const conv = b.create(tfl.Conv2D, [args[0]!, seededConst(b, [4, 3, 3, 3], 1), seededConst(b, [4], 2)], { padding: str('SAME'), stride_h: i32(2), stride_w: i32(2), ...NONE }).result(0);
  const dw = b
    .create(tfl.DepthwiseConv2D, [conv, seededConst(b, [1, 2, 2, 8], 3), seededConst(b, [8], 4)], {
      padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), depth_multiplier: i32(2), dilation_h_factor: i32(2), dilation_w_factor: i32(2), ...NONE,
    })
    .result(0);
  const n = dw.type.shape!.reduce((a, d) => a * d, 1);
  const flat = b.create(tfl.Reshape, [dw, b.constant(dense({ shape: [2], elem: 'i32' }, Int32Array.of(1, n)))], {}).result(0);
  ret(b.create(tfl.FullyConnected, [flat, seededConst(b, [5, n], 5), seededConst(b, [5], 6)], NONE).result(0));
  return m;
}

/** A deterministic perturbation standing in for quantization error (not zero-mean, so shifts are visible). */
function perturbed(w: Float32Array, seed: number): Float32Array {
  return Float32Array.from(w, (x, i) => x + 0.05 * Math.sin(i * 1.7 + seed) + 0.01);
}

test('mean shifts of conv (SAME, stride 2), depthwise (multiplier 2, dilation 2) and fully_connected match brute force', async () => {
  const m = model();
  const weighted = [...m.main().ops()].filter((op) => op.name !== 'arith.constant' && op.name !== 'func.return' && op.name !== 'tfl.reshape');
  const filters = new Map<Operation, Float32Array>(weighted.map((op, k) => [op, perturbed(denseToFloat32(constantValue(op.operand(1).producer)!), k)]));
  const data = syntheticDataset([7, 6, 3], 6, 11, [-1, 2]);
  const shifts = await datasetBiasCorrection(data, { samples: 0, progressLabel: null }).meanShift(m, filters);
  assert.equal(shifts.size, 3);

  // Brute force, op by op: the same module with only that op's filter replaced; the op's input is unchanged, so
  // the mean difference of its outputs is the shift.
  const samples = await collectSamples(data);
  for (const [k, op] of weighted.entries()) {
    const alt = cloneModule(m);
    const altOp = [...alt.main().ops()].filter((o) => o.name === op.name)[0]!;
    const filterOp = altOp.operand(1).producer!;
    filterOp.setAttr('value', dense(constantValue(filterOp)!.type, filters.get(op)!));
    const index = [...m.main().ops()].indexOf(op);
    const outputsOf = async (mod: Module): Promise<Float32Array[]> => {
      const target = [...mod.main().ops()][index]!.result(0);
      const it = await Interpreter.create(mod);
      const outs: Float32Array[] = [];
      try {
        for (const s of samples) await it.run([s.data], { onValue: (v, t) => v === target && outs.push(Float32Array.from(t.dataSync())) });
      } finally {
        it.dispose();
      }
      return outs;
    };
    const a = await outputsOf(m);
    const b = await outputsOf(alt);
    const channels = op.result(0).type.shape!.at(-1)!;
    const sum = new Float64Array(channels);
    let positions = 0;
    a.forEach((x, s) => {
      for (let i = 0; i < x.length; i++) sum[i % channels]! += x[i]! - b[s]![i]!;
      positions += x.length / channels;
    });
    const want = Array.from(sum, (v) => v / positions);
    const got = Array.from(shifts.get(op)!);
    assert.equal(got.length, channels, op.name);
    got.forEach((g, c) => assert.ok(Math.abs(g - want[c]!) < 1e-4 + 1e-3 * Math.abs(want[c]!), `${op.name} (#${k}) channel ${c}: ${g} vs brute force ${want[c]}`));
    assert.ok(want.some((w) => Math.abs(w) > 1e-3), `${op.name}: the perturbation shifts the output`);
  }
});
