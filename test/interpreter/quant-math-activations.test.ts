// gemmlowp fixed-point functions and the int8 softmax/logistic kernels, checked against TFLite Micro's goldens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  expOnNegativeValues,
  getReciprocal,
  logistic,
  oneOverOnePlusXForXIn01,
  roundingHalfSum,
} from '../../src/interpreter/quant-fixedpoint.js';
import {
  logisticInt8Lut,
  logisticInt8Reference,
  logisticLookupTable,
  prepareLogisticFixedPoint,
  prepareSoftmaxFixedPoint,
  softmaxInt8Lut,
  softmaxInt8Reference,
  softmaxLookupTable,
} from '../../src/interpreter/quant-activations.js';
import { INT32_MAX, quantizeInt8 } from '../../src/interpreter/quant-math.js';

test('gemmlowp exp / 1/(1+x) / logistic are accurate to their fixed-point precision', () => {
  assert.equal(expOnNegativeValues(0, 5), INT32_MAX);
  assert.equal(logistic(0, 4), 1 << 30);
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 31), max: 0 }), (a) => {
      const got = expOnNegativeValues(a, 5) / 2 ** 31; // input Q5.26
      return Math.abs(got - Math.exp(a / 2 ** 26)) < 5e-7;
    }),
    { numRuns: 20000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (a) => {
      const got = oneOverOnePlusXForXIn01(a) / 2 ** 31;
      return Math.abs(got - 1 / (1 + a / 2 ** 31)) < 1e-8;
    }),
    { numRuns: 20000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }), (a) => {
      const got = logistic(a, 4) / 2 ** 31; // input Q4.27
      return Math.abs(got - 1 / (1 + Math.exp(-a / 2 ** 27))) < 2e-7;
    }),
    { numRuns: 20000 },
  );
  // -1/4 in Q2.29 is the edge of the polynomial's interval, where gemmlowp's error is largest (about 2.2e-7).
  assert.ok(Math.abs(expOnNegativeValues(-(1 << 27), 2) / 2 ** 31 - Math.exp(-0.25)) < 5e-7);
});

test('RoundingHalfSum and GetReciprocal', () => {
  assert.equal(roundingHalfSum(3, 4), 4); // 3.5 -> 4
  assert.equal(roundingHalfSum(-3, -4), -4); // -3.5 -> -4
  assert.equal(roundingHalfSum(INT32_MAX, INT32_MAX), INT32_MAX);
  // 1/x for x = 2.5 in Q12.19: 1/2.5 = 0.8 * 2^-1, i.e. a Q0.31 reciprocal of 0.8 and one bit over unit.
  const { reciprocal, numBitsOverUnit } = getReciprocal(2.5 * 2 ** 19, 12);
  assert.equal(numBitsOverUnit, 1);
  assert.ok(Math.abs(reciprocal / 2 ** 31 - 0.8) < 1e-8, `reciprocal ${reciprocal / 2 ** 31}`);
});

// TFLite Micro softmax_test.cc: input scale 0.1, zero point 0; output scale 1/256, zero point -128; tolerance 1.
const SOFTMAX_CASES: Array<{ depth: number; input: number[]; golden: number[] }> = [
  {
    depth: 5,
    input: [1, 2, 3, 4, 5],
    golden: [0.011656231, 0.031684921, 0.086128544, 0.234121657, 0.636408647],
  },
  {
    depth: 5,
    input: [1, 2, 3, 4, 5, -1, -2, -3, -4, -5],
    golden: [
      0.011656231, 0.031684921, 0.086128544, 0.234121657, 0.636408647, 0.636408647, 0.234121657, 0.086128544,
      0.031684921, 0.011656231,
    ],
  },
  {
    depth: 5,
    input: [
      3, 6, -5, 4, -9, -10, -10, -8, 2, 2, 8, -5, -8, 5, -6, -8, 6, 1, -10, -8, 7, 6, -10, -4, -5, 2, 7, 9, -9, 7, -4, -2,
      8, 2, 2, 3, 6, 6, 2, 4,
    ],
    golden: [
      0.042009463, 0.843782625, 0.000014093, 0.114193561, 0.000000258, 0.000003072, 0.000003072, 0.000022699,
      0.499985578, 0.499985578, 0.952571219, 0.000002153, 0.000000107, 0.047425728, 0.000000792, 0.000000826,
      0.993305397, 0.006692839, 0.000000112, 0.000000826, 0.731046347, 0.268936922, 0.00000003, 0.00001221,
      0.000004492, 0.000717124, 0.106430599, 0.786421666, 0.000000012, 0.106430599, 0.000006114, 0.000045174,
      0.995015917, 0.002466398, 0.002466398, 0.022595176, 0.453836234, 0.453836234, 0.008312301, 0.061420055,
    ],
  },
];

