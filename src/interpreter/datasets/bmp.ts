// BMP decoding through bmp-js, after validating the header and rewriting it into the one layout bmp-js reads right.
//
// bmp-js 0.1 assumes a 40-byte BITMAPINFOHEADER and reads pixels right after the header and palette, ignoring the
// file's pixel-data offset, so V4/V5 headers (108/124 bytes, which TF, GIMP and ImageMagick write) come out shifted.
// It also reads 32-bit BI_BITFIELDS pixels as A,B,G,R bytes whatever the masks say, and it would index past the
// end of a truncated file. So: validate every size here, then hand bmp-js a normalized copy (40-byte header,
// masks, palette, pixel data) whose layout it handles.
import { decode as decodeBmpPixels } from 'bmp-js';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import type { RgbImage } from './image-decode.js';

/** Images above this many pixels are refused (same cap as the JPEG decoder's default). */
export const MAX_IMAGE_PIXELS = 100_000_000;

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;

export function decodeBmp(bytes: Uint8Array, file: string): RgbImage {
  const fail = (why: string): never => userError(Codes.BadInput, `corrupt or unsupported BMP image: ${why}`, { file });
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) fail('too short or missing the "BM" signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize === 12) fail('OS/2 1.x (12-byte) headers are not supported; re-save as a Windows BMP');
  if (![40, 52, 56, 64, 108, 124].includes(headerSize)) fail(`unknown info header size ${headerSize}`);
  if (14 + headerSize > bytes.length) fail('truncated info header');
  const width = view.getInt32(18, true);
  const height = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  let compression = view.getUint32(30, true);
  const colorsUsed = view.getUint32(46, true);
  const absHeight = Math.abs(height);
  if (width <= 0 || height === 0 || height === -2147483648) fail(`bad dimensions ${width}x${height}`);
  if (width * absHeight > MAX_IMAGE_PIXELS) fail(`${width}x${absHeight} is larger than ${MAX_IMAGE_PIXELS} pixels`);
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) fail(`unsupported bit depth ${bpp}`);
  const rleOk = (compression === BI_RLE8 && bpp === 8) || (compression === BI_RLE4 && bpp === 4);
  const fieldsOk = compression === BI_BITFIELDS && (bpp === 16 || bpp === 32);
  if (compression !== BI_RGB && !rleOk && !fieldsOk) fail(`unsupported compression ${compression} at ${bpp} bits`);
  if (pixelOffset >= bytes.length) fail(`pixel data offset ${pixelOffset} is past the end of the file`);
  if (compression === BI_RGB || compression === BI_BITFIELDS) {
    const rowBytes = Math.ceil((width * bpp) / 32) * 4;
    if (pixelOffset + rowBytes * absHeight > bytes.length) {
      fail(`${width}x${absHeight}x${bpp}-bit pixel data needs ${rowBytes * absHeight} bytes, file has ${bytes.length - pixelOffset} (truncated?)`);
    }
  }

  // Masks for BI_BITFIELDS sit at file offset 54 in every header version (after a 40-byte header, or inside V4/V5).
  let masks: Uint8Array | undefined;
  if (compression === BI_BITFIELDS) {
    if (70 > bytes.length) fail('truncated colour masks');
    const r = view.getUint32(54, true);
    const g = view.getUint32(58, true);
    const b = view.getUint32(62, true);
    if (bpp === 32 && r === 0xff0000 && g === 0xff00 && b === 0xff) {
      compression = BI_RGB; // plain B,G,R,x bytes: bmp-js's BI_RGB path reads them right
    } else if (bpp === 32 && !(r === 0xff000000 && g === 0xff0000 && b === 0xff00)) {
      fail(`unsupported 32-bit colour masks R=${hex(r)} G=${hex(g)} B=${hex(b)}`);
    } else if (bpp === 16 && !((r === 0xf800 && g === 0x7e0 && b === 0x1f) || (r === 0x7c00 && g === 0x3e0 && b === 0x1f))) {
      fail(`unsupported 16-bit colour masks R=${hex(r)} G=${hex(g)} B=${hex(b)} (565 and 555 are supported)`);
    }
    if (compression === BI_BITFIELDS) masks = bytes.slice(54, 70);
  }

  let palette = new Uint8Array(0);
  if (bpp <= 8) {
    const count = colorsUsed === 0 ? 1 << bpp : colorsUsed;
    if (count > 1 << bpp) fail(`palette of ${count} colours for ${bpp}-bit pixels`);
    const start = 14 + headerSize;
    if (start + count * 4 > pixelOffset) fail('palette overlaps the pixel data');
    palette = bytes.slice(start, start + count * 4);
  }

  const pixels = bytes.subarray(pixelOffset);
  const infoEnd = 54 + (masks?.length ?? 0);
  const norm = Buffer.alloc(infoEnd + palette.length + pixels.length);
  norm.write('BM', 0, 'latin1');
  norm.writeUInt32LE(norm.length, 2);
  norm.writeUInt32LE(infoEnd + palette.length, 10);
  norm.writeUInt32LE(40, 14);
  norm.writeInt32LE(width, 18);
  norm.writeInt32LE(height, 22);
  norm.writeUInt16LE(1, 26);
  norm.writeUInt16LE(bpp, 28);
  norm.writeUInt32LE(compression, 30);
  norm.writeUInt32LE(palette.length / 4, 46);
  if (masks) norm.set(masks, 54);
  norm.set(palette, infoEnd);
  norm.set(pixels, infoEnd + palette.length);

  let abgr: Uint8Array;
  try {
    abgr = decodeBmpPixels(norm).data;
  } catch (e) {
    return fail(`pixel data does not decode (${(e as Error).message})`);
  }
  const n = width * absHeight;
  if (abgr.length < n * 4) fail('decoder returned too few pixels');
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = abgr[i * 4 + 3]!;
    rgb[i * 3 + 1] = abgr[i * 4 + 2]!;
    rgb[i * 3 + 2] = abgr[i * 4 + 1]!;
  }
  return { width, height: absHeight, data: rgb };
}

function hex(v: number): string {
  return `0x${v.toString(16)}`;
}
