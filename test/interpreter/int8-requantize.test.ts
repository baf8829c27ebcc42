// The requantization tail of the integer conv kernels (requantize.ts) vs MultiplyByQuantizedMultiplier in BigInt,
// over the whole int32 range, ties and the largest products included, and the packed-sum decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { accumulator, fastConstants, highLane, requantizeExact, requantizeFast } from '../../src/interpreter/int8/requantize.js';
import { multiplyByQuantizedMultiplierRef, wrap32 } from './int8-reference.js';

test('requantizeFast / requantizeExact equal MultiplyByQuantizedMultiplier + zero point + clamp, ties included', () => {
  const multiplier = fc.oneof(fc.integer({ min: 2 ** 30, max: 2 ** 31 - 1 }), fc.constant(2 ** 30), fc.integer({ min: 1, max: 2 ** 31 - 1 }));
  const shift = fc.integer({ min: -31, max: 12 });
  const acc = fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.integer({ min: -70000, max: 70000 }), fc.constantFrom(-2147483648, 2147483647, -1, 0, 1));
  const range = fc.tuple(fc.integer({ min: -128, max: 255 }), fc.integer({ min: -128, max: 255 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  fc.assert(
    fc.property(acc, fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.integer({ min: -(2 ** 20), max: 2 ** 20 })), multiplier, shift, fc.integer({ min: -128, max: 255 }), range, (v, bias, m, sh, zp, [lo, hi]) => {
      const leftFactor = sh > 0 ? 2 ** sh | 0 : 1;
      const e = sh > 0 ? 0 : -sh;
      const mask = e >= 31 ? 0x7fffffff : (1 << e) - 1;
      const a = Number(wrap32(BigInt(v) + BigInt(bias)));
      const want = Math.min(hi, Math.max(lo, multiplyByQuantizedMultiplierRef(a, m, sh) + zp));
      const x = accumulator(v, bias, leftFactor);
      assert.equal(requantizeExact(x, m, e, mask, zp, lo, hi), want);
      // The fast form holds where outputStage allows it: no wrap, and (|v| + |bias|) * 2^leftShift * m < 2^53 - 2^30.
      const bound = (Math.abs(v) + Math.abs(bias)) * Math.abs(leftFactor);
      if (bound < 2 ** 31 && bound * m < 2 ** 53 - 2 ** 30) {
        const k = fastConstants(m, leftFactor, bias);
        assert.equal(requantizeFast(v, k.scale, k.offset, e, mask, zp, lo, hi), want);
      }
    }),
    { numRuns: 20000, seed: 46 },
  );
  // The largest products: high is within a few hundred of +-2^31, where y - bound leaves the int32 range.
  for (const v of [2147483647, 2147483000, -2147483648, -2147483000]) {
    for (const [zp, lo, hi] of [[255, -128, 127], [-128, -128, 255], [0, 0, 255], [-128, 5, 100], [255, -100, -3]] as const) {
      const want = Math.min(hi, Math.max(lo, multiplyByQuantizedMultiplierRef(v, 2147483647, 0) + zp));
      assert.equal(requantizeExact(v, 2147483647, 0, 0, zp, lo, hi), want, `v=${v} zp=${zp}`);
    }
  }
  // Exact ties: m = 2^30 halves the accumulator in SRDHM; odd accumulators land on .5 there, and RDBPOT's
  // remainders on its half at every exponent.
  for (let e = 0; e <= 4; e++) {
    const mask = (1 << e) - 1;
    for (let v = -40; v <= 40; v++) {
      const want = multiplyByQuantizedMultiplierRef(v, 2 ** 30, -e);
      assert.equal(requantizeExact(v, 2 ** 30, e, mask, 0, -128, 127), Math.min(127, Math.max(-128, want)), `exact v=${v} e=${e}`);
      const k = fastConstants(2 ** 30, 1, 0);
      assert.equal(requantizeFast(v, k.scale, k.offset, e, mask, 0, -128, 127), Math.min(127, Math.max(-128, want)), `fast v=${v} e=${e}`);
    }
  }
});

test('a packed float64 sum decodes to both lanes', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 25) + 1, max: 2 ** 25 - 1 }), fc.integer({ min: -(2 ** 25) + 1, max: 2 ** 25 - 1 }), (low, high) => {
      const s = low + high * 2 ** 26;
      assert.equal(highLane(s), high);
      assert.equal(s - highLane(s) * 2 ** 26, low);
    }),
    { numRuns: 5000, seed: 47 },
  );
});
