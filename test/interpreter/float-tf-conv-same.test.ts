// tf.Conv2D / tf.DepthwiseConv2dNative with SAME padding at stride > 1 against a direct loop (tfjs-backend-wasm
// mis-pads 'same' at stride > 1; the tf kernels pass explicit amounts).
import { test } from 'node:test';
import * as tfd from '../../dialects/tf/index.js';
import { i64s, str } from '../../src/ir/attributes.js';
import { initBackend } from '../../src/interpreter/index.js';
import { arg, assertClose, cst, runOp, seeded } from './float-helpers.js';

await initBackend();

/** NHWC input, [fh, fw, c, m] filter; depthwise when `depthwise`, else HWIO with m = output channels. */
function direct(x: Float32Array, [h = 0, w = 0, c = 0]: number[], f: Float32Array, [fh = 0, fw = 0, , m = 0]: number[], s: number, depthwise: boolean): { out: number[]; shape: number[] } {
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(w / s);
  const top = Math.floor(Math.max(0, (oh - 1) * s + fh - h) / 2);
  const left = Math.floor(Math.max(0, (ow - 1) * s + fw - w) / 2);
  const oc = depthwise ? c * m : m;
  const out: number[] = [];
  for (let y = 0; y < oh; y++)
    for (let xo = 0; xo < ow; xo++)
      for (let o = 0; o < oc; o++) {
        let acc = 0;
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const iy = y * s + ky - top;
            const ix = xo * s + kx - left;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            if (depthwise) {
              const ci = Math.floor(o / m);
              acc += x[(iy * w + ix) * c + ci]! * f[((ky * fw + kx) * c + ci) * m + (o % m)]!;
            } else {
              for (let ci = 0; ci < c; ci++) acc += x[(iy * w + ix) * c + ci]! * f[((ky * fw + kx) * c + ci) * m + o]!;
            }
          }
        out.push(acc);
      }
  return { out, shape: [1, oh, ow, oc] };
}

for (const depthwise of [false, true]) {
  test(`${depthwise ? 'DepthwiseConv2dNative' : 'Conv2D'} SAME at stride 2 and 3 matches a direct loop`, async () => {
    let seed = 1;
    for (const [h, w, c, fh, fw, m, s] of [[1, 2, 1, 1, 2, 1, 2], [2, 1, 1, 1, 2, 1, 2], [3, 2, 2, 2, 3, 2, 2], [5, 4, 2, 3, 3, 2, 2], [7, 6, 3, 2, 4, 1, 3], [4, 4, 2, 3, 3, 3, 2]] as number[][]) {
      const x = seeded(h! * w! * c!, seed++);
      const f = seeded(fh! * fw! * c! * m!, seed++);
      const want = direct(x, [h!, w!, c!], f, [fh!, fw!, c!, m!], s!, depthwise);
      const got = await runOp(depthwise ? tfd.DepthwiseConv2dNative : tfd.Conv2D, [arg([1, h!, w!, c!], x), cst([fh!, fw!, c!, m!], f)], { strides: i64s([1, s!, s!, 1]), padding: str('SAME') });
      assertClose(got.data as Float32Array, want.out, 1e-5, `${h}x${w}x${c} filter ${fh}x${fw} stride ${s}`);
    }
  });
}
