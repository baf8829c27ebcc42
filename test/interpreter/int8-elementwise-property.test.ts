// tfl.add / tfl.sub / tfl.mul integer kernels vs per-element BigInt references, on tensors small enough for the
// direct path and large enough for the 256 x 256 table path, with and without broadcasting.
//
// The references follow TFLite's reference_integer_ops AddFunc / MulElementwise one element at a time: (x + offset)
// << 20, MultiplyByQuantizedMultiplierSmallerThanOneExp per input, the sum rescaled the same way, + zero point,
// clamp (ADD; SUB negates the second multiplier); (x1 + o1) * (x2 + o2) through MultiplyByQuantizedMultiplier (MUL).
// Only the multipliers (prepare time) come from quant-math.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { str } from '../../src/ir/attributes.js';
import type { OpDef } from '../../src/ir/opdef.js';
import { Int8Interpreter } from '../../src/interpreter/int8/index.js';
import { calculateActivationRangeQuantized, quantizeMultiplier, type FusedActivation } from '../../src/interpreter/quant-math.js';
import { newFunc } from '../support/build.js';
import { multiplyByQuantizedMultiplierRef, prng } from './int8-reference.js';
import { qt } from './int8-support.js';

interface Case {
  op: 'add' | 'sub' | 'mul';
  storage: 'i8' | 'u8';
  s1: number;
  z1: number;
  s2: number;
  z2: number;
  so: number;
  zo: number;
  act: FusedActivation;
}

/** The reference output for one pair of stored values. */
function reference(c: Case): (a: number, b: number) => number {
  const range = calculateActivationRangeQuantized(c.act, c.so, c.zo, c.storage === 'i8' ? { min: -128, max: 127 } : { min: 0, max: 255 });
  const clamp = (v: number): number => Math.min(range.max, Math.max(range.min, v));
  if (c.op === 'mul') {
    const { multiplier, shift } = quantizeMultiplier(Math.fround(Math.fround(c.s1 * c.s2) / c.so));
    return (a, b) => clamp(multiplyByQuantizedMultiplierRef((a - c.z1) * (b - c.z2), multiplier, shift) + c.zo);
  }
  const twiceMax = 2 * Math.max(c.s1, c.s2);
  const m1 = quantizeMultiplier(c.s1 / twiceMax);
  const m2 = quantizeMultiplier(c.s2 / twiceMax);
  const mo = quantizeMultiplier(twiceMax / (2 ** 20 * c.so));
  const sign = c.op === 'sub' ? -1 : 1;
  return (a, b) => {
    const scaled1 = multiplyByQuantizedMultiplierRef((a - c.z1) * 2 ** 20, m1.multiplier, m1.shift);
    const scaled2 = multiplyByQuantizedMultiplierRef((b - c.z2) * 2 ** 20, sign * m2.multiplier, m2.shift);
    return clamp(multiplyByQuantizedMultiplierRef(scaled1 + scaled2, mo.multiplier, mo.shift) + c.zo);
  };
}

const DEFS: Record<Case['op'], OpDef> = { add: tfl.Add, sub: tfl.Sub, mul: tfl.Mul };

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    op: fc.constantFrom<Case['op']>('add', 'sub', 'mul'),
    storage: fc.constantFrom<'i8' | 'u8'>('i8', 'u8'),
    s1: fc.double({ min: 0.002, max: 0.5, noNaN: true }),
    ratio: fc.double({ min: 0.3, max: 3, noNaN: true }),
    out: fc.double({ min: 0.3, max: 4, noNaN: true }),
    z1: fc.integer({ min: -128, max: 127 }),
    z2: fc.integer({ min: -128, max: 127 }),
    zo: fc.integer({ min: -128, max: 127 }),
    act: fc.constantFrom<FusedActivation>('NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'),
  })
  .map((r) => {
    const u = r.storage === 'u8' ? 128 : 0;
    const s1 = Math.fround(r.s1);
    const s2 = Math.fround(r.s1 * r.ratio);
    // Output scales near the inputs' (add/sub) or their product's (mul), so outputs use the whole range.
    const so = Math.fround(r.op === 'mul' ? s1 * s2 * 128 * r.out : Math.max(s1, s2) * r.out);
    return { op: r.op, storage: r.storage, s1, z1: r.z1 + u, s2, z2: r.z2 + u, so, zo: r.zo + u, act: r.act };
  });

/** Shape pairs: equal, scalar on either side, and a general broadcast; small ones (direct path) and large ones (table). */
const shapesArb = fc.constantFrom<[number[], number[]]>(
  [[2, 3, 5], [2, 3, 5]],
  [[7, 11], [1]],
  [[1], [3, 4]],
  [[2, 1, 3], [1, 4, 1]],
  [[1, 64, 64, 8], [1, 64, 64, 8]],
  [[1, 128, 160], [1]],
  [[1], [1, 130, 130]],
  [[1, 40, 40, 12], [1, 1, 1, 12]],
  [[4, 1, 64, 9], [1, 8, 64, 1]],
);

test('add / sub / mul match the per-element references on the direct and the table paths', () => {
  fc.assert(
    fc.property(caseArb, shapesArb, fc.integer(), (c, [shapeA, shapeB], seed) => {
      const rnd = prng(seed);
      const n = (s: number[]): number => s.reduce((x, y) => x * y, 1);
      const [lo, hi] = c.storage === 'i8' ? [-128, 127] : [0, 255];
      const values = (k: number): number[] => Array.from({ length: k }, () => lo + Math.floor(rnd() * (hi - lo + 1)));
      const av = values(n(shapeA));
      const bv = values(n(shapeB));
      const arr = (v: number[]) => (c.storage === 'i8' ? Int8Array.from(v) : Uint8Array.from(v));
      const outShape = shapeA.length >= shapeB.length ? shapeA.map((d, i) => Math.max(d, shapeB[i - (shapeA.length - shapeB.length)] ?? 1)) : shapeB.map((d, i) => Math.max(d, shapeA[i - (shapeB.length - shapeA.length)] ?? 1));
      const { m, b, args, ret } = newFunc([qt(shapeA, c.storage, c.s1, c.z1), qt(shapeB, c.storage, c.s2, c.z2)]);
      const op = b.create(DEFS[c.op], args, { fused_activation_function: str(c.act) }, [qt(outShape, c.storage, c.so, c.zo)]);
      ret(op.result(0));
      const ours = Array.from(Int8Interpreter.create(m).run([arr(av), arr(bv)])[0]! as ArrayLike<number>);
      // Reference with NumPy broadcasting over the (right-aligned) shapes.
      const ref = reference(c);
      const rank = outShape.length;
      const pad = (s: number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
      const pa = pad(shapeA);
      const pb = pad(shapeB);
      const want: number[] = [];
      const idx = new Array<number>(rank).fill(0);
      for (let i = 0; i < n(outShape); i++) {
        let ia = 0;
        let ib = 0;
        for (let d = 0; d < rank; d++) {
          ia = ia * pa[d]! + (pa[d] === 1 ? 0 : idx[d]!);
          ib = ib * pb[d]! + (pb[d] === 1 ? 0 : idx[d]!);
        }
        want.push(ref(av[ia]!, bv[ib]!));
        for (let d = rank - 1; d >= 0; d--) {
          if (++idx[d]! < outShape[d]!) break;
          idx[d] = 0;
        }
      }
      assert.deepEqual(ours, want);
    }),
    { numRuns: 60, seed: 51 },
  );
});
