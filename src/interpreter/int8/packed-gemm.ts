// Exact 8-bit matrix products on float64s, two output channels per number: the core of conv_2d and fully_connected.
//
// Why floats: V8 compiles float64 multiply-adds to plain instructions, while integer `+` and `*` on JS numbers
// carry overflow checks. A float64 holds every integer below 2^53 exactly, so a dot product of 8-bit values summed
// in float64 is exact while its partial sums stay below 2^53. Two channels even share one float64, lo + 2^26 * hi,
// when both of their partial sums stay below 2^25 in magnitude: then hi = floor((v + 2^25) / 2^26) and
// lo = v - 2^26 * hi decode them exactly (requantize.ts), and one multiply-add does two multiply-accumulates. Whether that bound holds is decided per
// op from its weights: with inputs in int8 range (|x| <= 128), |any partial sum of channel c| <= 128 * sum_k
// |w[c][k]|. Weights that break it (thousands of saturated values per channel) get one channel per float64.
//
// Inputs are raw values in int8 range (uint8 data is shifted by -128), not value + input offset: the offset's
// share of each output, offset * sum_k w[c][k], is a per-channel constant added with the bias. Everything is then
// wrapped to int32 the way TFLite's accumulator is, so the result is TFLite's bit for bit.
import type { KernelScratch } from './kernel.js';
import { requantizeSums, type OutputStage } from './requantize.js';

const LANE = 2 ** 26;
/** Largest sum of |weights| of one channel that keeps 128 * sum below 2^25. */
const PACKABLE_L1 = 2 ** 25 / 128 - 1;
/** Output channels (float64 accumulators) per block of the micro-kernel. */
const BLOCK = 4;
/** Inputs per chunk of the product loops (see sums2). */
const KC = 256;

/** Weights [channels][depth] rearranged for the micro-kernel: blocks of [depth][BLOCK] float64s. */
export interface PackedWeights {
  readonly channels: number;
  readonly depth: number;
  /** Channels per float64: 2 when every channel's sums fit a 26-bit lane, else 1. */
  readonly lanes: 1 | 2;
  readonly blocks: number;
  readonly data: Float64Array;
  /** sum_k w[c][k] for each channel: what the input offset multiplies. */
  readonly sums: Int32Array;
  /** sum_k |w[c][k]| for each channel: bounds the channel's sums (see requantize.ts). */
  readonly l1: Float64Array;
}

/**
 * Packs `w[c * depth + k] + offset` (8-bit weights plus the filter offset) once per op; the result is read by every
 * run. `offset` is -filter zero point.
 */
export function packWeights(w: ArrayLike<number>, offset: number, channels: number, depth: number): PackedWeights {
  const sums = new Int32Array(channels);
  const l1s = new Float64Array(channels);
  let packable = true;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let l1 = 0;
    for (let k = 0; k < depth; k++) {
      const v = w[c * depth + k]! + offset;
      sum += v;
      l1 += Math.abs(v);
    }
    sums[c] = sum;
    l1s[c] = l1;
    if (l1 > PACKABLE_L1) packable = false;
  }
  const lanes = packable ? 2 : 1;
  const perBlock = BLOCK * lanes;
  const blocks = Math.ceil(channels / perBlock);
  const data = new Float64Array(blocks * depth * BLOCK);
  // Channels past the end stay 0: their sums are computed and dropped.
  for (let c = 0; c < channels; c++) {
    const block = Math.floor(c / perBlock);
    const slot = Math.floor((c % perBlock) / lanes);
    const scale = lanes === 2 && c % 2 === 1 ? LANE : 1;
    const base = block * depth * BLOCK + slot;
    for (let k = 0; k < depth; k++) data[base + k * BLOCK] = data[base + k * BLOCK]! + (w[c * depth + k]! + offset) * scale;
  }
  return { channels, depth, lanes, blocks, data, sums, l1: l1s };
}

/**
 * A tile of rows: the caller writes row r's raw inputs at x[r * depth ..], runTile computes and requantizes them.
 * At most 32 rows and about 128 KiB of inputs, so a tile stays in cache; its arrays come from the interpreter's
 * shared scratch (they may be longer than needed).
 */
export interface GemmTile {
  readonly rows: number;
  readonly x: Float64Array;
  readonly sums: Float64Array;
}

export function gemmTile(pw: PackedWeights, scratch: KernelScratch): GemmTile {
  const rows = Math.max(4, Math.min(32, 4 * Math.floor(16384 / Math.max(1, pw.depth) / 4)));
  return { rows, x: scratch.float64(0, rows * pw.depth), sums: scratch.float64(1, rows * pw.blocks * BLOCK) };
}

