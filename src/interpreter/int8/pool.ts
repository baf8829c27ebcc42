// tfl.average_pool_2d / tfl.max_pool_2d on int8/uint8 (reference_integer_ops pooling.h and its uint8 twin).
//
// Average: the window is clipped to the image (padding is not counted), acc = sum of the raw values, then
// rounded division by the count: acc > 0 ? (acc + count/2) / count : (acc - count/2) / count with C++'s
// truncating division. Max: the largest value in the clipped window. Both clamp to the fused activation range.
import type { Operation } from '../../ir/core.js';
import { activationRange } from './conv-params.js';
import { arg, type Int8Kernel } from './kernel.js';
import { window2D, type Padding } from './padding.js';
import { alloc8, tensorQuant8, unsupported } from './tensor.js';

function poolKernel(op: Operation, kind: 'average' | 'max'): Int8Kernel {
  const qi = tensorQuant8(op, op.operand(0), 'input');
  const qo = tensorQuant8(op, op.result(0), 'output');
  if (qi.storage !== qo.storage) return unsupported(op, `input is ${qi.storage} but output is ${qo.storage}`);
  if (qi.scale !== qo.scale || qi.zeroPoint !== qo.zeroPoint) return unsupported(op, 'input and output quantization must be equal (TFLite requires it for pooling)');
  const fh = op.int('filter_height');
  const fw = op.int('filter_width');
  const sh = op.int('stride_h');
  const sw = op.int('stride_w');
  if (fh < 1 || fw < 1 || sh < 1 || sw < 1) return unsupported(op, 'filter sizes and strides must be >= 1');
  const padding = op.str('padding') as Padding;
  const { actMin, actMax } = activationRange(op, qo);

  return (inputs) => {
    const x = arg(inputs, 0);
    if (x.shape.length !== 4) return unsupported(op, `input must be rank 4, got [${x.shape.join(', ')}]`);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const { outH, outW, padTop, padLeft } = window2D(padding, h, w, fh, fw, sh, sw);
    if (outH < 0 || outW < 0) return unsupported(op, `the window does not fit the ${h}x${w} input`);
    const out = alloc8(qo.storage, n * outH * outW * c);
    const acc = new Int32Array(c);
    const data = x.data;
    let o = 0;
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < outH; oy++) {
        const iy0 = oy * sh - padTop;
        const yStart = Math.max(0, -iy0);
        const yEnd = Math.min(fh, h - iy0);
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * sw - padLeft;
          const xStart = Math.max(0, -ix0);
          const xEnd = Math.min(fw, w - ix0);
          const count = Math.max(0, yEnd - yStart) * Math.max(0, xEnd - xStart);
          if (count === 0) return unsupported(op, 'a pooling window lies entirely in the padding');
          acc.fill(kind === 'max' ? qi.qmin : 0);
          for (let fy = yStart; fy < yEnd; fy++) {
            for (let fx = xStart; fx < xEnd; fx++) {
              const base = ((b * h + iy0 + fy) * w + ix0 + fx) * c;
              if (kind === 'max') {
                for (let ch = 0; ch < c; ch++) if (data[base + ch]! > acc[ch]!) acc[ch] = data[base + ch]!;
              } else {
                for (let ch = 0; ch < c; ch++) acc[ch] = acc[ch]! + data[base + ch]!;
              }
            }
          }
          const half = count >> 1;
          for (let ch = 0; ch < c; ch++) {
            let v = acc[ch]!;
            if (kind === 'average') v = v > 0 ? Math.trunc((v + half) / count) : Math.trunc((v - half) / count);
            out[o++] = v < actMin ? actMin : v > actMax ? actMax : v;
          }
        }
      }
    }
    return [{ data: out, shape: [n, outH, outW, c] }];
  };
}

export const averagePool2dKernel = (op: Operation): Int8Kernel => poolKernel(op, 'average');
export const maxPool2dKernel = (op: Operation): Int8Kernel => poolKernel(op, 'max');
