// fold-constants: random constant expressions of shape/data-movement and arithmetic ops fold to the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { constantEvaluatorKey } from '../../passes/fold-constants.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Value } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { PassContext } from '../../src/pass/pass.js';
import { tensorType } from '../../src/ir/types.js';
import { newFunc, seededConst } from '../support/build.js';
import { checkPreserves, cloneModule, countOps, opNames, relativeError, runFloat, runPipeline, seededInputs, checkRobustOnRandomGraphs } from './pass-check.js';
import { interpreterEvaluator } from '../../src/driver/constant-evaluator.js';

const STEPS = ['transpose', 'concat', 'pack', 'pad', 'expand', 'squeeze', 'gather', 'slice', 'add', 'mul', 'cast'] as const;
type Step = { op: (typeof STEPS)[number]; a: number; b: number; c: number };
const step: fc.Arbitrary<Step> = fc.record({ op: fc.constantFrom(...STEPS), a: fc.nat(31), b: fc.nat(31), c: fc.nat(31) });

/** Builds `arg + f(c0)` where f is a random chain of ops on constants; returns the module. */
function build(shape0: number[], steps: readonly Step[], seed: number) {
  const ints = (b: ReturnType<typeof newFunc>['b'], v: number[], shape = [v.length]): Value => b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(v)));
  const probe = newFunc([]);
  let v = seededConst(probe.b, shape0, seed);
  const make = (def: OpDef, operands: Value[], attrs = {}, types?: ReturnType<typeof tensorType>[]): Value => probe.b.create(def, operands, attrs, types).result(0);
  for (const s of steps) {
    const shape = [...v.type.shape!];
    const r = shape.length;
    const n = shape.reduce((x, y) => x * y, 1);
    switch (s.op) {
      case 'transpose': {
        const perm = shape.map((_, i) => i).sort((x, y) => ((x * 7 + s.a) % 5) - ((y * 7 + s.a) % 5));
        v = make(tfl.Transpose, [v, ints(probe.b, perm)]);
        break;
      }
      case 'concat':
        if (r > 0 && 2 * n <= 256) v = make(tfl.Concatenation, [v, v], { axis: i32((s.a % r) - (s.b % 2) * r), fused_activation_function: str('NONE') });
        break;
      case 'pack':
        if (r < 4 && 2 * n <= 256) v = make(tfl.Pack, [v, v], { values_count: i32(2), axis: i32(s.a % (r + 1)) });
        break;
      case 'pad': {
        const pads = shape.flatMap((_, i) => [(s.a >> i) & 1, (s.b >> i) & 1]);
        const grown = shape.reduce((p, d, i) => p * (d + pads[2 * i]! + pads[2 * i + 1]!), 1);
        if (r > 0 && grown <= 256) v = make(tfl.Pad, [v, ints(probe.b, pads, [r, 2])]);
        break;
      }
      case 'expand':
        if (r < 4) v = make(tfl.ExpandDims, [v, ints(probe.b, [s.a % (r + 1)], [])]);
        break;
      case 'squeeze': {
        const ones = shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
        if (ones.length > 0) v = make(tfl.Squeeze, [v], { squeeze_dims: { kind: 'array', value: [i32(ones[s.a % ones.length]!)] } });
        break;
      }
      case 'gather': {
        if (r === 0) break;
        const axis = s.a % r;
        const idx = [s.b % shape[axis]!, s.c % shape[axis]!, 0];
        const out = [...shape.slice(0, axis), 3, ...shape.slice(axis + 1)];
        if (out.reduce((x, y) => x * y, 1) <= 256) v = make(tfl.Gather, [v, ints(probe.b, idx)], { axis: i32(axis) }, [tensorType(out, 'f32')]);
        break;
      }
      case 'slice': {
        if (r === 0) break;
        const stride = shape.map((_, i) => ((s.c >> i) & 1 ? -1 : 1 + ((s.a >> i) & 1)));
        const begin = shape.map((d, i) => (stride[i]! < 0 ? d - 1 : s.b % d));
        const end = shape.map((d, i) => (stride[i]! < 0 ? -d - 1 : d));
        // No shrink to rank 0: the interpreter (tfjs-backend-wasm StridedSlice) aborts on a scalar result.
        const shrink = r > 1 && shape[0] === 1 && stride[0] === 1 && s.a % 3 === 0 ? 1 : 0;
        const out: number[] = [];
        shape.forEach((d, i) => {
          if (i === 0 && shrink) return;
          const lo = begin[i]!;
          const hi = stride[i]! < 0 ? -1 : d;
          out.push(Math.max(0, Math.ceil((hi - lo) / stride[i]!)));
        });
        // end_mask on odd axes exercises the mask path; the explicit end there is the same bound.
        const endMask = shape.reduce((m, _, i) => m | ((i % 2) << i), 0);
        v = make(tfl.StridedSlice, [v, ints(probe.b, begin), ints(probe.b, end), ints(probe.b, stride)], { shrink_axis_mask: i32(shrink), end_mask: i32(endMask) }, [tensorType(out, 'f32')]);
        break;
      }
      case 'add':
      case 'mul':
        v = make(s.op === 'add' ? tfl.Add : tfl.Mul, [v, seededConst(probe.b, shape, seed + s.a)], { fused_activation_function: str('NONE') });
        break;
      case 'cast': {
        const asInt = make(tfl.Cast, [v], {}, [tensorType(shape, 'i32')]);
        v = make(tfl.Cast, [asInt], {}, [tensorType(shape, 'f32')]);
        break;
      }
    }
  }
  // Re-home the chain into a func with an argument of the final shape: out = arg + chain.
  const m = probe.m;
  const f = m.main();
  const arg = f.addArg(v.type);
  const out = probe.b.create(tfl.Add, [arg, v], { fused_activation_function: str('NONE') });
  probe.ret(out.result(0));
  return m;
}

