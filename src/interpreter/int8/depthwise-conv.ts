// tfl.depthwise_conv_2d on int8/uint8: reference_integer_ops::DepthwiseConvPerChannel / reference_ops::DepthwiseConv.
//
// Output channel oc = ic * depth_multiplier + m reads input channel ic; the filter is [1, KH, KW, IC * multiplier].
// Same accumulate / bias / MultiplyByQuantizedMultiplier / clamp sequence as conv, per output channel.
//
// Sums are exact float64 sums as in packed-gemm.ts: raw inputs in int8 range, the input offset's share folded into
// the bias. The input rows a window needs are laid out as a padded "plane" with one value per output channel (an
// input channel repeated `multiplier` times) and the padding filled with the raw value whose offset value is 0, so
// windows are read without bounds tests (TFLite skips the points outside the image; they add 0 here). Each plane
// value also carries, 2^26 higher, the value strideW columns to its right, so one multiply-add serves an output
// pixel and its right neighbour - as long as each channel's sum of |weights| keeps 128 times it below 2^25 (always,
// up to 32x32 windows of 8-bit weights; otherwise one pixel per value). In passes over 16 pixel pairs of an output
// row, channels are the outer loop: a channel's weights and requantization parameters stay in locals while its
// pixels are computed.
import type { Operation } from '../../ir/core.js';
import { convQuant, type Requantize } from './conv-params.js';
import { arg, type Int8Kernel, type KernelScratch } from './kernel.js';
import { biasData, constantOperand, eightBitData } from './operands.js';
import { rawShift } from './packed-gemm.js';
import { accumulator, highLane, outputStage, requantizeExact, requantizeFast, type OutputStage } from './requantize.js';
import { window2D, type Padding } from './padding.js';
import { alloc8, staticShape, unsupported } from './tensor.js';

const LANE = 2 ** 26;
const PACKABLE_L1 = 2 ** 25 / 128 - 1;
/**
 * Output pixel pairs per pass over the channels: the plane values a pass reads for one channel share cache lines
 * with the next channels', so passes over a few dozen columns keep them in L1.
 */
const PAIRS_PER_PASS = 16;

interface DepthwiseWeights {
  /** (w + filter offset) as [tap][channel]. */
  readonly data: Float64Array;
  /** Sum over taps per channel: what the input offset multiplies. */
  readonly sums: Int32Array;
  /** Sum of |weights| per channel: bounds the channel's sums (see requantize.ts). */
  readonly l1: Float64Array;
  /** 2: two output pixels per float64; 1 when some channel's weights are too large for that. */
  readonly lanes: 1 | 2;
}

function prepareWeights(w: ArrayLike<number>, offset: number, taps: number, channels: number): DepthwiseWeights {
  const data = new Float64Array(taps * channels);
  const sums = new Int32Array(channels);
  const l1s = new Float64Array(channels);
  let packable = true;
  for (let c = 0; c < channels; c++) {
    let l1 = 0;
    for (let t = 0; t < taps; t++) {
      const v = w[t * channels + c]! + offset;
      data[t * channels + c] = v;
      sums[c] = sums[c]! + v;
      l1 += Math.abs(v);
    }
    l1s[c] = l1;
    if (l1 > PACKABLE_L1) packable = false;
  }
  return { data, sums, l1: l1s, lanes: packable ? 2 : 1 };
}

/** One run's geometry. The plane keeps `bandRows` rows (a ring: plane row r is at slot r % bandRows). */
interface Geometry {
  h: number;
  w: number;
  ic: number;
  mult: number;
  padTop: number;
  padLeft: number;
  /** Subtracted from every input value; `outside` is the raw value of points outside the image. */
  shift: number;
  outside: number;
  /** Plane columns and channels (= output channels); lanes 2 pairs column col with col + strideW. */
  cols: number;
  channels: number;
  lanes: 1 | 2;
  strideW: number;
  dilW: number;
  kh: number;
  kw: number;
  outW: number;
}

