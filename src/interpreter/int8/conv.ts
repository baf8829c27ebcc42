// tfl.conv_2d on int8/uint8: reference_integer_ops::ConvPerChannel and reference_ops::Conv (uint8), bit for bit.
//
// acc = sum (filter + filter_offset) * (input + input_offset) over the window points inside the image (padding is
// skipped, not read), acc += bias, acc = MultiplyByQuantizedMultiplier(acc, m[c], shift[c]) + output zero point,
// clamped to the fused activation range. The window is gathered into a contiguous patch (zeros where the window
// leaves the image, which adds the same nothing as skipping) so each output channel is one dot product; four
// neighbouring output pixels are computed together (see gemm.ts).
import type { Operation } from '../../ir/core.js';
import { convQuant, requantizeInto } from './conv-params.js';
import { dotRows1, dotRows2, dotRows4 } from './gemm.js';
import { arg, type Int8Kernel } from './kernel.js';
import { biasData, constantWithOffset, offsetOperand, withOffset } from './operands.js';
import { window2D, type Padding } from './padding.js';
import { alloc8, staticShape, unsupported, type QTensor } from './tensor.js';

interface Geometry {
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  dilH: number;
  dilW: number;
}

export function conv2dKernel(op: Operation): Int8Kernel {
  const [oc, kh, kw, ic] = staticShape(op, op.operand(1), 'filter') as [number, number, number, number];
  const q = convQuant(op, op.operand(0), op.operand(1), op.result(0), oc, 0, 'conv');
  const strideH = op.int('stride_h');
  const strideW = op.int('stride_w');
  const dilH = op.int('dilation_h_factor');
  const dilW = op.int('dilation_w_factor');
  if (strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1) return unsupported(op, 'strides and dilations must be >= 1');
  const padding = op.str('padding') as Padding;
  const prepared = constantWithOffset(op, 1, q.filterOffset);
  const patchSize = kh * kw * ic;
  // A 1x1 window never leaves the image (its padding is 0): its patch is the input pixel, read in place.
  const pointwise = kh === 1 && kw === 1;

  return (inputs) => {
    const x = arg(inputs, 0);
    if (x.shape.length !== 4) return unsupported(op, `input must be rank 4, got [${x.shape.join(', ')}]`);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (c !== ic) return unsupported(op, `input has ${c} channels but the filter takes ${ic} (grouped convolution is not supported)`);
    const filter = offsetOperand(prepared, arg(inputs, 1), q.filterOffset, oc * patchSize);
    const bias = biasData(op, inputs[2], oc);
    const xo = withOffset(x.data, -q.input.zeroPoint);
    const { outH, outW, padTop, padLeft } = window2D(padding, h, w, kh, kw, strideH, strideW, dilH, dilW);
    if (outH < 0 || outW < 0) return unsupported(op, `the window does not fit the ${h}x${w} input`);
    const out = alloc8(q.output.storage, n * outH * outW * oc);
    const geo: Geometry = { h, w, c, kh, kw, dilH, dilW };
    const acc = [new Int32Array(oc), new Int32Array(oc), new Int32Array(oc), new Int32Array(oc)] as const;
    const patches = pointwise ? ([xo, xo, xo, xo] as const) : ([0, 1, 2, 3].map(() => new Int16Array(patchSize)) as [Int16Array, Int16Array, Int16Array, Int16Array]);
    const bases = new Int32Array(4);
    // Output pixels are taken four at a time in row-major order (a group may span rows); each pixel's patch
    // starts in the input itself (1x1) or in a freshly filled patch buffer.
    const pixels = n * outH * outW;
    for (let p = 0; p < pixels; p += 4) {
      const group = Math.min(4, pixels - p);
      for (let j = 0; j < group; j++) {
        const pixel = p + j;
        const ox = pixel % outW;
        const oy = Math.trunc(pixel / outW) % outH;
        const b = Math.trunc(pixel / (outW * outH));
        const iy0 = oy * strideH - padTop;
        const ix0 = ox * strideW - padLeft;
        if (pointwise) {
          bases[j] = ((b * h + iy0) * w + ix0) * c;
        } else {
          fillPatch(patches[j]!, xo, b, iy0, ix0, geo);
          bases[j] = 0;
        }
      }
      if (group === 4) dotRows4(filter, oc, patchSize, patches, bases, acc);
      else if (group >= 2) dotRows2(filter, oc, patchSize, patches[0], bases[0]!, patches[1], bases[1]!, acc[0], acc[1]);
      if (group === 3) dotRows1(filter, oc, patchSize, patches[2], bases[2]!, acc[2]);
      else if (group === 1) dotRows1(filter, oc, patchSize, patches[0], bases[0]!, acc[0]);
      for (let j = 0; j < group; j++) requantizeInto(acc[j]!, bias, q, out, (p + j) * oc, oc);
    }
    return [{ data: out, shape: [n, outH, outW, oc] } satisfies QTensor];
  };
}

/** Copies the (dilated) window at (iy0, ix0) into `patch` in filter order [ky][kx][c], zero outside the image. */
function fillPatch(patch: Int16Array, xo: Int16Array, b: number, iy0: number, ix0: number, g: Geometry): void {
  const { h, w, c, kh, kw, dilH, dilW } = g;
  let p = 0;
  for (let ky = 0; ky < kh; ky++) {
    const iy = iy0 + ky * dilH;
    const rowInside = iy >= 0 && iy < h;
    for (let kx = 0; kx < kw; kx++) {
      const ix = ix0 + kx * dilW;
      if (rowInside && ix >= 0 && ix < w) {
        const s = ((b * h + iy) * w + ix) * c;
        for (let k = 0; k < c; k++) patch[p + k] = xo[s + k]!;
      } else {
        patch.fill(0, p, p + c);
      }
      p += c;
    }
  }
}
