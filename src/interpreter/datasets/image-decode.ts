// Decodes JPEG (jpeg-js), PNG (pngjs) and BMP (bmp-js) bytes to 8-bit RGB, picking the codec by magic bytes.
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { decodeBmp, MAX_IMAGE_PIXELS } from './bmp.js';

/** Row-major RGB, 3 bytes per pixel, top row first. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ImageFormat = 'jpeg' | 'png' | 'bmp';

/** File extensions the image folder source picks up (lower case). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.bmp'];

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'bmp';
  return undefined;
}

/**
 * Decodes an image to RGB. Grayscale sources are replicated to three channels; an alpha channel is dropped
 * (not composited), as TF's decode_png(channels=3) does. Corrupt or truncated data is a user error naming `file`.
 */
export function decodeImage(bytes: Uint8Array, file: string): RgbImage {
  switch (sniffImageFormat(bytes)) {
    case 'jpeg':
      return decodeJpegRgb(bytes, file);
    case 'png':
      return decodePngRgb(bytes, file);
    case 'bmp':
      return decodeBmp(bytes, file);
    default:
      return userError(Codes.BadInput, 'not a JPEG, PNG or BMP image (unrecognized first bytes)', { file });
  }
}

function decodeJpegRgb(bytes: Uint8Array, file: string): RgbImage {
  try {
    const img = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
      maxMemoryUsageInMB: 1024,
    });
    if (img.width <= 0 || img.height <= 0 || img.data.length !== img.width * img.height * 3) {
      throw new Error(`decoded to ${img.width}x${img.height} with ${img.data.length} bytes`);
    }
    return { width: img.width, height: img.height, data: img.data };
  } catch (e) {
    return userError(Codes.BadInput, `corrupt or unsupported JPEG image (${(e as Error).message}); remove the file or re-save it`, { file });
  }
}

function decodePngRgb(bytes: Uint8Array, file: string): RgbImage {
  // Check the IHDR size before pngjs allocates anything.
  if (bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const w = view.getUint32(16);
    const h = view.getUint32(20);
    if (w * h > MAX_IMAGE_PIXELS) {
      userError(Codes.BadInput, `PNG image ${w}x${h} is larger than ${MAX_IMAGE_PIXELS} pixels`, { file });
    }
  }
  let png: PNG;
  try {
    // pngjs expands palette, gray and 16-bit images to 8-bit RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    return userError(Codes.BadInput, `corrupt or unsupported PNG image (${(e as Error).message}); remove the file or re-save it`, { file });
  }
  const n = png.width * png.height;
  if (n <= 0 || png.data.length < n * 4) {
    return userError(Codes.BadInput, `PNG image decoded to ${png.width}x${png.height} with too little data`, { file });
  }
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = png.data[i * 4]!;
    rgb[i * 3 + 1] = png.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = png.data[i * 4 + 2]!;
  }
  return { width: png.width, height: png.height, data: rgb };
}