export function depthwiseConv2dKernel(op: Operation, scratch: KernelScratch): Int8Kernel {
  const [one, kh, kw, oc] = staticShape(op, op.operand(1), 'filter') as [number, number, number, number];
  if (one !== 1) return unsupported(op, `filter must be 1xHxWxC, got first dimension ${one}`);
  const q = convQuant(op, op.operand(0), op.operand(1), op.result(0), oc, 3, 'conv');
  const multiplier = op.int('depth_multiplier');
  const strideH = op.int('stride_h');
  const strideW = op.int('stride_w');
  const dilH = op.int('dilation_h_factor');
  const dilW = op.int('dilation_w_factor');
  if (strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1) return unsupported(op, 'strides and dilations must be >= 1');
  const padding = op.str('padding') as Padding;
  const taps = kh * kw;
  const prepare = (data: unknown) => prepareWeights(eightBitData(op, data, taps * oc, 'filter'), q.filterOffset, taps, oc);
  const constantFilter = constantOperand(op, 1)?.data;
  const prepared = constantFilter === undefined ? undefined : prepare(constantFilter);
  const shift = rawShift(q.input.storage);
  const inputOffset = shift - q.input.zeroPoint;
  const bandRows = (kh - 1) * dilH + 1;

  return (inputs) => {
    const x = arg(inputs, 0);
    if (x.shape.length !== 4) return unsupported(op, `input must be rank 4, got [${x.shape.join(', ')}]`);
    const [n, h, w, ic] = x.shape as [number, number, number, number];
    // The multiplier follows from the shapes: some converters leave the attribute at 0 or 1 when it does not matter.
    const mult = ic > 0 && oc % ic === 0 ? oc / ic : 0;
    if (mult === 0) return unsupported(op, `filter channels ${oc} are not a multiple of input channels ${ic} (depth_multiplier ${multiplier})`);
    const weights = prepared ?? prepare(arg(inputs, 1).data);
    const stage = outputStage(q, biasData(op, inputs[2], oc), inputOffset, weights.sums, weights.l1);
    const tails = channelTails(stage);
    const { outH, outW, padTop, padLeft } = window2D(padding, h, w, kh, kw, strideH, strideW, dilH, dilW);
    if (outH < 0 || outW < 0) return unsupported(op, `the window does not fit the ${h}x${w} input`);
    const out = alloc8(q.output.storage, n * outH * outW * oc);
    if (outH === 0 || outW === 0) return [{ data: out, shape: [n, outH, outW, oc] }];
    const cols = (outW - 1) * strideW + (kw - 1) * dilW + 1;
    const g: Geometry = { h, w, ic, mult, padTop, padLeft, shift, outside: -inputOffset, cols, channels: oc, lanes: weights.lanes, strideW, dilW, kh, kw, outW };
    const rowSize = cols * oc;
    // One band of rows, not the whole image.
    const band = scratch.float64(0, bandRows * rowSize);
    const rowAt = new Int32Array(kh);
    for (let b = 0; b < n; b++) {
      const image = b * h * w * ic;
      let filled = -1;
      for (let oy = 0; oy < outH; oy++) {
        const r0 = oy * strideH;
        const last = r0 + (kh - 1) * dilH;
        for (let r = Math.max(r0, filled + 1); r <= last; r++) fillPlaneRow(band, (r % bandRows) * rowSize, x.data, image, r - padTop, g);
        filled = last;
        for (let ky = 0; ky < kh; ky++) rowAt[ky] = ((r0 + ky * dilH) % bandRows) * rowSize;
        const outAt = (b * outH + oy) * outW * oc;
        if (weights.lanes === 1) outputRowSingle(band, rowAt, weights.data, stage, out, outAt, g);
        else if (kh === 3 && kw === 3) outputRow3x3(band, rowAt[0]!, rowAt[1]!, rowAt[2]!, weights.data, tails, q, out, outAt, g);
        else if (kh === 5 && kw === 5) outputRow5x5(band, rowAt, weights.data, tails, q, out, outAt, g);
        else outputRow(band, rowAt, weights.data, tails, q, out, outAt, g);
      }
    }
    return [{ data: out, shape: [n, outH, outW, oc] }];
  };
}

