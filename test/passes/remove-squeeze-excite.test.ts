// remove-squeeze-excite: removes exactly the SE blocks of an EfficientNet-B0-style graph, warns, and counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '../../dialects/tfl/index.js';
import { registry } from '../../dialects/registry.js';
import { locName } from '../../src/ir/loc.js';
import { printModule } from '../../src/ir/printer.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { PROJECT_CONV_SUFFIX, efficientNetB0Blocks } from '../support/efficientnet-b0-blocks.js';
import { cloneModule, countOps, opNames, relativeError, runFloat, runPipeline, seededInputs, checkRobustOnRandomGraphs } from './pass-check.js';

/** How many of each op name a module has. */
function histogram(names: readonly string[]): Map<string, number> {
  const h = new Map<string, number>();
  for (const n of names) h.set(n, (h.get(n) ?? 0) + 1);
  return h;
}

test('removes every SE block of B0 and leaves exactly the graph built without them', async () => {
  const withSe = efficientNetB0Blocks();
  const noSe = efficientNetB0Blocks({ se: false });
  const before = histogram(opNames(withSe.module));
  const ctx = await runPipeline(withSe.module, 'remove-squeeze-excite');
  assert.equal(printModule(withSe.module, { printAllData: true }), printModule(noSe.module, { printAllData: true }));
  assert.deepEqual(verifyModule(withSe.module, { registry }), []);
  // Per block: mean, two 1x1 convs, the swish (mul + logistic), the sigmoid, the gating mul and 5 constants.
  const after = histogram(opNames(withSe.module));
  const removed = new Map([...before].map(([k, v]) => [k, v - (after.get(k) ?? 0)]).filter(([, v]) => v !== 0) as [string, number][]);
  const n = withSe.seBlocks;
  assert.deepEqual(removed, new Map([['arith.constant', 5 * n], ['tfl.mean', n], ['tfl.conv_2d', 2 * n], ['tfl.logistic', 2 * n], ['tfl.mul', 2 * n]]));
  assert.equal(ctx.stats.get('remove-squeeze-excite')?.get('se-blocks-removed'), n);
  const warnings = ctx.diagnostics.filter((d) => d.code === 'LC4101');
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.severity, 'warning');
  assert.equal(warnings[0]!.message, `removed ${n} squeeze-and-excite blocks; this changes the model's outputs`);
  assert.equal(warnings[0]!.notes.length, n);
});

test('the outputs change (the pass says so) and a second run finds nothing', async () => {
  const { module } = efficientNetB0Blocks({ seed: 3 });
  const original = cloneModule(module);
  await runPipeline(module, 'remove-squeeze-excite');
  const inputs = seededInputs(module, 5);
  const err = relativeError(await runFloat(original, inputs), await runFloat(module, inputs));
  assert.ok(err > 1e-4, `removing SE should change the outputs, relative change ${err}`);
  const again = await runPipeline(module, 'remove-squeeze-excite');
  assert.equal(again.stats.get('remove-squeeze-excite')?.get('se-blocks-removed'), 0);
  assert.equal(again.diagnostics.length, 0);
});

test('EfficientNet-Lite pipeline: no logistic/mean/mul left, RELU6 fused into every activated conv, same outputs as a Lite-built graph', async (t) => {
  const b0 = efficientNetB0Blocks({ seed: 2 });
  const lite = efficientNetB0Blocks({ seed: 2, se: false, activation: 'relu6' });
  const m = b0.module;
  const ctx = await runPipeline(m, 'remove-squeeze-excite,swish-to-relu6,fold-batchnorm,fuse-activation,dce');
  for (const name of ['tfl.logistic', 'tfl.mean', 'tfl.mul', 'tfl.relu6', 'tfl.sub']) assert.equal(countOps(m, name), 0, `${name} left`);
  const convs = m.main().body.opList().filter((o) => o.isa(tfl.Conv2D) || o.isa(tfl.DepthwiseConv2D));
  assert.equal(convs.length, 1 + 2 + 3 + 3 + 1, 'stem, block1 (dw, project), blocks 2-3 (expand, dw, project), head');
  for (const c of convs) {
    const name = locName(c.loc) ?? '';
    // The project conv is EfficientNet's linear bottleneck: no activation after it, before or after the pipeline.
    const want = name.endsWith(PROJECT_CONV_SUFFIX) ? 'NONE' : 'RELU6';
    assert.equal(c.str('fused_activation_function'), want, `${name}: ${c.str('fused_activation_function')}`);
  }
  // Batch norms folded, activations fused, SE gone: what is left is convs, residual adds and the head.
  assert.deepEqual([...new Set(opNames(m))].sort(), ['arith.constant', 'func.return', 'tfl.add', 'tfl.average_pool_2d', 'tfl.conv_2d', 'tfl.depthwise_conv_2d', 'tfl.fully_connected', 'tfl.reshape', 'tfl.softmax']);
  assert.equal(countOps(m, 'tfl.add'), 2, 'the two residual adds');
  const stats = ctx.stats;
  assert.equal(stats.get('remove-squeeze-excite')?.get('se-blocks-removed'), b0.seBlocks);
  assert.equal(stats.get('swish-to-relu6')?.get('swish-replaced'), b0.swishes - b0.seSwishes);
  // fold-batchnorm and fuse-activation keep meaning: the result computes what a graph built Lite-style computes.
  const inputs = seededInputs(m, 11);
  const err = relativeError(await runFloat(lite.module, inputs), await runFloat(m, inputs));
  t.diagnostic(`B0 → Lite pipeline vs Lite-built graph: relative error ${err.toExponential(2)}; ops ${opNames(lite.module).length} → ${opNames(m).length}`);
  assert.ok(err <= 1e-5, `relative error ${err}`);
});

test('with a mean head, mean-to-avgpool completes the pipeline', async () => {
  const { module } = efficientNetB0Blocks({ head: 'mean' });
  await runPipeline(module, 'remove-squeeze-excite,swish-to-relu6,fold-batchnorm,fuse-activation,dce');
  assert.equal(countOps(module, 'tfl.mean'), 1, 'the head mean stays without mean-to-avgpool');
  await runPipeline(module, 'mean-to-avgpool');
  assert.equal(countOps(module, 'tfl.mean'), 0);
  assert.equal(countOps(module, 'tfl.average_pool_2d'), 1);
});

test('remove-squeeze-excite never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('remove-squeeze-excite');
});
