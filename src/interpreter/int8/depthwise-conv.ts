// tfl.depthwise_conv_2d on int8/uint8: reference_integer_ops::DepthwiseConvPerChannel / reference_ops::DepthwiseConv.
//
// Output channel oc = ic * depth_multiplier + m reads input channel ic; the filter is [1, KH, KW, IC * multiplier].
// Same accumulate / bias / MultiplyByQuantizedMultiplier / clamp sequence as conv, per output channel.
import type { Operation } from '../../ir/core.js';
import { convQuant, requantizeInto } from './conv-params.js';
import { arg, type Int8Kernel } from './kernel.js';
import { biasData, constantWithOffset, offsetOperand, withOffset } from './operands.js';
import { window2D, type Padding } from './padding.js';
import { alloc8, staticShape, unsupported } from './tensor.js';

export function depthwiseConv2dKernel(op: Operation): Int8Kernel {
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
  const prepared = constantWithOffset(op, 1, q.filterOffset);

  return (inputs) => {
    const x = arg(inputs, 0);
    if (x.shape.length !== 4) return unsupported(op, `input must be rank 4, got [${x.shape.join(', ')}]`);
    const [n, h, w, ic] = x.shape as [number, number, number, number];
    // The multiplier follows from the shapes: some converters leave the attribute at 0 or 1 when it does not matter.
    const mult = ic > 0 && oc % ic === 0 ? oc / ic : 0;
    if (mult === 0) return unsupported(op, `filter channels ${oc} are not a multiple of input channels ${ic} (depth_multiplier ${multiplier})`);
    const filter = offsetOperand(prepared, arg(inputs, 1), q.filterOffset, kh * kw * oc);
    const bias = biasData(op, inputs[2], oc);
    const xo = withOffset(x.data, -q.input.zeroPoint);
    const { outH, outW, padTop, padLeft } = window2D(padding, h, w, kh, kw, strideH, strideW, dilH, dilW);
    if (outH < 0 || outW < 0) return unsupported(op, `the window does not fit the ${h}x${w} input`);
    const out = q.output.storage === 'i8' ? new Int8Array(n * outH * outW * oc) : new Uint8Array(n * outH * outW * oc);
    const acc = new Int32Array(oc);
    const taps = kh * kw;
    const xOff = new Int32Array(taps);
    const wOff = new Int32Array(taps);
    let o = 0;
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < outH; oy++) {
        const iy0 = oy * strideH - padTop;
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * strideW - padLeft;
          // The window points inside the image; TFLite skips the others.
          let count = 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = iy0 + ky * dilH;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ix0 + kx * dilW;
              if (ix < 0 || ix >= w) continue;
              xOff[count] = ((b * h + iy) * w + ix) * ic;
              wOff[count] = (ky * kw + kx) * oc;
              count++;
            }
          }
          if (mult === 1) accumulateTaps(acc, filter, xo, xOff, wOff, count, oc);
          else accumulateMultiplied(acc, filter, xo, xOff, wOff, count, ic, mult);
          requantizeInto(acc, bias, q, out, o, oc);
          o += oc;
        }
      }
    }
    return [{ data: out, shape: [n, outH, outW, oc] }];
  };
}

/**
 * acc[c] = sum over taps t of filter[wOff[t] + c] * xo[xOff[t] + c] (depth multiplier 1). A full 3x3 window is
 * summed in one pass; other windows three taps per pass, so the accumulator is read and written rarely.
 */
function accumulateTaps(acc: Int32Array, filter: Int16Array, xo: Int16Array, xOff: Int32Array, wOff: Int32Array, count: number, channels: number): void {
  if (count === 9) {
    const x0 = xOff[0]!, x1 = xOff[1]!, x2 = xOff[2]!, x3 = xOff[3]!, x4 = xOff[4]!, x5 = xOff[5]!, x6 = xOff[6]!, x7 = xOff[7]!, x8 = xOff[8]!;
    const w0 = wOff[0]!, w1 = wOff[1]!, w2 = wOff[2]!, w3 = wOff[3]!, w4 = wOff[4]!, w5 = wOff[5]!, w6 = wOff[6]!, w7 = wOff[7]!, w8 = wOff[8]!;
    for (let c = 0; c < channels; c++) {
      acc[c] =
        filter[w0 + c]! * xo[x0 + c]! + filter[w1 + c]! * xo[x1 + c]! + filter[w2 + c]! * xo[x2 + c]! +
        filter[w3 + c]! * xo[x3 + c]! + filter[w4 + c]! * xo[x4 + c]! + filter[w5 + c]! * xo[x5 + c]! +
        filter[w6 + c]! * xo[x6 + c]! + filter[w7 + c]! * xo[x7 + c]! + filter[w8 + c]! * xo[x8 + c]!;
    }
    return;
  }
  acc.fill(0);
  let t = 0;
  for (; t + 2 < count; t += 3) {
    const xa = xOff[t]!, xb = xOff[t + 1]!, xc = xOff[t + 2]!;
    const wa = wOff[t]!, wb = wOff[t + 1]!, wc = wOff[t + 2]!;
    for (let c = 0; c < channels; c++) {
      acc[c] = acc[c]! + filter[wa + c]! * xo[xa + c]! + filter[wb + c]! * xo[xb + c]! + filter[wc + c]! * xo[xc + c]!;
    }
  }
  for (; t < count; t++) {
    const xa = xOff[t]!;
    const wa = wOff[t]!;
    for (let c = 0; c < channels; c++) acc[c] = acc[c]! + filter[wa + c]! * xo[xa + c]!;
  }
}

/** The general depth multiplier: output channel ic * mult + m reads input channel ic. */
function accumulateMultiplied(acc: Int32Array, filter: Int16Array, xo: Int16Array, xOff: Int32Array, wOff: Int32Array, count: number, inChannels: number, mult: number): void {
  acc.fill(0);
  for (let t = 0; t < count; t++) {
    const xb = xOff[t]!;
    const wb = wOff[t]!;
    for (let c = 0; c < inChannels; c++) {
      const xv = xo[xb + c]!;
      for (let m = 0; m < mult; m++) acc[c * mult + m] = acc[c * mult + m]! + filter[wb + c * mult + m]! * xv;
    }
  }
}
