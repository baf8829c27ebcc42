// openDataset: picks the dataset source from what a path is (folder, .npy, .npz, image) or a keyword.
//
//   folder with images        -> image folder (recursive, sorted)      folder with .npy files -> .npy folder
//   file.npy / file.npz       -> arrays (rows are samples)             file.jpg|.png|.bmp     -> one image
//   "mnist" or "mnist:OFFSET" -> the mnist package's digits            "synthetic"           -> seeded random data
//   "mnist-l2[:OFFSET]"       -> the same digits, columns L2-normalized as tf.keras.utils.normalize(x, axis=1)
// Keywords apply only when no file or folder of that name exists. Files are also recognized by content
// (\x93NUMPY, PK zip) when the extension is missing or different.
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { isNpy } from '../npy.js';
import { checkSamples, perChannel, sampleShapeOf } from './dataset.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { IMAGE_EXTENSIONS, sniffImageFormat } from './image-decode.js';
import { imageFileDataset, imageFolderDataset, listFiles } from './image-folder.js';
import { mnistDigits } from './mnist.js';
import { npyFileDataset, npyFolderDataset, npzDataset } from './npy-dataset.js';
import { syntheticDataset } from './synthetic.js';

export interface OpenDatasetOptions extends DatasetOptions {
  /** Seed for "synthetic" (default 0). */
  seed?: number;
}

/** Number of synthetic samples when `samples` is not given. */
export const DEFAULT_SYNTHETIC_SAMPLES = 8;

export async function openDataset(path: string, opts: OpenDatasetOptions = {}): Promise<Dataset> {
  checkSamples(opts.samples);
  let info;
  try {
    info = await stat(path);
  } catch {
    return openKeyword(path, opts);
  }
  if (info.isDirectory()) return openFolder(path, opts);
  if (!info.isFile()) return userError(Codes.UnknownFormat, 'not a regular file or folder', { file: path });
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') return npyFileDataset(path, opts);
  if (ext === '.npz') return npzDataset(path, opts);
  if (IMAGE_EXTENSIONS.includes(ext)) return imageFileDataset(path, opts);
  const head = await readHead(path, 8);
  if (isNpy(head)) return npyFileDataset(path, opts);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return npzDataset(path, opts);
  if (sniffImageFormat(head) !== undefined) return imageFileDataset(path, opts);
  return userError(
    Codes.UnknownFormat,
    'not a dataset: expected a folder of images or .npy files, a .npy/.npz file, or an image',
    { file: path },
  );
}

async function openFolder(dir: string, opts: OpenDatasetOptions): Promise<Dataset> {
  const images = await listFiles(dir, IMAGE_EXTENSIONS);
  const arrays = await listFiles(dir, ['.npy'], false);
  if (images.length > 0 && arrays.length > 0) {
    userError(Codes.BadInput, `folder mixes images (${images.length}) and .npy files (${arrays.length}); keep one kind of input per folder`, {
      file: dir,
    });
  }
  if (images.length === 0 && arrays.length === 0) {
    // Say what is missing before any complaint about the model's shape: an empty folder is the real problem.
    userError(Codes.NoCalibrationData, `no images (${IMAGE_EXTENSIONS.join(' ')}) or .npy files in this folder; add some representative inputs`, {
      file: dir,
    });
  }
  if (arrays.length > 0) return npyFolderDataset(dir, opts);
  return imageFolderDataset(dir, opts);
}

function openKeyword(path: string, opts: OpenDatasetOptions): Dataset {
  const m = /^mnist(-l2)?(?::(\d+))?$/.exec(path);
  if (m) {
    const offset = m[2] === undefined ? 0 : Number(m[2]);
    const base = m[1] === undefined ? { offset } : { offset, l2Normalize: 'columns' as const };
    return opts.samples === undefined ? mnistDigits(base) : mnistDigits({ ...base, count: opts.samples });
  }
  if (path === 'synthetic') {
    if (opts.shape === undefined) userError(Codes.BadFlag, 'synthetic data needs the model input shape');
    const shape = sampleShapeOf(opts.shape);
    return syntheticDataset(shape, opts.samples ?? DEFAULT_SYNTHETIC_SAMPLES, opts.seed ?? 0, syntheticRange(opts));
  }
  return userError(Codes.FileNotFound, 'no such file or folder (nor the keywords "mnist", "mnist-l2" or "synthetic")', { file: path });
}

/**
 * The range a normalized 0..255 image would have: [min_c (0 - mean_c) / std_c, max_c (255 - mean_c) / std_c],
 * [-1, 1] with the default mean/std.
 */
function syntheticRange(opts: DatasetOptions): [number, number] {
  const len = (v: number | readonly number[] | undefined): number => (v === undefined || typeof v === 'number' ? 1 : v.length);
  const n = Math.max(len(opts.mean), len(opts.std));
  const mean = perChannel(opts.mean, n, 127.5, 'mean');
  const std = perChannel(opts.std, n, 127.5, 'std');
  const ends = mean.flatMap((m, i) => [(0 - m) / std[i]!, (255 - m) / std[i]!]);
  return [Math.min(...ends), Math.max(...ends)];
}

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
