// fold-batchnorm: random conv/depthwise/fully_connected + batch norm graphs keep their outputs and lose the mul/add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module, Value } from '../../src/ir/core.js';
import { tensorType } from '../../src/ir/types.js';
import { convAttrs, f32t, newFunc, seededConst } from '../support/build.js';
import { checkPreserves, countOps, runPipeline, checkRobustOnRandomGraphs } from './pass-check.js';

type Kind = 'conv' | 'depthwise' | 'fc';
type After = 'none' | 'mul' | 'add' | 'mul+add' | 'mul+sub';
type Before = 'none' | 'mul' | 'add' | 'mul+add';

interface BnRecipe {
  kind: Kind;
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  stride: number;
  dilation: number;
  same: boolean;
  bias: boolean;
  after: After;
  before: Before;
  epsilon: number;
  constShape: 'vector' | 'full-rank' | 'scalar';
  swap: boolean;
  extraUse: boolean;
  fcRank4: boolean;
  seed: number;
}

const recipe: fc.Arbitrary<BnRecipe> = fc.record({
  kind: fc.constantFrom<Kind>('conv', 'depthwise', 'fc'),
  h: fc.integer({ min: 1, max: 7 }),
  w: fc.integer({ min: 1, max: 7 }),
  cin: fc.integer({ min: 1, max: 5 }),
  cout: fc.integer({ min: 1, max: 6 }),
  kh: fc.integer({ min: 1, max: 3 }),
  kw: fc.integer({ min: 1, max: 3 }),
  stride: fc.integer({ min: 1, max: 2 }),
  dilation: fc.integer({ min: 1, max: 2 }),
  same: fc.boolean(),
  bias: fc.boolean(),
  after: fc.constantFrom<After>('none', 'mul', 'add', 'mul+add', 'mul+sub'),
  before: fc.constantFrom<Before>('none', 'mul', 'add', 'mul+add'),
  epsilon: fc.constantFrom(1e-5, 1e-3, 0.1),
  constShape: fc.constantFrom('vector' as const, 'full-rank' as const, 'scalar' as const),
  swap: fc.boolean(),
  extraUse: fc.nat(4).map((x) => x === 0),
  fcRank4: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
});

interface Built {
  m: Module;
  /** mul/add/sub ops the pass must leave. */
  expectedAffineLeft: number;
}

/** Inference batch norm as legalize-tf emits it: scale = gamma / sqrt(var + eps), offset = beta - mean * scale. */
function batchNorm(n: number, eps: number, seed: number): { scale: Float32Array; offset: Float32Array } {
  let s = seed >>> 0 || 1;
  const r = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  const scale = new Float32Array(n);
  const offset = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const gamma = (0.5 + r()) * (r() < 0.2 ? -1 : 1);
    const variance = 2 * r();
    const mean = 2 * r() - 1;
    const beta = 2 * r() - 1;
    scale[i] = gamma / Math.sqrt(variance + eps);
    offset[i] = beta - mean * scale[i]!;
  }
  return { scale, offset };
}

function buildGraph(r: BnRecipe): Built {
  const dilation = r.kind === 'fc' || r.stride > 1 ? 1 : r.dilation;
  const effH = (r.kh - 1) * dilation + 1;
  const effW = (r.kw - 1) * dilation + 1;
  const same = r.same || effH > r.h || effW > r.w;
    const xShape = r.kind === 'fc' ? (r.fcRank4 ? [1, r.h, r.w, r.cin] : [2, r.cin]) : [1, r.h, r.w, r.cin];
  const t = newFunc([f32t(...xShape)]);
  const rank = xShape.length;
  const bn = (n: number, values: Float32Array): Value => {
    if (r.constShape === 'scalar') return t.b.constant(dense(tensorType([], 'f32'), values.slice(0, 1)));
    const shape = r.constShape === 'vector' ? [n] : [...new Array<number>(rank - 1).fill(1), n];
    return t.b.constant(dense(tensorType(shape, 'f32'), values));
  };
  const binary = (def: typeof tfl.Add, x: Value, c: Value, act = 'NONE'): Value =>
    t.b.create(def, r.swap && def !== tfl.Sub ? [c, x] : [x, c], { fused_activation_function: str(act) }, [x.type]).result(0);
  let left = 0;
  let x: Value = t.args[0]!;
  const inBn = batchNorm(r.cin, r.epsilon, r.seed + 1);
  const filterIn = r.kind === 'fc' ? xShape.slice(1).reduce((a, b) => a * b, 1) : r.cin;
  // The per-channel scale is along x's last axis; it only folds when that axis is the filter's input axis.
  const channelAligned = filterIn === r.cin;
  const padsNothing = r.kind === 'fc' || !same || [[r.h, effH], [r.w, effW]].every(([n, eff]) => (Math.ceil(n! / r.stride) - 1) * r.stride + eff! - n! <= 0);
  if (r.before.includes('mul')) x = binary(tfl.Mul, x, bn(r.cin, inBn.scale));
  if (r.before.includes('add')) x = binary(tfl.Add, x, bn(r.cin, inBn.offset));
  const addFolds = channelAligned && padsNothing;
  if (r.before.includes('add') && !addFolds) left += r.before === 'mul+add' ? 2 : 1;
  else if (r.before.includes('mul') && !channelAligned) left += 1;

  const cout = r.kind === 'depthwise' ? r.cin * (1 + (r.cout % 2)) : r.cout;
  const filterShape = r.kind === 'conv' ? [cout, r.kh, r.kw, r.cin] : r.kind === 'depthwise' ? [1, r.kh, r.kw, cout] : [cout, filterIn];
  const operands = [x, seededConst(t.b, filterShape, r.seed, 0.5)];
  if (r.bias) operands.push(seededConst(t.b, [cout], r.seed + 2));
  const attrs = r.kind === 'fc' ? { fused_activation_function: str('NONE') } : { ...convAttrs(r.stride, same ? 'SAME' : 'VALID'), dilation_h_factor: i32(dilation), dilation_w_factor: i32(dilation) };
  const def = r.kind === 'conv' ? tfl.Conv2D : r.kind === 'depthwise' ? tfl.DepthwiseConv2D : tfl.FullyConnected;
  const conv = t.b.create(def, operands, r.kind === 'depthwise' ? { ...attrs, depth_multiplier: i32(cout / r.cin) } : attrs);
  let y = conv.result(0);
  const outRank = y.type.shape!.length;
  const outBn = batchNorm(cout, r.epsilon, r.seed + 3);
  const bnOut = (values: Float32Array): Value => {
    if (r.constShape === 'scalar') return t.b.constant(dense(tensorType([], 'f32'), values.slice(0, 1)));
    const shape = r.constShape === 'vector' ? [cout] : [...new Array<number>(outRank - 1).fill(1), cout];
    return t.b.constant(dense(tensorType(shape, 'f32'), values));
  };
  if (r.after.includes('mul')) y = binary(tfl.Mul, y, bnOut(outBn.scale));
  if (r.after.includes('add')) y = binary(tfl.Add, y, bnOut(outBn.offset), 'RELU6');
  if (r.after.includes('sub')) y = binary(tfl.Sub, y, bnOut(outBn.offset));
  if (r.extraUse) left += r.after === 'none' ? 0 : r.after.includes('+') ? 2 : 1;
  if (r.extraUse) t.ret(y, conv.result(0));
  else t.ret(y);
  return { m: t.m, expectedAffineLeft: left };
}

