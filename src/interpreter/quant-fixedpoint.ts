// gemmlowp's fixed-point math functions (exp on negative values, 1/(1+x), logistic) on raw int32 values.
//
// A gemmlowp FixedPoint<int32, IntegerBits> is a raw int32 r meaning r / 2^(31 - IntegerBits). Functions here
// take and return raw int32 numbers and say which IntegerBits they mean. Followed from gemmlowp
// fixedpoint/fixedpoint.h and TFLite's common.h (GetReciprocal); written from the published algorithm.
import {
  INT32_MAX,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul as mul,
  saturatingRoundingMultiplyByPOT,
} from './quant-math.js';

/** gemmlowp Rescale<dstBits>(FixedPoint<srcBits>): a saturating/rounding multiply by 2^(srcBits - dstBits). */
export function rescale(raw: number, srcIntegerBits: number, dstIntegerBits: number): number {
  return saturatingRoundingMultiplyByPOT(raw, srcIntegerBits - dstIntegerBits);
}

/** gemmlowp RoundingHalfSum for int32: (a + b + sign) / 2 truncated, computed without overflow. */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b; // exact in a double
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2) | 0;
}

/** Raw value of 1.0 (or the largest value below it when there are no integer bits). */
export function fixedPointOne(integerBits: number): number {
  return integerBits === 0 ? INT32_MAX : 1 << (31 - integerBits);
}

/** exp(a) for a in [-1/4, 0), a in Q0.31; result Q0.31. A Taylor expansion around -1/8. */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const constantTerm = 1895147668; // exp(-1/8)
  const constantOneThird = 715827883; // 1/3
  const x = (a + (1 << 28)) | 0; // a + 1/8
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT((mul((x4Over4 + x3) | 0, constantOneThird) + x2) | 0, 1);
  return (constantTerm + mul(constantTerm, (x + poly) | 0)) | 0;
}

/** exp(-2^k) for k = -2..4 in Q0.31, used as a barrel shifter over the integer part of the input. */
const EXP_BARREL: ReadonlyArray<readonly [exponent: number, multiplier: number]> = [
  [-2, 1672461947],
  [-1, 1302514674],
  [0, 790015084],
  [1, 290630308],
  [2, 39332535],
  [3, 720401],
  [4, 242],
];

/** exp(a) for a <= 0 given as FixedPoint<int32, integerBits>; result Q0.31 (exp(0) gives the Q0.31 maximum). */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const mask = oneQuarter - 1;
  const aModQuarterMinusOneQuarter = ((a & mask) - oneQuarter) | 0;
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(aModQuarterMinusOneQuarter, integerBits, 0));
  const remainder = (aModQuarterMinusOneQuarter - a) | 0;
  for (const [exponent, multiplier] of EXP_BARREL) {
    if (integerBits > exponent) {
      const bit = 1 << (fractionalBits + exponent);
      if (remainder & bit) result = mul(result, multiplier);
    }
  }
  if (integerBits > 5) {
    const clamp = -(1 << (36 - integerBits)); // -32.0
    if (a < clamp) result = 0;
  }
  if (a === 0) result = INT32_MAX;
  return result;
}

/** 1 / (1 + a) for a in [0, 1) in Q0.31; result Q0.31. Newton-Raphson with 3 iterations in Q2.29. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  const constant48Over17 = 1515870810;
  const constantNeg32Over17 = -1010580540;
  const oneQ2 = 1 << 29;
  let x = (constant48Over17 + mul(halfDenominator, constantNeg32Over17)) | 0;
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x);
    const oneMinus = (oneQ2 - halfDenominatorTimesX) | 0;
    x = (x + rescale(mul(x, oneMinus), 4, 2)) | 0;
  }
  // ExactMulByPot<-1> reinterprets Q2.29 as Q1.30; Rescale<0> then shifts left by one, saturating.
  return rescale(x, 1, 0);
}

/** Logistic of a FixedPoint<int32, integerBits>; result Q0.31. */
export function logistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const positive = a > 0;
  const absInput = positive ? a : -a | 0;
  const resultIfPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absInput | 0, integerBits));
  return positive ? resultIfPositive : (INT32_MAX - resultIfPositive) | 0;
}

/**
 * TFLite GetReciprocal: 1/x for x in FixedPoint<int32, xIntegerBits>, as a Q0.31 scale plus the number of bits
 * the result must still be shifted right (numBitsOverUnit).
 */
export function getReciprocal(x: number, xIntegerBits: number): { reciprocal: number; numBitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x);
  const numBitsOverUnit = xIntegerBits - headroomPlusOne;
  const shifted = headroomPlusOne >= 32 ? 0 : (x << headroomPlusOne) >>> 0;
  const shiftedSumMinusOne = (shifted - 2147483648) | 0;
  return { reciprocal: oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit };
}