/**
 * band[at + col * channels + c] = v(col, c) + 2^26 * v(col + strideW, c) (lanes 2) or v(col, c), where v is input
 * channel c / mult of image row iy at column col - padLeft, minus the shift, or `outside` off the image.
 */
function fillPlaneRow(band: Float64Array, at: number, x: ArrayLike<number>, image: number, iy: number, g: Geometry): void {
  const { h, w, ic, mult, padLeft, shift, outside, cols, channels, lanes, strideW } = g;
  const pair = lanes === 2 ? strideW : 0;
  const highOutside = lanes === 2 ? outside * LANE : 0;
  const rowInside = iy >= 0 && iy < h;
  for (let col = 0, p = at; col < cols; col++, p += channels) {
    const ix = col - padLeft;
    const loInside = rowInside && ix >= 0 && ix < w;
    const hiInside = lanes === 2 && rowInside && ix + pair >= 0 && ix + pair < w;
    const lo = image + (iy * w + ix) * ic;
    const hi = lo + pair * ic;
    if (mult === 1 && loInside && hiInside) {
      const k = shift * (1 + LANE);
      for (let c = 0, i = p, a = lo, b = hi; c < channels; c++, i = (i + 1) | 0, a = (a + 1) | 0, b = (b + 1) | 0) band[i] = x[a]! + x[b]! * LANE - k;
    } else if (mult === 1 && loInside && lanes === 1) {
      for (let c = 0; c < channels; c++) band[p + c] = x[lo + c]! - shift;
    } else {
      for (let c = 0; c < channels; c++) {
        const i = (c / mult) | 0;
        band[p + c] = (loInside ? x[lo + i]! - shift : outside) + (hiInside ? (x[hi + i]! - shift) * LANE : highOutside);
      }
    }
  }
}

/** Channel parameters of one output row (see requantize.ts). */
interface ChannelTail {
  fast: boolean;
  scale: number;
  offset: number;
  bias: number;
  leftFactor: number;
  m: number;
  e: number;
  mask: number;
}

function channelTails(stage: OutputStage): ChannelTail[] {
  const { q } = stage;
  return Array.from(stage.bias, (bias, c) => ({
    fast: stage.fast[c] === 1,
    scale: stage.scale[c]!,
    offset: stage.offset[c]!,
    bias,
    leftFactor: q.leftFactors[c]!,
    m: q.multipliers[c]!,
    e: q.rightShifts[c]!,
    mask: q.masks[c]!,
  }));
}

/** Requantizes a sum of two pixels into out[o] and, unless `single` (an odd row's last pixel), out[o + C]. */
function storePair(s: number, single: boolean, t: ChannelTail, q: Requantize, out: Int8Array | Uint8Array, o: number, C: number): void {
  const { outputZeroPoint: zp, actMin: lo, actMax: hi } = q;
  const high = highLane(s);
  const v0 = s - high * LANE;
  if (t.fast) {
    out[o] = requantizeFast(v0, t.scale, t.offset, t.e, t.mask, zp, lo, hi);
    if (!single) out[o + C] = requantizeFast(high, t.scale, t.offset, t.e, t.mask, zp, lo, hi);
  } else {
    out[o] = requantizeExact(accumulator(v0, t.bias, t.leftFactor), t.m, t.e, t.mask, zp, lo, hi);
    if (!single) out[o + C] = requantizeExact(accumulator(high, t.bias, t.leftFactor), t.m, t.e, t.mask, zp, lo, hi);
  }
}

