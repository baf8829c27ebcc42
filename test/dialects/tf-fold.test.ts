// tf dialect folding: Keras's Shape → StridedSlice → Pack chains, constant arithmetic, casts, data movement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attr, DenseAttr, dense, denseToNumbers, i64, typeAttr } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Value } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { ElementType, printType, tensorType } from '../../src/ir/types.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { applyPatternsGreedily } from '../../src/rewrite/driver.js';
import { PatternSet } from '../../src/rewrite/pattern.js';
import * as tfd from '../../dialects/tf/index.js';
import { f32t, newFunc } from '../support/build.js';

type T = ReturnType<typeof newFunc>;

function konst(t: T, values: number[], shape: number[] = [values.length], elem: ElementType = 'i32'): Value {
  const data = elem === 'f32' ? Float32Array.from(values) : elem === 'i64' ? BigInt64Array.from(values.map(BigInt)) : Int32Array.from(values);
  return t.b.constant(dense(tensorType(shape, elem), data));
}

/** Builds ops with `build`, returns them, folds the func, and gives the returned values' constants. */
function fold(args: ReturnType<typeof f32t>[], build: (t: T) => Value[]): { t: T; consts: (DenseAttr | undefined)[]; results: readonly Value[] } {
  const t = newFunc(args);
  t.ret(...build(t));
  applyPatternsGreedily(t.f, new PatternSet());
  assert.deepEqual(verifyModule(t.m), []);
  const results = t.f.results();
  return { t, consts: results.map((v) => constantValue(v.producer)), results };
}

const op = (t: T, def: OpDef, operands: Value[], attrs: Record<string, Attr> = {}): Value => t.b.create(def, operands, attrs).result(0);
const nums = (c: DenseAttr | undefined): number[] => (c === undefined ? assert.fail('not folded to a constant') : denseToNumbers(c));

test('Keras Flatten chain with a static batch folds to a constant target', () => {
  const { consts } = fold([f32t(2, 7, 7, 64)], (t) => {
    const s = op(t, tfd.Shape, [t.args[0]!]);
    const one = konst(t, [1]);
    const b = op(t, tfd.StridedSlice, [s, konst(t, [0]), one, one], { shrink_axis_mask: i64(1) });
    return [op(t, tfd.Pack, [b, konst(t, [-1], [])])];
  });
  assert.deepEqual(nums(consts[0]), [2, -1]);
  assert.equal(printType(consts[0]!.type), 'tensor<2xi32>');
});

test('with a dynamic batch only the slices of static dims fold', () => {
  const { consts, results } = fold([f32t(-1, 7, 7, 64)], (t) => {
    const s = op(t, tfd.Shape, [t.args[0]!]);
    const one = konst(t, [1]);
    const batch = op(t, tfd.StridedSlice, [s, konst(t, [0]), one, one], { shrink_axis_mask: i64(1) });
    const rest = op(t, tfd.StridedSlice, [s, one, konst(t, [0]), one], { end_mask: i64(1) });
    const prod = op(t, tfd.Prod, [rest, konst(t, [0], [])], { keep_dims: { kind: 'bool', value: true } });
    const last = op(t, tfd.StridedSlice, [s, konst(t, [-1]), konst(t, [0]), one], { shrink_axis_mask: i64(1) });
    return [batch, rest, prod, last];
  });
  assert.equal(consts[0], undefined);
  assert.equal(results[0]!.producer?.name, 'tf.StridedSlice');
  assert.deepEqual(nums(consts[1]), [7, 7, 64]);
  assert.deepEqual(nums(consts[2]), [3136]);
  assert.deepEqual(nums(consts[3]), [64]);
});

test('Reshape, Squeeze and ExpandDims of a constant share its data', () => {
  let source: DenseAttr | undefined;
  const { consts } = fold([], (t) => {
    const c = konst(t, [1, 2, 3, 4, 5, 6], [2, 3], 'f32');
    source = constantValue(c.producer);
    const r = op(t, tfd.Reshape, [c, konst(t, [3, -1])]);
    const e = op(t, tfd.ExpandDims, [r, konst(t, [0], [])]);
    return [r, op(t, tfd.Squeeze, [e], { squeeze_dims: { kind: 'array', value: [i64(0)] } })];
  });
  assert.equal(printType(consts[0]!.type), 'tensor<3x2xf32>');
  assert.equal(consts[0]!.data, source!.data, 'no copy');
  assert.equal(consts[1]!.data, source!.data);
});

