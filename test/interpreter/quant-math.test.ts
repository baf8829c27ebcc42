// TFLite fixed-point arithmetic: golden cases from TFLite's own tests, and fast paths against BigInt references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  INT32_MAX,
  INT32_MIN,
  calculateActivationRangeInt8,
  calculateActivationRangeQuantized,
  dequantize,
  frexp,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierGreaterThanOne,
  multiplyByQuantizedMultiplierInt64,
  multiplyByQuantizedMultiplierSingleRounding,
  multiplyByQuantizedMultiplierSmallerThanOneExp,
  quantizeInt8,
  quantizeMultiplier,
  quantizeMultiplierGreaterThanOne,
  quantizeMultiplierSmallerThanOneExp,
  quantizeUint8,
  quantizeValue,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
  saturatingRoundingMultiplyByPOT,
  tfliteRound,
  UINT8_RANGE,
} from '../../src/interpreter/quant-math.js';

// ---- BigInt references written straight from the C++ definitions

function srdhmRef(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C++
}

function rdbpotRef(x: number, exponent: number): number {
  // Round to nearest, ties away from zero.
  const d = 1n << BigInt(exponent);
  const bx = BigInt(x);
  const q = bx / d;
  const r = bx - q * d;
  if (2n * (r < 0n ? -r : r) >= d) return Number(q + (bx < 0n ? -1n : 1n));
  return Number(q);
}

function mbqmRef(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const shifted = Number(BigInt.asIntN(32, BigInt(x) << BigInt(left))); // C++ int32 wrap
  return rdbpotRef(srdhmRef(shifted, m), right);
}

const int32 = fc.oneof(
  fc.integer({ min: INT32_MIN, max: INT32_MAX }),
  fc.constantFrom(INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, INT32_MAX - 1, 1 << 30, -(1 << 30)),
  fc.integer({ min: -70000, max: 70000 }),
);

test('quantizeMultiplier matches the quantization_util_test goldens', () => {
  const cases: Array<[number, number, number]> = [
    [-4, -1073741824, 3],
    [-2, -1073741824, 2],
    [-1, -1073741824, 1],
    [-0.5, -1073741824, 0],
    [-0.25, -1073741824, -1],
    [-0.125, -1073741824, -2],
    [0, 0, 0],
    [0.125, 1073741824, -2],
    [0.25, 1073741824, -1],
    [0.5, 1 << 30, 0],
    [1, 1073741824, 1],
    [2, 1073741824, 2],
    [4, 1073741824, 3],
    // Underflow: shifts below -31 flush to (0, 0).
    [2 ** -31, 1073741824, -30],
    [2 ** -32, 1073741824, -31],
    [Math.fround(0.99) * 2 ** -32, 0, 0],
    [2 ** -33, 0, 0],
  ];
  for (const [real, m, s] of cases) {
    assert.deepEqual(quantizeMultiplier(real), { multiplier: m, shift: s }, `quantizeMultiplier(${real})`);
  }
});

test('quantizeMultiplierSmallerThanOneExp / GreaterThanOne goldens, including the round-up-to-2^31 fix', () => {
  const smaller: Array<[number, number, number]> = [
    [0.25, 1073741824, -1],
    [0.5 - 5e-9, 2147483627, -1],
    [0.5 - 1e-10, 1073741824, 0], // fraction rounds to 2^31: halved, shift + 1
    [0.5, 1073741824, 0],
    [0.75, 1610612736, 0],
    [1 - 1e-9, 2147483646, 0],
  ];
  for (const [real, m, s] of smaller) assert.deepEqual(quantizeMultiplierSmallerThanOneExp(real), { multiplier: m, shift: s });
  for (const bad of [-0.1, 0, 1 - 1e-15, 1 - 1e-17, 1]) {
    assert.throws(() => quantizeMultiplierSmallerThanOneExp(bad), RangeError, `rejects ${bad}`);
  }
  const greater: Array<[number, number, number]> = [
    [1 + 1e-11, 1073741824, 1],
    [1.25, 1342177280, 1],
    [1.5, 1610612736, 1],
    [1.75, 1879048192, 1],
    [2 - 1e-9, 2147483647, 1],
    [2 - 1e-11, 1073741824, 2],
    [2, 1073741824, 2],
  ];
  for (const [real, m, s] of greater) assert.deepEqual(quantizeMultiplierGreaterThanOne(real), { multiplier: m, shift: s });
  assert.throws(() => quantizeMultiplierGreaterThanOne(1 + 1e-16), RangeError);
  assert.deepEqual(quantizeMultiplier(2 ** 40, { singleRounding: true }), { multiplier: INT32_MAX, shift: 30 });
  assert.deepEqual(quantizeMultiplier(2 ** 40), { multiplier: 1 << 30, shift: 41 });
});

