// Integer dot products of weight rows with one or two input vectors, blocked for speed in JavaScript.
//
// Exactness: every operand is an 8-bit value plus a zero-point offset (|v| <= 255), so each product is below 2^16
// and a sum of fewer than 2^37 of them stays an exact double; storing into an Int32Array wraps to int32 the way
// TFLite's int32 accumulator would. Blocking 4 output channels x 4 (or 2) input vectors lets each loaded value feed
// several products, which is what makes a MobileNet run in well under a second.

/** acc0[o] = sum_i w[o * depth + i] * a[aBase + i] and acc1[o] = the same with b, for o < channels. */
export function dotRows2(w: Int16Array, channels: number, depth: number, a: Int16Array, aBase: number, b: Int16Array, bBase: number, acc0: Int32Array, acc1: Int32Array): void {
  let o = 0;
  for (; o + 3 < channels; o += 4) {
    const w0 = o * depth;
    const w1 = w0 + depth;
    const w2 = w1 + depth;
    const w3 = w2 + depth;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let k = 0; k < depth; k++) {
      const x = a[aBase + k]!;
      const y = b[bBase + k]!;
      const f0 = w[w0 + k]!;
      const f1 = w[w1 + k]!;
      const f2 = w[w2 + k]!;
      const f3 = w[w3 + k]!;
      a0 += f0 * x;
      a1 += f1 * x;
      a2 += f2 * x;
      a3 += f3 * x;
      b0 += f0 * y;
      b1 += f1 * y;
      b2 += f2 * y;
      b3 += f3 * y;
    }
    acc0[o] = a0;
    acc0[o + 1] = a1;
    acc0[o + 2] = a2;
    acc0[o + 3] = a3;
    acc1[o] = b0;
    acc1[o + 1] = b1;
    acc1[o + 2] = b2;
    acc1[o + 3] = b3;
  }
  for (; o < channels; o++) {
    const wo = o * depth;
    let s0 = 0, s1 = 0;
    for (let k = 0; k < depth; k++) {
      const f = w[wo + k]!;
      s0 += f * a[aBase + k]!;
      s1 += f * b[bBase + k]!;
    }
    acc0[o] = s0;
    acc1[o] = s1;
  }
}

/** acc[o] = sum_i w[o * depth + i] * a[aBase + i] for o < channels. */
export function dotRows1(w: Int16Array, channels: number, depth: number, a: Int16Array, aBase: number, acc: Int32Array): void {
  let o = 0;
  for (; o + 3 < channels; o += 4) {
    const w0 = o * depth;
    const w1 = w0 + depth;
    const w2 = w1 + depth;
    const w3 = w2 + depth;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = 0; k < depth; k++) {
      const x = a[aBase + k]!;
      a0 += w[w0 + k]! * x;
      a1 += w[w1 + k]! * x;
      a2 += w[w2 + k]! * x;
      a3 += w[w3 + k]! * x;
    }
    acc[o] = a0;
    acc[o + 1] = a1;
    acc[o + 2] = a2;
    acc[o + 3] = a3;
  }
  for (; o < channels; o++) {
    const wo = o * depth;
    let s = 0;
    for (let k = 0; k < depth; k++) s += w[wo + k]! * a[aBase + k]!;
    acc[o] = s;
  }
}

/** dotRows2 for four input vectors at once: 4 channels x 4 vectors per pass, 16 running sums. */
export function dotRows4(w: Int16Array, channels: number, depth: number, x: readonly [Int16Array, Int16Array, Int16Array, Int16Array], bases: Int32Array, acc: readonly [Int32Array, Int32Array, Int32Array, Int32Array]): void {
  const [xa, xb, xc, xd] = x;
  const [pa, pb, pc, pd] = [bases[0]!, bases[1]!, bases[2]!, bases[3]!];
  const [acc0, acc1, acc2, acc3] = acc;
  let o = 0;
  for (; o + 3 < channels; o += 4) {
    const w0 = o * depth;
    const w1 = w0 + depth;
    const w2 = w1 + depth;
    const w3 = w2 + depth;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
    for (let k = 0; k < depth; k++) {
      const f0 = w[w0 + k]!;
      const f1 = w[w1 + k]!;
      const f2 = w[w2 + k]!;
      const f3 = w[w3 + k]!;
      let v = xa[pa + k]!;
      a0 += f0 * v;
      a1 += f1 * v;
      a2 += f2 * v;
      a3 += f3 * v;
      v = xb[pb + k]!;
      b0 += f0 * v;
      b1 += f1 * v;
      b2 += f2 * v;
      b3 += f3 * v;
      v = xc[pc + k]!;
      c0 += f0 * v;
      c1 += f1 * v;
      c2 += f2 * v;
      c3 += f3 * v;
      v = xd[pd + k]!;
      d0 += f0 * v;
      d1 += f1 * v;
      d2 += f2 * v;
      d3 += f3 * v;
    }
    acc0[o] = a0;
    acc0[o + 1] = a1;
    acc0[o + 2] = a2;
    acc0[o + 3] = a3;
    acc1[o] = b0;
    acc1[o + 1] = b1;
    acc1[o + 2] = b2;
    acc1[o + 3] = b3;
    acc2[o] = c0;
    acc2[o + 1] = c1;
    acc2[o + 2] = c2;
    acc2[o + 3] = c3;
    acc3[o] = d0;
    acc3[o + 1] = d1;
    acc3[o + 2] = d2;
    acc3[o + 3] = d3;
  }
  for (; o < channels; o++) {
    const wo = o * depth;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < depth; k++) {
      const f = w[wo + k]!;
      s0 += f * xa[pa + k]!;
      s1 += f * xb[pb + k]!;
      s2 += f * xc[pc + k]!;
      s3 += f * xd[pd + k]!;
    }
    acc0[o] = s0;
    acc1[o] = s1;
    acc2[o] = s2;
    acc3[o] = s3;
  }
}
