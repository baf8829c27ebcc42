// tfl.conv_2d on int8/uint8: reference_integer_ops::ConvPerChannel and reference_ops::Conv (uint8), bit for bit.
//
// acc = sum (filter + filter_offset) * (input + input_offset) over the window points inside the image (padding is
// skipped, not read), acc += bias, acc = MultiplyByQuantizedMultiplier(acc, m[c], shift[c]) + output zero point,
// clamped to the fused activation range. Each output pixel is one row of a matrix product with the filter
// (packed-gemm.ts): its window is gathered as raw values into a tile of rows, points outside the image holding the
// raw value whose offset value is 0 (the input zero point), which adds the same nothing as skipping them.
import type { Operation } from '../../ir/core.js';
import { convQuant } from './conv-params.js';
import { arg, type Int8Kernel, type KernelScratch } from './kernel.js';
import { biasData, constantOperand, eightBitData } from './operands.js';
import { copyRaw, gemmTile, packWeights, rawShift, runTile } from './packed-gemm.js';
import { outputStage } from './requantize.js';
import { window2D, type Padding } from './padding.js';
import { alloc8, staticShape, unsupported, type QTensor } from './tensor.js';

/** Where output pixels' windows are in the input (one batch image after another). */
interface Geometry {
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  dilH: number;
  dilW: number;
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  /** Subtracted from every input value (see packed-gemm.ts). */
  shift: number;
  /** The raw value of points outside the image. */
  outside: number;
}

export function conv2dKernel(op: Operation, scratch: KernelScratch): Int8Kernel {
  const [oc, kh, kw, ic] = staticShape(op, op.operand(1), 'filter') as [number, number, number, number];
  const q = convQuant(op, op.operand(0), op.operand(1), op.result(0), oc, 0, 'conv');
  const strideH = op.int('stride_h');
  const strideW = op.int('stride_w');
  const dilH = op.int('dilation_h_factor');
  const dilW = op.int('dilation_w_factor');
  if (strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1) return unsupported(op, 'strides and dilations must be >= 1');
  const padding = op.str('padding') as Padding;
  const patchSize = kh * kw * ic;
  const pack = (data: unknown) => packWeights(eightBitData(op, data, oc * patchSize, 'filter'), q.filterOffset, oc, patchSize);
  const constantFilter = constantOperand(op, 1)?.data;
  const prepared = constantFilter === undefined ? undefined : pack(constantFilter);
  const shift = rawShift(q.input.storage);
  const inputOffset = shift - q.input.zeroPoint;

  return (inputs) => {
    const x = arg(inputs, 0);
    if (x.shape.length !== 4) return unsupported(op, `input must be rank 4, got [${x.shape.join(', ')}]`);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (c !== ic) return unsupported(op, `input has ${c} channels but the filter takes ${ic} (grouped convolution is not supported)`);
    const filter = prepared ?? pack(arg(inputs, 1).data);
    const { outH, outW, padTop, padLeft } = window2D(padding, h, w, kh, kw, strideH, strideW, dilH, dilW);
    if (outH < 0 || outW < 0) return unsupported(op, `the window does not fit the ${h}x${w} input`);
    const out = alloc8(q.output.storage, n * outH * outW * oc);
    const stage = outputStage(q, biasData(op, inputs[2], oc), inputOffset, filter.sums, filter.l1);
    const tile = gemmTile(filter, scratch);
    const g: Geometry = { h, w, c, kh, kw, dilH, dilW, outH, outW, strideH, strideW, padTop, padLeft, shift, outside: -inputOffset };
    const pixels = n * outH * outW;
    // A 1x1 window with strides 1 reads consecutive input pixels: a tile's rows are one block of the input.
    const dense = kh === 1 && kw === 1 && strideH === 1 && strideW === 1;
    for (let p = 0; p < pixels; p += tile.rows) {
      const rows = Math.min(tile.rows, pixels - p);
      if (dense) {
        copyRaw(tile.x, x.data, p * c, rows * c, shift);
      } else {
        for (let r = 0; r < rows; r++) fillPatch(tile.x, r * patchSize, x.data, p + r, g);
      }
      runTile(filter, tile, rows, stage, out, p * oc);
    }
    return [{ data: out, shape: [n, outH, outW, oc] } satisfies QTensor];
  };
}

/** Copies output pixel `pixel`'s (dilated) window as raw values into patch[at..] in filter order [ky][kx][c]. */
function fillPatch(patch: Float64Array, at: number, x: ArrayLike<number>, pixel: number, g: Geometry): void {
  const { h, w, c, kh, kw, dilH, dilW, outH, outW, shift, outside } = g;
  const ox = pixel % outW;
  const oy = Math.trunc(pixel / outW) % outH;
  const b = Math.trunc(pixel / (outW * outH));
  const iy0 = oy * g.strideH - g.padTop;
  const ix0 = ox * g.strideW - g.padLeft;
  let p = at;
  for (let ky = 0; ky < kh; ky++) {
    const iy = iy0 + ky * dilH;
    const rowInside = iy >= 0 && iy < h;
    for (let kx = 0; kx < kw; kx++) {
      const ix = ix0 + kx * dilW;
      if (rowInside && ix >= 0 && ix < w) {
        const s = ((b * h + iy) * w + ix) * c;
        for (let k = 0; k < c; k++) patch[p + k] = x[s + k]! - shift;
      } else {
        patch.fill(outside, p, p + c);
      }
      p += c;
    }
  }
}
