// Just enough BMP decoding for runtime known-answer tests: 24-bit uncompressed → RGB bytes, resized to a square.

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major, top row first, 3 bytes (R, G, B) per pixel. */
  rgb: Uint8Array;
}

/** Decodes a 24-bit BI_RGB bitmap (bottom-up or top-down rows, 4-byte row padding). */
export function decodeBmp24(bytes: Uint8Array): RgbImage {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new Error('not a BMP file');
  const dataOffset = v.getUint32(10, true);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  if (v.getUint16(28, true) !== 24 || v.getUint32(30, true) !== 0) throw new Error('only 24-bit uncompressed BMPs are supported');
  const height = Math.abs(rawHeight);
  const stride = Math.ceil((width * 3) / 4) * 4;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const s = row + 3 * x;
      const d = 3 * (y * width + x);
      rgb[d] = bytes[s + 2] ?? 0;
      rgb[d + 1] = bytes[s + 1] ?? 0;
      rgb[d + 2] = bytes[s] ?? 0;
    }
  }
  return { width, height, rgb };
}

/** Bilinear resize to size × size (centres aligned, as image pre-processing usually does). */
export function resizeBilinear(img: RgbImage, size: number): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  const sx = img.width / size;
  const sy = img.height / size;
  const at = (x: number, y: number, c: number): number => img.rgb[3 * (y * img.width + x) + c] ?? 0;
  for (let y = 0; y < size; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - wx) + at(x1, y0, c) * wx;
        const bottom = at(x0, y1, c) * (1 - wx) + at(x1, y1, c) * wx;
        out[3 * (y * size + x) + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}
