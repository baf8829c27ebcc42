// tf dialect fold hooks (what legalize-tf's first phase runs) on random constant expressions: folding leaves a
// constant with the value the interpreter's tf kernels compute, the IR verifies, and a second fold changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { registry } from '../../dialects/registry.js';
import * as tfd from '../../dialects/tf/index.js';
import { Attr, bool, dense, i64, i64s, typeAttr } from '../../src/ir/attributes.js';
import { Value } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { printModule } from '../../src/ir/printer.js';
import { tensorType } from '../../src/ir/types.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { applyPatternsGreedily } from '../../src/rewrite/driver.js';
import { PatternSet } from '../../src/rewrite/pattern.js';
import { newFunc, seededConst } from '../support/build.js';
import { cloneModule, opNames, relativeError, runFloat, seededInputs } from '../passes/pass-check.js';

const STEPS = ['transpose', 'concat', 'pack', 'reshape', 'flatten', 'expand', 'squeeze', 'slice', 'cast', 'binary', 'unary', 'reduce'] as const;
const step = fc.record({ op: fc.constantFrom(...STEPS), a: fc.nat(31), b: fc.nat(31), c: fc.nat(31) });
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const BINARY = [tfd.AddV2, tfd.Sub, tfd.Mul, tfd.Maximum, tfd.Minimum, tfd.SquaredDifference, tfd.RealDiv];
const UNARY = [tfd.Relu, tfd.Relu6, tfd.Sigmoid, tfd.Tanh, tfd.Neg, tfd.Square, tfd.Exp];
const REDUCE = [tfd.Mean, tfd.Sum, tfd.Max];

/** out = arg + f(c0), f a random chain of tf ops on constants. */
function build(shape0: number[], steps: readonly Step[], seed: number) {
  const t = newFunc([]);
  const ints = (v: number[], shape = [v.length]): Value => t.b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(v)));
  const make = (def: OpDef, operands: Value[], attrs: Record<string, Attr> = {}): Value => t.b.create(def, operands, attrs).result(0);
  let v = seededConst(t.b, shape0, seed);
  for (const s of steps) {
    const shape = [...v.type.shape!];
    const r = shape.length;
    const n = shape.reduce((x, y) => x * y, 1);
    switch (s.op) {
      case 'transpose':
        v = make(tfd.Transpose, [v, ints(shape.map((_, i) => i).sort((x, y) => ((x * 7 + s.a) % 5) - ((y * 7 + s.a) % 5)))]);
        break;
      case 'concat':
        if (r > 0 && 2 * n <= 256) v = make(tfd.ConcatV2, [v, v, ints([(s.a % r) - (s.b % 2) * r], [])]);
        break;
      case 'pack':
        if (r < 4 && 2 * n <= 256) v = make(tfd.Pack, [v, v], { axis: i64(s.a % (r + 1)) });
        break;
      case 'reshape':
        v = make(tfd.Reshape, [v, ints(s.a % 2 === 0 ? [n] : [1, -1])]);
        break;
      case 'flatten': {
        // Keras Flatten's shape arithmetic: reshape(v, pack(shape(v)[0], -1)).
        if (r === 0) break;
        const sh = make(tfd.Shape, [v]);
        const batch = make(tfd.StridedSlice, [sh, ints([0]), ints([1]), ints([1])], { shrink_axis_mask: i64(1) });
        v = make(tfd.Reshape, [v, make(tfd.Pack, [batch, ints([-1], [])])]);
        break;
      }
      case 'expand':
        if (r < 4) v = make(tfd.ExpandDims, [v, ints([s.a % (r + 1)], [])]);
        break;
      case 'squeeze': {
        const ones = shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
        if (ones.length > 0) v = make(tfd.Squeeze, [v], s.a % 2 === 0 ? { squeeze_dims: i64s([ones[s.b % ones.length]!]) } : {});
        break;
      }
      case 'slice': {
        if (r === 0) break;
        const begin = shape.map((d, i) => (s.a >> i) % 2 === 1 ? Math.min(1, d - 1) : 0);
        const strides = shape.map((_, i) => 1 + ((s.b >> i) % 2));
        v = make(tfd.StridedSlice, [v, ints(begin), ints(shape), ints(strides)], { end_mask: i64(s.c % (1 << r)) });
        break;
      }
      case 'cast': {
        const asInt = make(tfd.Cast, [v], { DstT: typeAttr(tensorType(null, 'i32')) });
        v = make(tfd.Cast, [asInt], { DstT: typeAttr(tensorType(null, 'f32')) });
        break;
      }
      case 'binary': {
        const def = BINARY[s.a % BINARY.length]!;
        const other = seededConst(t.b, s.b % 2 === 0 || r === 0 ? shape : [shape[r - 1]!], seed + s.c, 2);
        // Away from zero so RealDiv stays finite.
        const y = def === tfd.RealDiv ? make(tfd.AddV2, [make(tfd.Square, [other]), t.b.constant(dense(tensorType([], 'f32'), Float32Array.from([0.5])))]) : other;
        v = make(def, s.c % 2 === 0 ? [v, y] : [y, v]);
        break;
      }
      case 'unary':
        v = make(UNARY[s.a % UNARY.length]!, [v]);
        break;
      case 'reduce':
        if (r > 0) v = make(REDUCE[s.a % REDUCE.length]!, [v, ints([s.b % r])], { keep_dims: bool(s.c % 2 === 0) });
        break;
    }
  }
  const arg = t.f.addArg(v.type);
  t.ret(t.b.create(tfd.AddV2, [arg, v]).result(0));
  return t;
}

test('tf folds of random constant expressions give the values the tf kernels compute', async (t) => {
  let worst = 0;
  let folded = 0;
  const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });
  await fc.assert(
    fc.asyncProperty(shape, fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1 << 20 }), async (s0, steps, seed) => {
      const { m, f } = build(s0, steps, seed);
      const before = cloneModule(m);
      const n = opNames(m).filter((x) => x.startsWith('tf.')).length;
      applyPatternsGreedily(f, new PatternSet());
      assert.deepEqual(verifyModule(m, { registry }).map((d) => d.format()), []);
      assert.deepEqual(opNames(m), ['arith.constant', 'tf.AddV2', 'func.return'], 'the whole chain folds to one constant');
      const once = printModule(m, { printAllData: true });
      applyPatternsGreedily(f, new PatternSet());
      assert.equal(printModule(m, { printAllData: true }), once, 'a second fold changed the IR');
      const inputs = seededInputs(before, seed);
      const err = relativeError(await runFloat(before, inputs), await runFloat(m, inputs));
      assert.ok(err <= 1e-5, `folded value differs by ${err}`);
      worst = Math.max(worst, err);
      folded += n - 1;
    }),
    { numRuns: 150, seed: 77 },
  );
  t.diagnostic(`${folded} tf ops folded over 150 expressions; worst relative error ${worst.toExponential(2)}`);
});
