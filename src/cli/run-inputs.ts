// Inputs of `litec run`: .npy arrays as they are, or images (JPEG/PNG/BMP) fitted to the model's input.
//
// An image is resized (bilinear) to the input's H x W and then given in the input's own type:
//   uint8 input  -> the pixels 0..255 as they are (what quantized image models such as the Coral ones take);
//   int8 input   -> pixel - 128;
//   float input  -> (pixel - mean) / std with --mean/--std, else the model's normalization metadata, else
//                   mean = std = 127.5 (values in [-1, 1]), with a note saying so.
import { extname } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { parseNpy } from '../interpreter/npy.js';
import type { NpyArray } from '../interpreter/npy.js';
import { decodeImage, IMAGE_EXTENSIONS, sniffImageFormat, type RgbImage } from '../interpreter/datasets/image-decode.js';
import { imagePreprocessing } from '../interpreter/datasets/image-folder.js';
import { preprocessImage } from '../interpreter/datasets/preprocess.js';
import { readFile } from 'node:fs/promises';

export type RunInput = { kind: 'npy'; file: string; array: NpyArray } | { kind: 'image'; file: string; image: RgbImage };

/** The model input an image is fitted to. */
export interface InputTarget {
  name: string;
  shape: readonly number[];
  /** 'float32', 'uint8', 'int8', ... */
  dtype: string;
  /** Normalization from the model's metadata, when it has some. */
  metadata?: { mean?: number[]; std?: number[] };
}

export interface Normalization {
  mean?: number[];
  std?: number[];
}

/** Reads a .npy file or an image (by its first bytes, or its extension for the error message). */
export async function readRunInput(file: string): Promise<RunInput> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return userError(Codes.FileNotFound, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  if (sniffImageFormat(bytes) !== undefined || IMAGE_EXTENSIONS.includes(extname(file).toLowerCase())) {
    return { kind: 'image', file, image: decodeImage(bytes, file) };
  }
  return { kind: 'npy', file, array: parseNpy(bytes, file) };
}

/** The array to feed `target`; for an image, also a note on the normalization chosen (or null). */
export function fitRunInput(input: RunInput, target: InputTarget, flags: Normalization): { array: NpyArray; note: string | null } {
  if (input.kind === 'npy') return { array: input.array, note: null };
  const { shape, dtype } = target;
  const where = { file: input.file };
  if (dtype !== 'float32' && dtype !== 'uint8' && dtype !== 'int8') {
    return userError(Codes.BadInput, `input '${target.name}' has type ${dtype}: an image cannot feed it; pass a .npy array`, where);
  }
  const channels = shape[shape.length - 1];
  if (!((shape.length === 4 && shape[0] === 1) || shape.length === 3) || (channels !== 1 && channels !== 3)) {
    return userError(Codes.BadInput, `input '${target.name}' has shape [${shape.join(',')}], not an image [1, H, W, 1 or 3]; pass a .npy array`, where);
  }
  let norm: Normalization;
  let note: string | null = null;
  if (dtype === 'uint8') norm = { mean: [0], std: [1] };
  else if (dtype === 'int8') norm = { mean: [128], std: [1] };
  else if (flags.mean !== undefined || flags.std !== undefined) norm = flags;
  else if (target.metadata?.mean !== undefined || target.metadata?.std !== undefined) norm = target.metadata;
  else {
    norm = { mean: [127.5], std: [127.5] };
    note = `${input.file}: the model has no normalization metadata and no --mean/--std was given: pixels fed as (x - 127.5) / 127.5, in [-1, 1]`;
  }
  const p = imagePreprocessing(
    {
      shape,
      ...(norm.mean === undefined ? {} : { mean: norm.mean.length === 1 ? norm.mean[0]! : norm.mean }),
      ...(norm.std === undefined ? {} : { std: norm.std.length === 1 ? norm.std[0]! : norm.std }),
    },
    input.file,
  );
  const values = preprocessImage(input.image, p);
  const outShape = [1, p.height, p.width, p.channels];
  if (dtype === 'float32') return { array: { dtype: 'float32', shape: outShape, data: values }, note };
  // Integer inputs: bilinear resizing gives fractions; round to the nearest pixel value, as image decoders do.
  const [lo, hi] = dtype === 'uint8' ? [0, 255] : [-128, 127];
  const data = dtype === 'uint8' ? new Uint8Array(values.length) : new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.min(hi, Math.max(lo, Math.round(values[i]!)));
  return { array: { dtype, shape: outShape, data }, note };
}