/** Rows 0..count-1 of the tile times the weights, requantized into out[outStart + r * channels ..]. */
export function runTile(pw: PackedWeights, tile: GemmTile, count: number, stage: OutputStage, out: Int8Array | Uint8Array, outStart: number): void {
  const { x, sums } = tile;
  const { depth } = pw;
  const stride = pw.blocks * BLOCK;
  const pairs = count >> 1;
  sums2(pw, x, pairs, sums, stride);
  if ((count & 1) === 1) sums1(pw, x, (count - 1) * depth, sums, (count - 1) * stride);
  requantizeSums(sums, count, stride, pw.lanes, pw.channels, stage, out, outStart);
}

/**
 * Rows 0..2 * pairs - 1 of x (row r at r * depth) times the weights, two rows by one block (8 accumulators) at a
 * time: row r's sums at sums[r * stride + slot]. Measured against 4 x 4 blocks, this shape leaves V8's register
 * allocator nothing to spill, and `| 0` on the index arithmetic drops its overflow checks. The whole tile is one
 * call, so this loop nest is compiled on its own (V8 does not inline a function this large into its callers).
 */
function sums2(pw: PackedWeights, x: Float64Array, pairs: number, sums: Float64Array, stride: number): void {
  const { depth, data: w } = pw;
  // Loop order for the caches: a chunk of KC inputs of one block of weights (KC * 4 float64s) stays in L1 while
  // the tile's rows pass over it; the tile's sums carry the partial sums from one chunk to the next.
  for (let k0 = 0; k0 < depth; k0 += KC) {
    const k1 = Math.min(depth, k0 + KC);
    for (let block = 0; block < pw.blocks; block++) {
      for (let pair = 0; pair < pairs; pair++) {
        const s = 2 * pair * stride + block * BLOCK;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        if (k0 > 0) {
          a0 = sums[s]!;
          a1 = sums[s + 1]!;
          a2 = sums[s + 2]!;
          a3 = sums[s + 3]!;
          b0 = sums[s + stride]!;
          b1 = sums[s + stride + 1]!;
          b2 = sums[s + stride + 2]!;
          b3 = sums[s + stride + 3]!;
        }
        let wi = (block * depth + k0) * BLOCK;
        let xa = 2 * pair * depth + k0;
        let xb = xa + depth;
        for (let k = k0; k < k1; k++, wi = (wi + BLOCK) | 0, xa = (xa + 1) | 0, xb = (xb + 1) | 0) {
          const f0 = w[wi]!;
          const f1 = w[(wi + 1) | 0]!;
          const f2 = w[(wi + 2) | 0]!;
          const f3 = w[(wi + 3) | 0]!;
          let v = x[xa]!;
          a0 += f0 * v;
          a1 += f1 * v;
          a2 += f2 * v;
          a3 += f3 * v;
          v = x[xb]!;
          b0 += f0 * v;
          b1 += f1 * v;
          b2 += f2 * v;
          b3 += f3 * v;
        }
        sums[s] = a0;
        sums[s + 1] = a1;
        sums[s + 2] = a2;
        sums[s + 3] = a3;
        sums[s + stride] = b0;
        sums[s + stride + 1] = b1;
        sums[s + stride + 2] = b2;
        sums[s + stride + 3] = b3;
      }
    }
  }
}

/** One row of x (at xa) times the weights: sums at sums[at + slot]. */
function sums1(pw: PackedWeights, x: Float64Array, xa: number, sums: Float64Array, at: number): void {
  const { depth, data: w } = pw;
  for (let block = 0, s = at; block < pw.blocks; block++, s += BLOCK) {
    let wi = block * depth * BLOCK;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = 0; k < depth; k++, wi += BLOCK) {
      const v = x[xa + k]!;
      a0 += w[wi]! * v;
      a1 += w[wi + 1]! * v;
      a2 += w[wi + 2]! * v;
      a3 += w[wi + 3]! * v;
    }
    sums[s] = a0;
    sums[s + 1] = a1;
    sums[s + 2] = a2;
    sums[s + 3] = a3;
  }
}

/** dst[i] = src[from + i] - shift for i < n: raw inputs into a tile. */
export function copyRaw(dst: Float64Array, src: ArrayLike<number>, from: number, n: number, shift: number): void {
  for (let i = 0, j = from; i < n; i = (i + 1) | 0, j = (j + 1) | 0) dst[i] = src[j]! - shift;
}

/** Input shift that brings 8-bit data into int8 range: uint8 values are stored minus 128. */
export const rawShift = (storage: 'i8' | 'u8'): number => (storage === 'u8' ? 128 : 0);
