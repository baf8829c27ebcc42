// A folder of JPEG/PNG/BMP images as a dataset: sorted file order, decoded lazily, resized and normalized.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { checkSamples, formatShape, makeDataset, perChannel, sampleShapeOf } from './dataset.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { decodeImage, IMAGE_EXTENSIONS } from './image-decode.js';
import { preprocessImage } from './preprocess.js';
import type { ImagePreprocessing } from './preprocess.js';

/**
 * Files under `dir` (subfolders included; dot-entries and symlinked folders skipped) whose extension is in
 * `extensions`, as paths relative to `dir`, sorted by code unit so the order never depends on the locale.
 */
export async function listFiles(dir: string, extensions: readonly string[], recursive = true): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, sub), { withFileTypes: true });
    } catch (e) {
      return userError(Codes.FileNotFound, `cannot list folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
        file: join(dir, sub),
      });
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const rel = sub === '' ? e.name : join(sub, e.name);
      if (e.isDirectory()) {
        if (recursive) await walk(rel);
      } else if (extensions.includes(extname(e.name).toLowerCase())) {
        // Symlinked files count (calibration folders are often links to a dataset); symlinked folders do not.
        const isFile = e.isFile() || (e.isSymbolicLink() && (await stat(join(dir, rel)).catch(() => undefined))?.isFile());
        if (isFile) out.push(rel);
      }
    }
  };
  await walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Checks the model shape ([H, W, C], batch dropped) and the normalization options for image sources. */
export function imagePreprocessing(opts: DatasetOptions, source?: string): ImagePreprocessing {
  const where = source === undefined ? {} : { file: source };
  if (opts.shape === undefined) userError(Codes.BadFlag, 'image datasets need the model input shape [H, W, C]', where);
  // Images are NHWC: [N, H, W, C] loses its batch dim, [H, W, C] is taken as it is (even when H is 1).
  const shape = opts.shape.length === 4 ? sampleShapeOf(opts.shape) : [...opts.shape];
  const [height, width, channels] = shape;
  if (
    shape.length !== 3 ||
    height === undefined ||
    width === undefined ||
    !(height > 0 && width > 0) ||
    (channels !== 1 && channels !== 3)
  ) {
    return userError(
      Codes.BadFlag,
      `images need a model input of shape [H, W, 1 or 3] (NHWC) with known H and W, but the input is ${formatShape(opts.shape)}; use .npy inputs for this model`,
      where,
    );
  }
  const crop = opts.centerCrop;
  if (crop !== undefined && !(crop > 0 && crop <= 1)) userError(Codes.BadFlag, `centerCrop must be in (0, 1], got ${crop}`);
  const mean = perChannel(opts.mean, channels, 127.5, 'mean');
  const std = perChannel(opts.std, channels, 127.5, 'std');
  if (std.some((s) => s === 0)) userError(Codes.BadFlag, 'std must not be 0');
  return crop === undefined ? { height, width, channels, mean, std } : { height, width, channels, centerCrop: crop, mean, std };
}

function describePreprocessing(p: ImagePreprocessing): string {
  const list = (v: readonly number[]): string => (v.every((x) => x === v[0]) ? String(v[0]) : `[${v.join(',')}]`);
  const crop = p.centerCrop !== undefined && p.centerCrop < 1 ? `, center crop ${p.centerCrop}` : '';
  const gray = p.channels === 1 ? ', grayscale' : '';
  return `resized to ${p.height}x${p.width}x${p.channels}${crop}${gray}, (x - ${list(p.mean)}) / ${list(p.std)}`;
}

/** Images in `files` (absolute or relative to `root`), in the given order. */
export function imageFilesDataset(root: string, files: readonly string[], label: string, opts: DatasetOptions, source?: string): Dataset {
  const p = imagePreprocessing(opts, source);
  const limit = checkSamples(opts.samples);
  const chosen = limit === undefined ? [...files] : files.slice(0, limit);
  return makeDataset(
    {
      description: `${label} (${chosen.length} image${chosen.length === 1 ? '' : 's'}, ${describePreprocessing(p)})`,
      synthetic: false,
      size: chosen.length,
    },
    async function* () {
      for (const rel of chosen) {
        const path = join(root, rel);
        let bytes: Uint8Array;
        try {
          bytes = await readFile(path);
        } catch (e) {
          return userError(Codes.FileNotFound, `cannot read image (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
            file: path,
          });
        }
        const image = decodeImage(bytes, path);
        yield { name: rel, data: preprocessImage(image, p), shape: [p.height, p.width, p.channels] };
      }
    },
  );
}

/** Every JPEG/PNG/BMP image under `dir`, sorted by relative path. An empty folder is a user error. */
export async function imageFolderDataset(dir: string, opts: DatasetOptions): Promise<Dataset> {
  imagePreprocessing(opts, dir); // report bad options before touching the disk
  const files = await listFiles(dir, IMAGE_EXTENSIONS);
  if (files.length === 0) {
    userError(Codes.NoCalibrationData, `no images (${IMAGE_EXTENSIONS.join(' ')}) in this folder`, { file: dir });
  }
  return imageFilesDataset(dir, files, `image folder ${dir}`, opts, dir);
}

/** A single image file as a one-sample dataset. */
export function imageFileDataset(path: string, opts: DatasetOptions): Dataset {
  return imageFilesDataset('', [path], `image ${basename(path)}`, opts, path);
}
