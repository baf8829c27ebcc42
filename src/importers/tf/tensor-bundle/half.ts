// float16 and bfloat16 bit patterns <-> float32 values (round to nearest even when narrowing).

/** IEEE 754 binary16 bits -> value. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

export function halfBitsToFloats(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfToFloat(bits[i]!);
  return out;
}

/** bfloat16 is the top half of a float32, so widening is a shift. */
export function bfloat16BitsToFloats(bits: Uint16Array): Float32Array {
  const wide = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) wide[i] = bits[i]! << 16;
  return new Float32Array(wide.buffer);
}

/** float32 bits -> binary16 bits, rounding to nearest even; overflow gives infinity, NaN stays NaN. */
export function float32BitsToHalf(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** float32 bits -> bfloat16 bits, rounding to nearest even; NaN stays a (quiet) NaN. */
export function float32BitsToBfloat16(b: number): number {
  if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) return ((b >>> 16) | 0x40) & 0xffff;
  const rounded = b + 0x7fff + ((b >>> 16) & 1);
  return Math.floor(rounded / 0x10000) & 0xffff;
}

function float32Bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

export function floatsToHalfBits(values: Float32Array): Uint16Array {
  const bits = float32Bits(values);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = float32BitsToHalf(bits[i]!);
  return out;
}

export function floatsToBfloat16Bits(values: Float32Array): Uint16Array {
  const bits = float32Bits(values);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = float32BitsToBfloat16(bits[i]!);
  return out;
}