test('fold-constants: random constant chains fold to the values the interpreter computes', async (t) => {
  let worst = 0;
  let folded = 0;
  const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });
  await fc.assert(
    fc.asyncProperty(shape, fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1 << 20 }), async (s0, steps, seed) => {
      const m = build(s0, steps, seed);
      const before = opNames(m).filter((n) => n.startsWith('tfl.')).length;
      const res = await checkPreserves(m, 'fold-constants', { seed, tol: 1e-6 });
      worst = Math.max(worst, res.error);
      // Everything but the final add is constant and must fold.
      assert.deepEqual(opNames(res.after).filter((n) => n.startsWith('tfl.')), ['tfl.add'], `left: ${opNames(res.after)}`);
      folded += before - 1;
    }),
    { numRuns: 150, seed: 424242 },
  );
  t.diagnostic(`${folded} ops folded over 150 chains; worst relative error ${worst.toExponential(2)}`);
});

test('the evaluator service computes ops without a fold hook (conv, mean, softmax) when it is provided', async () => {
  const t = newFunc([tensorType([1, 3], 'f32')]);
  const x = seededConst(t.b, [1, 4, 4, 2], 1);
  const conv = t.b.create(tfl.Conv2D, [x, seededConst(t.b, [3, 3, 3, 2], 2)], { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), fused_activation_function: str('RELU') });
  const axes = t.b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, 2])));
  const mean = t.b.create(tfl.Mean, [conv.result(0), axes], { keep_dims: { kind: 'bool', value: false } });
  const sm = t.b.create(tfl.Softmax, [mean.result(0)]);
  const out = t.b.create(tfl.Add, [t.args[0]!, sm.result(0)], { fused_activation_function: str('NONE') });
  t.ret(out.result(0));
  const original = cloneModule(t.m);
  // Without the service these ops stay.
  await runPipeline(t.m, 'fold-constants');
  assert.equal(countOps(t.m, 'tfl.conv_2d'), 1);
  const ctx = new PassContext().provide(constantEvaluatorKey, interpreterEvaluator);
  await runPipeline(t.m, 'fold-constants', ctx);
  assert.deepEqual(opNames(t.m), ['arith.constant', 'tfl.add', 'func.return']);
  assert.equal(ctx.stats.get('fold-constants')?.get('evaluated'), 3);
  const folded = constantValue(t.m.main().body.first);
  assert.equal(folded?.type.shape?.join('x'), '1x3');
  const inputs = seededInputs(t.m, 3);
  assert.ok(relativeError(await runFloat(original, inputs), await runFloat(t.m, inputs)) <= 1e-6);
});

test('the evaluator respects eval-limit', async () => {
  const t = newFunc([]);
  const x = seededConst(t.b, [1, 8, 8, 4], 1);
  t.ret(t.b.create(tfl.Relu6, [t.b.create(tfl.AveragePool2D, [x], { padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(1), filter_width: i32(1), fused_activation_function: str('NONE') }).result(0)]).result(0));
  const ctx = new PassContext().provide(constantEvaluatorKey, interpreterEvaluator);
  await runPipeline(t.m, 'fold-constants{eval-limit=100}', ctx);
  assert.equal(countOps(t.m, 'tfl.average_pool_2d'), 1, '256 elements exceed eval-limit=100');
  await runPipeline(t.m, 'fold-constants', ctx);
  assert.deepEqual(opNames(t.m), ['arith.constant', 'func.return']);
});

test('fold-constants never breaks random float or int8 graphs and is idempotent on them', async () => {
  await checkRobustOnRandomGraphs('fold-constants');
});
