// Naive loop implementations of TFLite's float reference kernels (NHWC, OHWI filters), to check the interpreter against.

export type Act = 'NONE' | 'RELU' | 'RELU6' | 'RELU_N1_TO_1' | 'TANH';

export function act(v: number, a: Act): number {
  switch (a) {
    case 'NONE':
      return v;
    case 'RELU':
      return Math.max(0, v);
    case 'RELU6':
      return Math.min(6, Math.max(0, v));
    case 'RELU_N1_TO_1':
      return Math.min(1, Math.max(-1, v));
    case 'TANH':
      return Math.tanh(v);
  }
}

export interface Window {
  readonly sh: number;
  readonly sw: number;
  readonly dh?: number;
  readonly dw?: number;
  readonly padding: 'SAME' | 'VALID';
}

/** TFLite's ComputeOutSize and ComputePaddingWithOffset (the pad before; the rest goes after). */
export function outAndPad(size: number, filter: number, stride: number, dilation: number, padding: 'SAME' | 'VALID'): [number, number] {
  const eff = (filter - 1) * dilation + 1;
  const out = padding === 'SAME' ? Math.floor((size + stride - 1) / stride) : Math.floor((size + stride - eff) / stride);
  const total = Math.max(0, (out - 1) * stride + eff - size);
  return [out, Math.floor(total / 2)];
}

export interface Nd {
  readonly data: Float32Array;
  readonly shape: number[];
}

/** conv_2d: x [N,H,W,C], w [O,KH,KW,I] with C = groups * I. */
export function conv2dRef(x: Nd, w: Nd, bias: Float32Array | undefined, win: Window, a: Act): Nd {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [o, kh, kw, ci] = w.shape as [number, number, number, number];
  const groups = c / ci;
  const perGroup = o / groups;
  const [dh, dw] = [win.dh ?? 1, win.dw ?? 1];
  const [oh, pt] = outAndPad(h, kh, win.sh, dh, win.padding);
  const [ow, pl] = outAndPad(wd, kw, win.sw, dw, win.padding);
  const out = new Float32Array(n * oh * ow * o);
  let p = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let oc = 0; oc < o; oc++) {
          const g = Math.floor(oc / perGroup);
          let s = bias ? bias[oc]! : 0;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = y * win.sh - pt + ky * dh;
              const ix = xx * win.sw - pl + kx * dw;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              for (let ic = 0; ic < ci; ic++) s += x.data[((b * h + iy) * wd + ix) * c + g * ci + ic]! * w.data[((oc * kh + ky) * kw + kx) * ci + ic]!;
            }
          out[p++] = act(s, a);
        }
  return { data: out, shape: [n, oh, ow, o] };
}

/** depthwise_conv_2d: w [1,KH,KW,C*M], output channel c*M + m reads input channel c. */
export function depthwiseRef(x: Nd, w: Nd, bias: Float32Array | undefined, win: Window, a: Act): Nd {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [, kh, kw, oc] = w.shape as [number, number, number, number];
  const m = oc / c;
  const [dh, dw] = [win.dh ?? 1, win.dw ?? 1];
  const [oh, pt] = outAndPad(h, kh, win.sh, dh, win.padding);
  const [ow, pl] = outAndPad(wd, kw, win.sw, dw, win.padding);
  const out = new Float32Array(n * oh * ow * oc);
  let p = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let k = 0; k < oc; k++) {
          const ic = Math.floor(k / m);
          let s = bias ? bias[k]! : 0;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = y * win.sh - pt + ky * dh;
              const ix = xx * win.sw - pl + kx * dw;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              s += x.data[((b * h + iy) * wd + ix) * c + ic]! * w.data[(ky * kw + kx) * oc + k]!;
            }
          out[p++] = act(s, a);
        }
  return { data: out, shape: [n, oh, ow, oc] };
}

/** average_pool_2d / max_pool_2d: the average counts in-bounds elements only. */
export function poolRef(kind: 'avg' | 'max', x: Nd, fh: number, fw: number, win: Window, a: Act): Nd {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [oh, pt] = outAndPad(h, fh, win.sh, 1, win.padding);
  const [ow, pl] = outAndPad(wd, fw, win.sw, 1, win.padding);
  const out = new Float32Array(n * oh * ow * c);
  let p = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          let max = -Infinity;
          let count = 0;
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              const iy = y * win.sh - pt + ky;
              const ix = xx * win.sw - pl + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              const v = x.data[((b * h + iy) * wd + ix) * c + ch]!;
              sum += v;
              max = Math.max(max, v);
              count++;
            }
          out[p++] = act(kind === 'avg' ? sum / count : max, a);
        }
  return { data: out, shape: [n, oh, ow, c] };
}

