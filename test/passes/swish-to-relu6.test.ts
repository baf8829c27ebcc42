// swish-to-relu6: replaces exactly the swish activations (x * logistic(x)) with the chosen activation, and warns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { str } from '../../src/ir/attributes.js';
import { printModule } from '../../src/ir/printer.js';
import { efficientNetB0Blocks } from '../support/efficientnet-b0-blocks.js';
import { f32t, newFunc } from '../support/build.js';
import { countOps, runFloat, runPipeline, checkRobustOnRandomGraphs } from './pass-check.js';

test('on B0, swish becomes relu6 and the graph equals the one built with relu6', async () => {
  const b0 = efficientNetB0Blocks({ seed: 4 });
  const relu6 = efficientNetB0Blocks({ seed: 4, activation: 'relu6' });
  const ctx = await runPipeline(b0.module, 'swish-to-relu6');
  assert.equal(printModule(b0.module, { printAllData: true }), printModule(relu6.module, { printAllData: true }));
  assert.equal(ctx.stats.get('swish-to-relu6')?.get('swish-replaced'), b0.swishes);
  assert.equal(countOps(b0.module, 'tfl.relu6'), b0.swishes);
  // The SE gates' logistic stays: it is a sigmoid gate, not a swish.
  assert.equal(countOps(b0.module, 'tfl.logistic'), b0.seBlocks);
  const w = ctx.diagnostics.filter((d) => d.code === 'LC4102');
  assert.equal(w.length, 1);
  assert.equal(w[0]!.message, `replaced ${b0.swishes} swish activations with relu6; this changes the model's outputs`);
  const again = await runPipeline(b0.module, 'swish-to-relu6');
  assert.equal(again.stats.get('swish-to-relu6')?.get('swish-replaced'), 0);
  assert.equal(again.diagnostics.length, 0);
});

test('to=hard-swish and to=relu emit those ops', async () => {
  for (const [to, op] of [['hard-swish', 'tfl.hard_swish'], ['relu', 'tfl.relu']] as const) {
    const b0 = efficientNetB0Blocks();
    const ctx = await runPipeline(b0.module, `swish-to-relu6{to=${to}}`);
    assert.equal(countOps(b0.module, op), b0.swishes, to);
    assert.equal(countOps(b0.module, 'tfl.logistic'), b0.seBlocks, to);
    assert.match(ctx.diagnostics[0]!.message, new RegExp(`with ${op.slice(4)};`));
  }
});

test('the replaced swish computes exactly relu6 / hard_swish / relu of its input, other outputs are untouched', async () => {
  const xs = Float32Array.from({ length: 64 }, (_, i) => (i - 32) / 3);
  const expect: Record<string, (x: number) => number> = {
    relu6: (x) => Math.min(6, Math.max(0, x)),
    'hard-swish': (x) => (x * Math.min(6, Math.max(0, x + 3))) / 6,
    relu: (x) => Math.max(0, x),
  };
  for (const [to, f] of Object.entries(expect)) {
    const t = newFunc([f32t(1, 64)]);
    const g = t.b.create(tfl.Logistic, [t.args[0]!]);
    const s = t.b.create(tfl.Mul, [g.result(0), t.args[0]!], { fused_activation_function: str('NONE') });
    const other = t.b.create(tfl.Tanh, [t.args[0]!]);
    t.ret(s.result(0), other.result(0));
    await runPipeline(t.m, `swish-to-relu6{to=${to}}`);
    const [y, z] = await runFloat(t.m, [xs]);
    for (let i = 0; i < xs.length; i++) {
      assert.ok(Math.abs(y![i]! - f(xs[i]!)) <= 1e-6 * Math.max(1, Math.abs(f(xs[i]!))), `${to}(${xs[i]}) = ${y![i]}`);
      assert.ok(Math.abs(z![i]! - Math.tanh(xs[i]!)) <= 1e-6, 'the other output changed');
    }
  }
});

test('swish-to-relu6 never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('swish-to-relu6');
});