test('frexp is exact, including subnormals', () => {
  assert.deepEqual(frexp(8), { fraction: 0.5, exponent: 4 });
  assert.deepEqual(frexp(-3), { fraction: -0.75, exponent: 2 });
  assert.deepEqual(frexp(Number.MIN_VALUE), { fraction: 0.5, exponent: -1073 });
  assert.deepEqual(frexp(Number.MAX_VALUE), { fraction: 1 - 2 ** -53, exponent: 1024 });
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x !== 0), (x) => {
      const { fraction, exponent } = frexp(x);
      assert.ok(Math.abs(fraction) >= 0.5 && Math.abs(fraction) < 1);
      // Rebuild in two steps so large exponents do not overflow 2 ** exponent.
      assert.equal(fraction * 2 ** Math.ceil(exponent / 2) * 2 ** Math.floor(exponent / 2), x);
    }),
    { numRuns: 2000 },
  );
});

test('SaturatingRoundingDoublingHighMul: saturation and round-half-up cases', () => {
  assert.equal(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
  assert.equal(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX), 2147483646);
  assert.equal(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX), -2147483647);
  assert.equal(saturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29); // 0.5 * 0.5 = 0.25
  assert.equal(saturatingRoundingDoublingHighMul(3, 1 << 30), 2); // 1.5 -> 2
  assert.equal(saturatingRoundingDoublingHighMul(1, 1 << 30), 1); // 0.5 -> 1
  assert.equal(saturatingRoundingDoublingHighMul(-1, 1 << 30), 0); // -0.5 -> 0 (nudge 1 - 2^30, truncation)
  assert.equal(saturatingRoundingDoublingHighMul(-3, 1 << 30), -1); // -1.5 -> -1
  assert.ok(Object.is(saturatingRoundingDoublingHighMul(-1, 1), 0), 'no negative zero');
});

test('SaturatingRoundingDoublingHighMul equals the BigInt reference on random int32s', () => {
  fc.assert(
    fc.property(int32, int32, (a, b) => saturatingRoundingDoublingHighMul(a, b) === srdhmRef(a, b)),
    { numRuns: 30000 },
  );
});

test('RoundingDivideByPOT rounds ties away from zero', () => {
  const cases: Array<[number, number, number]> = [
    [3, 1, 2],
    [-3, 1, -2],
    [5, 1, 3],
    [-5, 1, -3],
    [-5, 2, -1],
    [-6, 2, -2],
    [6, 2, 2],
    [-7, 2, -2],
    [12345, 0, 12345],
    [INT32_MIN, 31, -1],
    [INT32_MAX, 31, 1],
    [-(1 << 30), 31, -1], // -0.5 -> -1
    [1 << 30, 31, 1], // 0.5 -> 1
  ];
  for (const [x, e, want] of cases) assert.equal(roundingDivideByPOT(x, e), want, `rdbpot(${x}, ${e})`);
  fc.assert(
    fc.property(int32, fc.integer({ min: 0, max: 31 }), (x, e) => roundingDivideByPOT(x, e) === rdbpotRef(x, e)),
    { numRuns: 20000 },
  );
});

test('SaturatingRoundingMultiplyByPOT saturates left shifts and rounds right shifts', () => {
  assert.equal(saturatingRoundingMultiplyByPOT(1 << 20, 3), 1 << 23);
  assert.equal(saturatingRoundingMultiplyByPOT(1 << 29, 2), INT32_MAX);
  assert.equal(saturatingRoundingMultiplyByPOT(-(1 << 29), 2), INT32_MIN);
  assert.equal(saturatingRoundingMultiplyByPOT((1 << 29) - 1, 2), ((1 << 29) - 1) * 4);
  assert.equal(saturatingRoundingMultiplyByPOT(-5, -1), -3);
  assert.equal(saturatingRoundingMultiplyByPOT(77, 0), 77);
});

test('MultiplyByQuantizedMultiplier (double rounding) equals its BigInt composition', () => {
  fc.assert(
    fc.property(int32, fc.integer({ min: 0, max: INT32_MAX }), fc.integer({ min: -31, max: 8 }), (x, m, shift) => {
      return multiplyByQuantizedMultiplier(x, m, shift) === mbqmRef(x, m, shift);
    }),
    { numRuns: 30000 },
  );
  // Smaller-than-one / greater-than-one variants are the same formula split by sign of the shift.
  fc.assert(
    fc.property(int32, fc.integer({ min: 1 << 30, max: INT32_MAX }), fc.integer({ min: 0, max: 31 }), (x, m, s) => {
      return (
        multiplyByQuantizedMultiplierSmallerThanOneExp(x, m, -s) === mbqmRef(x, m, -s) &&
        multiplyByQuantizedMultiplierGreaterThanOne(x, m, Math.min(s, 8)) === mbqmRef(x, m, Math.min(s, 8))
      );
    }),
    { numRuns: 10000 },
  );
});

