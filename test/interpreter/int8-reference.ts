// Plain references for the integer kernel tests: TFLite's fixed-point steps in BigInt, and seeded test data.

/** MultiplyByQuantizedMultiplier (double rounding): int32-wrapping left shift, SRDHM, RoundingDivideByPOT. */
export function multiplyByQuantizedMultiplierRef(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const a = BigInt.asIntN(32, BigInt(x) << BigInt(left));
  let high: bigint;
  if (a === -(1n << 31n) && BigInt(m) === -(1n << 31n)) high = (1n << 31n) - 1n;
  else {
    const ab = a * BigInt(m);
    high = (ab + (ab >= 0n ? 1n << 30n : 1n - (1n << 30n))) / (1n << 31n); // truncates toward zero, like C++
  }
  const d = 1n << BigInt(right);
  const q = high / d;
  const r = high - q * d;
  return Number(2n * (r < 0n ? -r : r) >= d ? q + (high < 0n ? -1n : 1n) : q);
}

/** int32 wrap-around of an accumulator (TFLite's int32 adds). */
export const wrap32 = (v: bigint): bigint => BigInt.asIntN(32, v);

/** A small deterministic PRNG (mulberry32) so big data arrays come from one shrinkable seed. */
export { mulberry32 as prng } from '../../src/interpreter/datasets/synthetic.js';

/** Values in [lo, hi]: mostly uniform, sometimes the extremes (a weight of -128 or 127, a saturated pixel). */
export function fill(n: number, rnd: () => number, lo: number, hi: number, extreme = 0.1): number[] {
  return Array.from({ length: n }, () => {
    const r = rnd();
    if (r < extreme / 2) return lo;
    if (r < extreme) return hi;
    return lo + Math.floor(rnd() * (hi - lo + 1));
  });
}