test('int8 softmax (fixed-point reference and float LUT) matches TFLite Micro goldens within 1', () => {
  for (const { depth, input, golden } of SOFTMAX_CASES) {
    const q = quantizeInt8(input, 0.1, 0);
    const want = quantizeInt8(golden, 1 / 256, -128);
    const ref = new Int8Array(q.length);
    softmaxInt8Reference(q, depth, prepareSoftmaxFixedPoint(0.1, 1), ref);
    const lut = new Int8Array(q.length);
    softmaxInt8Lut(q, depth, softmaxLookupTable(0.1, 1), 1 / 256, -128, lut);
    for (let i = 0; i < q.length; i++) {
      assert.ok(Math.abs(ref[i]! - want[i]!) <= 1, `reference [${i}] = ${ref[i]}, golden ${want[i]}`);
      assert.ok(Math.abs(lut[i]! - want[i]!) <= 1, `lut [${i}] = ${lut[i]}, golden ${want[i]}`);
    }
  }
});

test('softmax parameters: multiplier, shift and diff_min as PreprocessSoftmaxScaling gives them', () => {
  // beta * scale * 2^26 = 0.1 * 2^26 -> frexp: 0.8 * 2^23.
  const p = prepareSoftmaxFixedPoint(0.1, 1);
  assert.equal(p.inputLeftShift, 23);
  assert.equal(p.inputMultiplier, Math.round(Math.fround(0.1) * 2 ** 26 / 2 ** 23 * 2 ** 31));
  // CalculateInputRadius(5, 23) = floor(31 * 2^26 / 2^23) = 248.
  assert.equal(p.diffMin, -248);
});

test('int8 softmax variants agree within 1 on random rows and sum to about 1', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 1, maxLength: 40 }),
      fc.double({ min: 0.005, max: 0.5, noNaN: true }),
      (values, scale) => {
        const x = Int8Array.from(values);
        const a = new Int8Array(x.length);
        const b = new Int8Array(x.length);
        softmaxInt8Reference(x, x.length, prepareSoftmaxFixedPoint(scale), a);
        softmaxInt8Lut(x, x.length, softmaxLookupTable(scale), 1 / 256, -128, b);
        let sum = 0;
        for (let i = 0; i < x.length; i++) {
          if (Math.abs(a[i]! - b[i]!) > 1) return false;
          sum += (b[i]! + 128) / 256;
        }
        return Math.abs(sum - 1) <= (x.length + 1) / 256;
      },
    ),
    { numRuns: 2000 },
  );
  // uint8 output (zero point 0) is the int8 result shifted by 128, give or take the rounding mode.
  const x = Int8Array.from([-20, 0, 10, 30]);
  const s8 = new Int8Array(4);
  const u8 = new Uint8Array(4);
  softmaxInt8Reference(x, 4, prepareSoftmaxFixedPoint(0.1), s8);
  softmaxInt8Reference(x, 4, prepareSoftmaxFixedPoint(0.1), u8);
  assert.deepEqual([...u8], [...s8].map((v) => v + 128));
});

// TFLite Micro logistic_test.cc: goldens quantized with scale 1/255, zero point -128; tolerance 1.
const LOGISTIC_CASES: Array<{ scale: number; input: number[]; golden: number[] }> = [
  {
    scale: 0.1,
    input: [1, 2, 3, 4, 5, -1, -2, -3, -4, -5],
    golden: [0.73105858, 0.88079708, 0.95257413, 0.98201379, 0.99330715, 0.26894142, 0.11920292, 0.04742587, 0.01798621, 0.00669285],
  },
  {
    scale: 1,
    input: [1, 2, 3, 4, 93, -1, -2, -3, -4, -93],
    golden: [0.73105858, 0.88079708, 0.95257413, 0.98201379, 1, 0.26894142, 0.11920292, 0.04742587, 0.01798621, 0],
  },
];

test('int8 logistic (fixed-point reference and LUT) matches TFLite Micro goldens within 1', () => {
  for (const { scale, input, golden } of LOGISTIC_CASES) {
    const q = quantizeInt8(input, scale, 0);
    const want = quantizeInt8(golden, 1 / 255, -128);
    const ref = new Int8Array(q.length);
    logisticInt8Reference(q, prepareLogisticFixedPoint(scale, 0), ref);
    const lut = new Int8Array(q.length);
    logisticInt8Lut(q, logisticLookupTable(scale, 0, 1 / 256, -128, true), lut);
    for (let i = 0; i < q.length; i++) {
      assert.ok(Math.abs(ref[i]! - want[i]!) <= 1, `reference [${i}] = ${ref[i]}, golden ${want[i]}`);
      assert.ok(Math.abs(lut[i]! - want[i]!) <= 1, `lut [${i}] = ${lut[i]}, golden ${want[i]}`);
    }
  }
});

test('int8 logistic variants agree within 1 over every input byte and zero point', () => {
  for (const scale of [0.01, 0.05, 0.1, 0.3]) {
    for (const zp of [-128, -30, 0, 77]) {
      const x = Int8Array.from({ length: 256 }, (_, i) => i - 128);
      const a = new Int8Array(256);
      const b = new Int8Array(256);
      logisticInt8Reference(x, prepareLogisticFixedPoint(scale, zp), a);
      logisticInt8Lut(x, logisticLookupTable(scale, zp, 1 / 256, -128, true), b);
      for (let i = 0; i < 256; i++) {
        assert.ok(Math.abs(a[i]! - b[i]!) <= 1, `scale ${scale} zp ${zp} x ${x[i]}: ${a[i]} vs ${b[i]}`);
      }
    }
  }
});