/** fully_connected: rows of the flattened input times W^T, W [units, depth]. */
export function fullyConnectedRef(x: Nd, w: Nd, bias: Float32Array | undefined, keepNumDims: boolean, a: Act): Nd {
  const [units, depth] = w.shape as [number, number];
  const rows = x.data.length / depth;
  const out = new Float32Array(rows * units);
  for (let r = 0; r < rows; r++)
    for (let u = 0; u < units; u++) {
      let s = bias ? bias[u]! : 0;
      for (let d = 0; d < depth; d++) s += x.data[r * depth + d]! * w.data[u * depth + d]!;
      out[r * units + u] = act(s, a);
    }
  return { data: out, shape: keepNumDims ? [...x.shape.slice(0, -1), units] : [rows, units] };
}

/** transpose_conv: every input element scatters input * filter into the output window it came from. */
export function transposeConvRef(x: Nd, w: Nd, bias: Float32Array | undefined, outShape: number[], win: Window): Nd {
  const [n, h, wd, ci] = x.shape as [number, number, number, number];
  const [o, kh, kw] = w.shape as [number, number, number, number];
  const [, oh, ow] = outShape as [number, number, number, number];
  const [, pt] = outAndPad(oh, kh, win.sh, 1, win.padding);
  const [, pl] = outAndPad(ow, kw, win.sw, 1, win.padding);
  const out = new Float32Array(n * oh * ow * o);
  for (let b = 0; b < n; b++)
    for (let iy = 0; iy < h; iy++)
      for (let ix = 0; ix < wd; ix++)
        for (let ic = 0; ic < ci; ic++) {
          const v = x.data[((b * h + iy) * wd + ix) * ci + ic]!;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const y = iy * win.sh - pt + ky;
              const xx = ix * win.sw - pl + kx;
              if (y < 0 || y >= oh || xx < 0 || xx >= ow) continue;
              for (let oc = 0; oc < o; oc++) {
                const at = ((b * oh + y) * ow + xx) * o + oc;
                out[at] = out[at]! + v * w.data[((oc * kh + ky) * kw + kx) * ci + ic]!;
              }
            }
        }
  if (bias) for (let i = 0; i < out.length; i++) out[i] = out[i]! + bias[i % o]!;
  return { data: out, shape: [n, oh, ow, o] };
}

/** resize_bilinear as in TFLite's reference kernel (clamped corners, optional align_corners / half-pixel centers). */
export function resizeBilinearRef(x: Nd, oh: number, ow: number, align: boolean, half: boolean): Nd {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const hs = align && oh > 1 ? (h - 1) / (oh - 1) : h / oh;
  const ws = align && ow > 1 ? (wd - 1) / (ow - 1) : wd / ow;
  const interp = (v: number, scale: number, size: number): [number, number, number] => {
    const s = half ? (v + 0.5) * scale - 0.5 : v * scale;
    return [s, Math.max(Math.floor(s), 0), Math.min(Math.ceil(s), size - 1)];
  };
  const out = new Float32Array(n * oh * ow * c);
  const at = (b: number, y: number, xx: number, ch: number): number => x.data[((b * h + y) * wd + xx) * c + ch]!;
  let p = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++) {
      const [iy, y0, y1] = interp(y, hs, h);
      for (let xx = 0; xx < ow; xx++) {
        const [ix, x0, x1] = interp(xx, ws, wd);
        for (let ch = 0; ch < c; ch++) {
          out[p++] =
            at(b, y0, x0, ch) * (1 - (iy - y0)) * (1 - (ix - x0)) +
            at(b, y1, x0, ch) * (iy - y0) * (1 - (ix - x0)) +
            at(b, y0, x1, ch) * (1 - (iy - y0)) * (ix - x0) +
            at(b, y1, x1, ch) * (iy - y0) * (ix - x0);
        }
      }
    }
  return { data: out, shape: [n, oh, ow, c] };
}