/** One output row of a 3x3 window whose plane rows start at r0, r1, r2 (two pixels per sum). */
function outputRow3x3(band: Float64Array, r0: number, r1: number, r2: number, w: Float64Array, tails: ChannelTail[], q: Requantize, out: Int8Array | Uint8Array, outAt: number, g: Geometry): void {
  const { channels: C, strideW, dilW, outW } = g;
  const sums = Math.ceil(outW / 2);
  const step = 2 * strideW * C;
  const t1 = dilW * C;
  const t2 = 2 * t1;
  for (let j0 = 0; j0 < sums; j0 += PAIRS_PER_PASS) {
    const j1 = Math.min(sums, j0 + PAIRS_PER_PASS);
    for (let c = 0; c < C; c++) {
      const w0 = w[c]!, w1 = w[C + c]!, w2 = w[2 * C + c]!;
      const w3 = w[3 * C + c]!, w4 = w[4 * C + c]!, w5 = w[5 * C + c]!;
      const w6 = w[6 * C + c]!, w7 = w[7 * C + c]!, w8 = w[8 * C + c]!;
      const tail = tails[c]!;
      // `| 0` on the index arithmetic: int32 adds without V8's overflow checks.
      let a = r0 + c + j0 * step;
      let d = r1 + c + j0 * step;
      let f = r2 + c + j0 * step;
      for (let j = j0, o = outAt + c + 2 * j0 * C; j < j1; j++, a = (a + step) | 0, d = (d + step) | 0, f = (f + step) | 0, o = (o + 2 * C) | 0) {
        const s =
          w0 * band[a]! + w1 * band[(a + t1) | 0]! + w2 * band[(a + t2) | 0]! +
          w3 * band[d]! + w4 * band[(d + t1) | 0]! + w5 * band[(d + t2) | 0]! +
          w6 * band[f]! + w7 * band[(f + t1) | 0]! + w8 * band[(f + t2) | 0]!;
        storePair(s, 2 * j + 1 === outW, tail, q, out, o, C);
      }
    }
  }
}

/** One output row of a 5x5 window whose plane rows start at rowAt[0..4] (two pixels per sum). */
function outputRow5x5(band: Float64Array, rowAt: Int32Array, w: Float64Array, tails: ChannelTail[], q: Requantize, out: Int8Array | Uint8Array, outAt: number, g: Geometry): void {
  const { channels: C, strideW, dilW, outW } = g;
  const sums = Math.ceil(outW / 2);
  const step = 2 * strideW * C;
  const t1 = dilW * C;
  const t2 = 2 * t1;
  const t3 = 3 * t1;
  const t4 = 4 * t1;
  const r0 = rowAt[0]!, r1 = rowAt[1]!, r2 = rowAt[2]!, r3 = rowAt[3]!, r4 = rowAt[4]!;
  for (let j0 = 0; j0 < sums; j0 += PAIRS_PER_PASS) {
    const j1 = Math.min(sums, j0 + PAIRS_PER_PASS);
    for (let c = 0; c < C; c++) {
      const w00 = w[c]!, w01 = w[C + c]!, w02 = w[2 * C + c]!, w03 = w[3 * C + c]!, w04 = w[4 * C + c]!;
      const w10 = w[5 * C + c]!, w11 = w[6 * C + c]!, w12 = w[7 * C + c]!, w13 = w[8 * C + c]!, w14 = w[9 * C + c]!;
      const w20 = w[10 * C + c]!, w21 = w[11 * C + c]!, w22 = w[12 * C + c]!, w23 = w[13 * C + c]!, w24 = w[14 * C + c]!;
      const w30 = w[15 * C + c]!, w31 = w[16 * C + c]!, w32 = w[17 * C + c]!, w33 = w[18 * C + c]!, w34 = w[19 * C + c]!;
      const w40 = w[20 * C + c]!, w41 = w[21 * C + c]!, w42 = w[22 * C + c]!, w43 = w[23 * C + c]!, w44 = w[24 * C + c]!;
      const tail = tails[c]!;
      for (let j = j0, a = c + j0 * step, o = outAt + c + 2 * j0 * C; j < j1; j++, a = (a + step) | 0, o = (o + 2 * C) | 0) {
        const p0 = (r0 + a) | 0, p1 = (r1 + a) | 0, p2 = (r2 + a) | 0, p3 = (r3 + a) | 0, p4 = (r4 + a) | 0;
        const s =
          w00 * band[p0]! + w01 * band[(p0 + t1) | 0]! + w02 * band[(p0 + t2) | 0]! + w03 * band[(p0 + t3) | 0]! + w04 * band[(p0 + t4) | 0]! +
          w10 * band[p1]! + w11 * band[(p1 + t1) | 0]! + w12 * band[(p1 + t2) | 0]! + w13 * band[(p1 + t3) | 0]! + w14 * band[(p1 + t4) | 0]! +
          w20 * band[p2]! + w21 * band[(p2 + t1) | 0]! + w22 * band[(p2 + t2) | 0]! + w23 * band[(p2 + t3) | 0]! + w24 * band[(p2 + t4) | 0]! +
          w30 * band[p3]! + w31 * band[(p3 + t1) | 0]! + w32 * band[(p3 + t2) | 0]! + w33 * band[(p3 + t3) | 0]! + w34 * band[(p3 + t4) | 0]! +
          w40 * band[p4]! + w41 * band[(p4 + t1) | 0]! + w42 * band[(p4 + t2) | 0]! + w43 * band[(p4 + t3) | 0]! + w44 * band[(p4 + t4) | 0]!;
        storePair(s, 2 * j + 1 === outW, tail, q, out, o, C);
      }
    }
  }
}