test('MultiplyByQuantizedMultiplier approximates x * real within one unit', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -(1 << 24), max: 1 << 24 }),
      fc.double({ min: 1e-6, max: 100, noNaN: true }),
      (x, real) => {
        const { multiplier, shift } = quantizeMultiplier(real);
        const exact = x * real;
        if (Math.abs(exact) > 2 ** 30) return true;
        return Math.abs(multiplyByQuantizedMultiplier(x, multiplier, shift) - exact) <= 1;
      },
    ),
    { numRuns: 5000 },
  );
  // A typical conv requantization, worked by hand: 1000 * 0.0123 = 12.3 -> 12; -1000 -> -12; 41 * 0.0123 = 0.5043 -> 1.
  const { multiplier, shift } = quantizeMultiplier(0.0123);
  assert.equal(multiplyByQuantizedMultiplier(1000, multiplier, shift), 12);
  assert.equal(multiplyByQuantizedMultiplier(-1000, multiplier, shift), -12);
  assert.equal(multiplyByQuantizedMultiplier(41, multiplier, shift), 1);
});

test('the single-rounding and int64 variants equal exact round-half-up', () => {
  fc.assert(
    fc.property(int32, fc.integer({ min: 0, max: INT32_MAX }), fc.integer({ min: -31, max: 0 }), (x, m, shift) => {
      const total = BigInt(31 - shift);
      const want = (BigInt(x) * BigInt(m) + (1n << (total - 1n))) >> total;
      return multiplyByQuantizedMultiplierSingleRounding(x, m, shift) === Number(BigInt.asIntN(32, want));
    }),
    { numRuns: 10000 },
  );
  fc.assert(
    fc.property(
      fc.integer({ min: -(2 ** 47), max: 2 ** 47 - 1 }),
      fc.integer({ min: 1 << 30, max: INT32_MAX }),
      fc.integer({ min: -31, max: -16 }),
      (x, m, shift) => {
        const reduced = m < 0x7fff0000 ? (m + (1 << 15)) >> 16 : 0x7fff;
        const total = BigInt(15 - shift);
        const want = (BigInt(x) * BigInt(reduced) + (1n << (total - 1n))) >> total;
        return multiplyByQuantizedMultiplierInt64(x, m, shift) === Number(BigInt.asIntN(32, want));
      },
    ),
    { numRuns: 5000 },
  );
});

test('TfLiteRound rounds half away from zero', () => {
  assert.deepEqual([2.5, -2.5, 0.5, -0.5, 1.4999, -1.5, 0].map(tfliteRound), [3, -3, 1, -1, 1, -2, 0]);
});

test('int8 quantize/dequantize by hand and error <= scale/2 within range', () => {
  assert.deepEqual([...quantizeInt8([0.25, -0.25, 1000, -1000, 0.75, Number.NaN], 0.5, -1)], [0, -2, 127, -128, 1, -128]);
  assert.deepEqual([...quantizeUint8([0, 0.99, 2, 1e9, -5], 1 / 128, 128)], [128, 255, 255, 255, 0]);
  assert.equal(quantizeValue(-0.5, 1, 0, UINT8_RANGE), 0);
  assert.deepEqual([...dequantize(new Int8Array([-128, 0, 127]), 0.5, -1)], [-63.5, 0.5, 64]);
  fc.assert(
    fc.property(
      fc.double({ min: 1e-4, max: 10, noNaN: true }).map(Math.fround),
      fc.integer({ min: -128, max: 127 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (scale, zp, t) => {
        const lo = (-128 - zp) * scale;
        const hi = (127 - zp) * scale;
        const x = Math.fround(lo + (hi - lo) * t);
        const back = dequantize(quantizeInt8([x], scale, zp), scale, zp)[0]!;
        // float32 rounding of x / scale adds at most a few ulps on top of the half-step bound.
        return Math.abs(back - x) <= scale / 2 + Math.abs(x) * 1e-6 + 1e-12;
      },
    ),
    { numRuns: 5000 },
  );
});

test('CalculateActivationRangeQuantized for NONE / RELU / RELU6 / RELU_N1_TO_1', () => {
  assert.deepEqual(calculateActivationRangeInt8('NONE', 0.1, 10), { min: -128, max: 127 });
  assert.deepEqual(calculateActivationRangeInt8('RELU', 0.1, 10), { min: 10, max: 127 });
  assert.deepEqual(calculateActivationRangeInt8('RELU6', 0.1, 10), { min: 10, max: 70 });
  assert.deepEqual(calculateActivationRangeInt8('RELU_N1_TO_1', 0.1, 10), { min: 0, max: 20 });
  // The usual RELU6 output quantization (scale 6/255, zero point -128) spans the whole int8 range.
  assert.deepEqual(calculateActivationRangeInt8('RELU6', 6 / 255, -128), { min: -128, max: 127 });
  // Clamped to the type range when 6.0 lies outside it.
  assert.deepEqual(calculateActivationRangeInt8('RELU6', 0.01, 0), { min: 0, max: 127 });
  assert.deepEqual(calculateActivationRangeQuantized('RELU6', 0.05, 3, UINT8_RANGE), { min: 3, max: 123 });
  assert.throws(() => calculateActivationRangeInt8('TANH', 0.1, 0), RangeError);
});
