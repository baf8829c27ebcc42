// fuse-activation: random graphs keep their outputs; activations after fusing producers with one use get fused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { Attr, bool, dense, i32, str } from '../../src/ir/attributes.js';
import { Operation, Value } from '../../src/ir/core.js';
import { nameLoc, printLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { tensorType } from '../../src/ir/types.js';
import { buildGraph, graphRecipe } from '../support/arbitrary-graph.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';
import { checkPreserves, countOps, checkRobustOnRandomGraphs } from './pass-check.js';

test('fuse-activation keeps the outputs of random tfl graphs', async (t) => {
  let worst = 0;
  let fused = 0;
  // Activations listed thrice: they are what the pass works on.
  const ops = ['conv_2d', 'depthwise_conv_2d', 'fully_connected', 'add', 'mul', 'concatenation', 'max_pool_2d', 'average_pool_2d', 'reshape', 'logistic', ...(['relu', 'relu6'] as const), ...(['relu', 'relu6'] as const), ...(['relu', 'relu6'] as const)] as const;
  await fc.assert(
    fc.asyncProperty(graphRecipe({ ops, minSteps: 2, maxSteps: 10 }), async (recipe) => {
      const m = buildGraph(recipe);
      const acts = countOps(m, 'tfl.relu') + countOps(m, 'tfl.relu6');
      const res = await checkPreserves(m, 'fuse-activation', { ignoreNaN: true });
      worst = Math.max(worst, res.error);
      fused += acts - (countOps(res.after, 'tfl.relu') + countOps(res.after, 'tfl.relu6'));
    }),
    { numRuns: 100, seed: 77 },
  );
  t.diagnostic(`${fused} activations fused over 100 graphs; worst relative error ${worst.toExponential(2)}`);
  assert.ok(fused >= 5, `the graphs should give the pass work (fused ${fused})`);
});

const PRODUCERS = ['conv', 'depthwise', 'fc', 'add', 'mul', 'sub', 'avgpool', 'maxpool', 'concat', 'tanh'] as const;
const ACTS = ['relu', 'relu6', 'relu1', 'min-max', 'max-min', 'max0', 'tanh'] as const;

interface Case {
  producer: (typeof PRODUCERS)[number];
  act: (typeof ACTS)[number];
  preFused: boolean;
  extraUse: boolean;
  swap: boolean;
}

/** One producer and one activation (a clamp spelled with min/max for some), with the knobs that forbid fusing. */
function build(c: Case): { m: ReturnType<typeof newFunc>['m']; producer: Operation; fusable: boolean; expect: string } {
  const t = newFunc([f32t(1, 4, 4, 2)]);
  const x = t.args[0]!;
  const act = str(c.preFused ? 'RELU' : 'NONE');
  t.b.loc = nameLoc('producer');
  const make = (def: OpDef, operands: Value[], attrs: Record<string, Attr>): Operation => t.b.create(def, operands, attrs);
  const pool = { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(2), filter_width: i32(2), fused_activation_function: act };
  let p: Operation;
  switch (c.producer) {
    case 'conv': p = make(tfl.Conv2D, [x, seededConst(t.b, [2, 3, 3, 2], 1)], { ...convAttrs(), fused_activation_function: act }); break;
    case 'depthwise': p = make(tfl.DepthwiseConv2D, [x, seededConst(t.b, [1, 3, 3, 2], 1)], { ...convAttrs(), fused_activation_function: act, depth_multiplier: i32(1) }); break;
    case 'fc': p = make(tfl.FullyConnected, [x, seededConst(t.b, [2, 2], 1)], { fused_activation_function: act, keep_num_dims: bool(true) }); break;
    case 'add': p = make(tfl.Add, [x, x], { fused_activation_function: act }); break;
    case 'mul': p = make(tfl.Mul, [x, seededConst(t.b, [2], 3, 5)], { fused_activation_function: act }); break;
    case 'sub': p = make(tfl.Sub, [x, seededConst(t.b, [2], 3, 5)], { fused_activation_function: act }); break;
    case 'avgpool': p = make(tfl.AveragePool2D, [x], pool); break;
    case 'maxpool': p = make(tfl.MaxPool2D, [x], pool); break;
    case 'concat': p = make(tfl.Concatenation, [x, x], { axis: i32(3), fused_activation_function: act }); break;
    case 'tanh': p = make(tfl.Tanh, [x], {}); break;
  }
  const y = p.result(0);
  const scalar = (v: number): Value => t.b.constant(dense(tensorType([], 'f32'), Float32Array.from([v])));
  const bin = (def: OpDef, a: Value, k: number): Value => t.b.create(def, c.swap ? [scalar(k), a] : [a, scalar(k)], {}, [a.type]).result(0);
  t.b.loc = nameLoc('activation');
  let out: Value;
  let expect: string;
  switch (c.act) {
    case 'relu': out = t.b.create(tfl.Relu, [y]).result(0); expect = 'RELU'; break;
    case 'relu6': out = t.b.create(tfl.Relu6, [y]).result(0); expect = 'RELU6'; break;
    case 'relu1': out = t.b.create(tfl.Relu1, [y]).result(0); expect = 'RELU_N1_TO_1'; break;
    case 'min-max': out = bin(tfl.Minimum, bin(tfl.Maximum, y, 0), 6); expect = 'RELU6'; break;
    case 'max-min': out = bin(tfl.Maximum, bin(tfl.Minimum, y, 1), -1); expect = 'RELU_N1_TO_1'; break;
    case 'max0': out = bin(tfl.Maximum, y, 0); expect = 'RELU'; break;
    case 'tanh': out = t.b.create(tfl.Tanh, [y]).result(0); expect = 'TANH'; break;
  }
  if (c.extraUse) t.ret(out, y);
  else t.ret(out);
  // concatenation: TFLite's kernel refuses a fused activation, so the activation stays a separate op.
  const fusable = c.producer !== 'tanh' && c.producer !== 'concat' && c.act !== 'tanh' && !c.preFused && !c.extraUse;
  return { m: t.m, producer: p, fusable, expect };
}

test('every fusing producer takes every activation spelling, unless it must not', async () => {
  const cases = fc.record({ producer: fc.constantFrom(...PRODUCERS), act: fc.constantFrom(...ACTS), preFused: fc.boolean(), extraUse: fc.boolean(), swap: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const { m, producer, fusable, expect } = build(c);
      const res = await checkPreserves(m, 'fuse-activation');
      const fusedNow = producer.hasTrait('FusedActivation') && producer.str('fused_activation_function') === expect && !c.preFused;
      assert.equal(fusedNow, fusable, JSON.stringify(c));
      if (fusable) {
        assert.equal(res.after.main().body.opList().filter((o) => o.name.startsWith('tfl.')).length, 1, 'only the producer is left');
        assert.equal(printLoc(producer.loc), 'loc(fused["producer", "activation"])');
      }
    }),
    { numRuns: 200, seed: 5 },
  );
});

test('fuse-tanh=true fuses tanh', async () => {
  const { m, producer } = build({ producer: 'conv', act: 'tanh', preFused: false, extraUse: false, swap: false });
  await checkPreserves(m, 'fuse-activation{fuse-tanh=true}');
  assert.equal(producer.str('fused_activation_function'), 'TANH');
});

test('fuse-activation never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('fuse-activation');
});