/** One output row of any window, two pixels per sum: plane row ky starts at rowAt[ky]. */
function outputRow(band: Float64Array, rowAt: Int32Array, w: Float64Array, tails: ChannelTail[], q: Requantize, out: Int8Array | Uint8Array, outAt: number, g: Geometry): void {
  const { channels: C, strideW, kh, kw, outW } = g;
  const taps = kh * kw;
  const sums = Math.ceil(outW / 2);
  const step = 2 * strideW * C;
  const offsets = tapOffsets(rowAt, g);
  const wc = new Float64Array(taps);
  for (let j0 = 0; j0 < sums; j0 += PAIRS_PER_PASS) {
    const j1 = Math.min(sums, j0 + PAIRS_PER_PASS);
    for (let c = 0; c < C; c++) {
      for (let t = 0; t < taps; t++) wc[t] = w[t * C + c]!;
      const tail = tails[c]!;
      for (let j = j0, a = c + j0 * step, o = outAt + c + 2 * j0 * C; j < j1; j++, a += step, o += 2 * C) {
        let s = 0;
        for (let t = 0; t < taps; t++) s += wc[t]! * band[a + offsets[t]!]!;
        storePair(s, 2 * j + 1 === outW, tail, q, out, o, C);
      }
    }
  }
}

/** One output row, one pixel per sum (weights too large to pack two pixels). */
function outputRowSingle(band: Float64Array, rowAt: Int32Array, w: Float64Array, stage: OutputStage, out: Int8Array | Uint8Array, outAt: number, g: Geometry): void {
  const { channels: C, strideW, kh, kw, outW } = g;
  const { q, bias } = stage;
  const taps = kh * kw;
  const offsets = tapOffsets(rowAt, g);
  for (let c = 0; c < C; c++) {
    const b = bias[c]!, l = q.leftFactors[c]!, m = q.multipliers[c]!, e = q.rightShifts[c]!, k = q.masks[c]!;
    for (let j = 0, a = c, o = outAt + c; j < outW; j++, a += strideW * C, o += C) {
      let s = 0;
      for (let t = 0; t < taps; t++) s += w[t * C + c]! * band[a + offsets[t]!]!;
      out[o] = requantizeExact(accumulator(s, b, l), m, e, k, q.outputZeroPoint, q.actMin, q.actMax);
    }
  }
}

/** Plane offsets of the window's taps relative to its first point, for plane rows starting at rowAt[ky]. */
function tapOffsets(rowAt: Int32Array, g: Geometry): Int32Array {
  const { channels: C, dilW, kh, kw } = g;
  const offsets = new Int32Array(kh * kw);
  for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) offsets[ky * kw + kx] = rowAt[ky]! + kx * dilW * C;
  return offsets;
}