test('Cast truncates toward zero, ConcatV2/Pack/Transpose/StridedSlice move constant data', () => {
  const { consts } = fold([], (t) => {
    const f = konst(t, [-1.7, 2.9, 0.5, -0.2], [4], 'f32');
    const cast = op(t, tfd.Cast, [f], { DstT: typeAttr(tensorType(null, 'i32')) });
    const back = op(t, tfd.Cast, [cast], { DstT: typeAttr(tensorType(null, 'f32')) });
    const m = konst(t, [1, 2, 3, 4, 5, 6], [2, 3]);
    const cat = op(t, tfd.ConcatV2, [m, konst(t, [7, 8], [2, 1]), konst(t, [1], [])]);
    const pack = op(t, tfd.Pack, [konst(t, [1, 2]), konst(t, [3, 4])], { axis: i64(1) });
    const tr = op(t, tfd.Transpose, [m, konst(t, [1, 0])]);
    const rev = op(t, tfd.StridedSlice, [m, konst(t, [0, 2]), konst(t, [0, 0]), konst(t, [-1, -2])], { begin_mask: i64(1), end_mask: i64(1) });
    return [cast, back, cat, pack, tr, rev];
  });
  assert.deepEqual(nums(consts[0]), [-1, 2, 0, 0]);
  assert.deepEqual(nums(consts[1]), [-1, 2, 0, 0]);
  assert.deepEqual(nums(consts[2]), [1, 2, 3, 7, 4, 5, 6, 8]);
  assert.equal(printType(consts[2]!.type), 'tensor<2x4xi32>');
  assert.deepEqual(nums(consts[3]), [1, 3, 2, 4]);
  assert.deepEqual(nums(consts[4]), [1, 4, 2, 5, 3, 6]);
  // rows reversed (begin/end masked), columns from 2 down to (not including) 0 in steps of 2: just column 2
  assert.deepEqual(nums(consts[5]), [6, 3]);
  assert.equal(printType(consts[5]!.type), 'tensor<2x1xi32>');
});

test('Range, Fill, reductions and arithmetic fold with TF semantics and f32 rounding', () => {
  const { consts } = fold([], (t) => {
    const range = op(t, tfd.Range, [konst(t, [0], [], 'f32'), konst(t, [1], [], 'f32'), konst(t, [0.25], [], 'f32')]);
    const down = op(t, tfd.Range, [konst(t, [5], []), konst(t, [0], []), konst(t, [-2], [])]);
    const fill = op(t, tfd.Fill, [konst(t, [2, 2]), konst(t, [3.5], [], 'f32')]);
    const m = konst(t, [1, 2, 3, 4, 5, 6], [2, 3], 'f32');
    const mean = op(t, tfd.Mean, [m, konst(t, [-1], [])], { keep_dims: { kind: 'bool', value: true } });
    const max = op(t, tfd.Max, [m, konst(t, [0])]);
    const imean = op(t, tfd.Mean, [konst(t, [1, 2, 2]), konst(t, [0])]);
    const sum = op(t, tfd.AddV2, [konst(t, [0.1], [], 'f32'), konst(t, [0.2], [], 'f32')]);
    const scaled = op(t, tfd.Mul, [m, konst(t, [10, 100, 1000], [3], 'f32')]);
    const r = op(t, tfd.Rsqrt, [konst(t, [4, 16], [2], 'f32')]);
    return [range, down, fill, mean, max, imean, sum, scaled, r];
  });
  assert.deepEqual(nums(consts[0]), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(nums(consts[1]), [5, 3, 1]);
  assert.deepEqual(nums(consts[2]), [3.5, 3.5, 3.5, 3.5]);
  assert.deepEqual(nums(consts[3]), [2, 5]);
  assert.equal(printType(consts[3]!.type), 'tensor<2x1xf32>');
  assert.deepEqual(nums(consts[4]), [4, 5, 6]);
  assert.deepEqual(nums(consts[5]), [1], 'integer mean truncates');
  assert.deepEqual(nums(consts[6]), [Math.fround(Math.fround(0.1) + Math.fround(0.2))]);
  assert.deepEqual(nums(consts[7]), [10, 200, 3000, 40, 500, 6000]);
  assert.deepEqual(nums(consts[8]), [0.5, 0.25]);
});

test('Identity forwards; ops on non-constant data do not fold', () => {
  const { results, t } = fold([f32t(1, 4, 4, 2)], (t) => {
    const id = op(t, tfd.Identity, [t.args[0]!]);
    return [op(t, tfd.Relu, [id]), op(t, tfd.Identity, [t.args[0]!])];
  });
  assert.equal(results[1], t.args[0]);
  assert.equal(results[0]!.producer?.name, 'tf.Relu');
  assert.equal(results[0]!.producer?.operand(0), t.args[0]);
});