const affineOps = (m: Module): number => countOps(m, 'tfl.mul') + countOps(m, 'tfl.add') + countOps(m, 'tfl.sub');

test('fold-batchnorm keeps outputs of random conv + batch norm graphs and folds what it may', async (t) => {
  let worst = 0;
  await fc.assert(
    fc.asyncProperty(recipe, async (r) => {
      const { m, expectedAffineLeft } = buildGraph(r);
      const res = await checkPreserves(m, 'fold-batchnorm', { seed: r.seed });
      worst = Math.max(worst, res.error);
      assert.equal(affineOps(res.after), expectedAffineLeft, `mul/add/sub left after folding ${JSON.stringify(r)}`);
    }),
    { numRuns: 300, seed: 20240611 },
  );
  t.diagnostic(`worst relative error over 300 graphs: ${worst.toExponential(2)}`);
});

test('folding never changes a filter another conv shares (new constants instead)', async () => {
  const t = newFunc([f32t(1, 4, 4, 2), f32t(1, 4, 4, 2)]);
  const w = seededConst(t.b, [3, 3, 3, 2], 5);
  const original = Float32Array.from(constantValue(w.producer)!.data as Float32Array);
  const s = seededConst(t.b, [3], 6);
  const a = t.b.create(tfl.Conv2D, [t.args[0]!, w], convAttrs());
  const c = t.b.create(tfl.Conv2D, [t.args[1]!, w], convAttrs());
  const m = t.b.create(tfl.Mul, [c.result(0), s], { fused_activation_function: str('NONE') });
  t.ret(a.result(0), m.result(0));
  const ctx = await runPipeline(t.m, 'fold-batchnorm');
  assert.deepEqual(constantValue(w.producer)!.data, original, 'shared filter data changed');
  assert.equal(a.operand(1), w, 'the other conv must keep the original filter');
  const convs = t.f.body.opList().filter((o) => o.isa(tfl.Conv2D));
  assert.equal(convs.length, 2);
  assert.notEqual(convs[1]!.operand(1), w);
  assert.equal(ctx.stats.get('fold-batchnorm')?.get('fold-scale-into-conv'), 1);
});

test('an offset before a SAME 3x3 conv stays, the same offset before a VALID conv folds', async () => {
  for (const padding of ['SAME', 'VALID']) {
    const t = newFunc([f32t(1, 5, 5, 2)]);
    const off = seededConst(t.b, [2], 9);
    const x = t.b.create(tfl.Add, [t.args[0]!, off], { fused_activation_function: str('NONE') });
    const conv = t.b.create(tfl.Conv2D, [x.result(0), seededConst(t.b, [4, 3, 3, 2], 3)], convAttrs(1, padding));
    t.ret(conv.result(0));
    const res = await checkPreserves(t.m, 'fold-batchnorm');
    assert.equal(countOps(res.after, 'tfl.add'), padding === 'SAME' ? 1 : 0, padding);
  }
});

test('option before=false leaves scale/offset in front of convs', async () => {
  const t = newFunc([f32t(1, 4, 4, 2)]);
  const x = t.b.create(tfl.Mul, [t.args[0]!, seededConst(t.b, [2], 4)], { fused_activation_function: str('NONE') });
  t.ret(t.b.create(tfl.Conv2D, [x.result(0), seededConst(t.b, [3, 1, 1, 2], 3)], convAttrs()).result(0));
  await runPipeline(t.m, 'fold-batchnorm{before=false}');
  assert.equal(countOps(t.m, 'tfl.mul'), 1);
  await runPipeline(t.m, 'fold-batchnorm');
  assert.equal(countOps(t.m, 'tfl.mul'), 0);
});

test('fold-batchnorm never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('fold-batchnorm');
});
