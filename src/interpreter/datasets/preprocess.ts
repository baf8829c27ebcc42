// Image preprocessing for model inputs: central crop, bilinear resize, grayscale, per-channel normalization.
//
// Conventions follow TensorFlow so calibration sees what the model saw in training/eval:
//  - central crop = tf.image.central_crop: start = int((size - size * fraction) / 2), kept size = size - 2 * start;
//  - bilinear resize = tf.image.resize(method='bilinear', antialias=False) (TF2 default, half-pixel centers):
//    in = (out + 0.5) * (inSize / outSize) - 0.5, neighbours clamped to the image, computed in double precision;
//  - grayscale = ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B (weights sum to 1, so gray sources stay exact);
//  - normalize = (x - mean[c]) / std[c] on 0..255 values.
import type { RgbImage } from './image-decode.js';

export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

export interface ImagePreprocessing {
  height: number;
  width: number;
  channels: 1 | 3;
  /** Central fraction in (0, 1]; 1 or undefined keeps the whole image. */
  centerCrop?: number;
  mean: readonly number[];
  std: readonly number[];
}

/** tf.image.central_crop's box for a fraction in (0, 1]. */
export function centralCropBox(height: number, width: number, fraction: number): CropBox {
  if (fraction >= 1) return { top: 0, left: 0, height, width };
  const top = Math.trunc((height - height * fraction) / 2);
  const left = Math.trunc((width - width * fraction) / 2);
  return { top, left, height: height - 2 * top, width: width - 2 * left };
}

interface AxisWeights {
  lower: Int32Array;
  upper: Int32Array;
  lerp: Float64Array;
}

function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const lerp = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const pos = (i + 0.5) * scale - 0.5;
    const fl = Math.floor(pos);
    lower[i] = Math.max(fl, 0);
    upper[i] = Math.min(Math.ceil(pos), inSize - 1);
    lerp[i] = pos - fl;
  }
  return { lower, upper, lerp };
}

/**
 * Bilinear resize of the `box` region of an interleaved image with `channels` channels to outH x outW.
 * Returns float values in the source range (no rounding).
 */
export function resizeBilinear(
  src: ArrayLike<number>,
  srcWidth: number,
  channels: number,
  box: CropBox,
  outHeight: number,
  outWidth: number,
): Float32Array {
  const ys = axisWeights(box.height, outHeight);
  const xs = axisWeights(box.width, outWidth);
  const out = new Float32Array(outHeight * outWidth * channels);
  const rowStride = srcWidth * channels;
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    const top = (box.top + ys.lower[y]!) * rowStride;
    const bottom = (box.top + ys.upper[y]!) * rowStride;
    const yl = ys.lerp[y]!;
    for (let x = 0; x < outWidth; x++) {
      const left = (box.left + xs.lower[x]!) * channels;
      const right = (box.left + xs.upper[x]!) * channels;
      const xl = xs.lerp[x]!;
      for (let c = 0; c < channels; c++) {
        const tl = src[top + left + c]!;
        const tr = src[top + right + c]!;
        const bl = src[bottom + left + c]!;
        const br = src[bottom + right + c]!;
        const t = tl + (tr - tl) * xl;
        const b = bl + (br - bl) * xl;
        out[o++] = t + (b - t) * yl;
      }
    }
  }
  return out;
}

/** Decoded RGB image -> model input [height, width, channels] as float32. */
export function preprocessImage(image: RgbImage, p: ImagePreprocessing): Float32Array {
  const box = centralCropBox(image.height, image.width, p.centerCrop ?? 1);
  const rgb = resizeBilinear(image.data, image.width, 3, box, p.height, p.width);
  const pixels = p.height * p.width;
  if (p.channels === 1) {
    const out = new Float32Array(pixels);
    const m = p.mean[0]!;
    const s = p.std[0]!;
    for (let i = 0; i < pixels; i++) {
      const gray = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
      out[i] = (gray - m) / s;
    }
    return out;
  }
  const [m0, m1, m2] = [p.mean[0]!, p.mean[1]!, p.mean[2]!];
  const [s0, s1, s2] = [p.std[0]!, p.std[1]!, p.std[2]!];
  for (let i = 0; i < pixels * 3; i += 3) {
    rgb[i] = (rgb[i]! - m0) / s0;
    rgb[i + 1] = (rgb[i + 1]! - m1) / s1;
    rgb[i + 2] = (rgb[i + 2]! - m2) / s2;
  }
  return rgb;
}
