// Datasets from NumPy arrays: one .npy with a leading batch dimension, a folder of .npy files, or a .npz archive.
//
// How an array becomes samples: with a sample shape (the model input, batch dropped), an array of exactly that
// shape is one sample and an array of [N, ...shape] is N samples; anything else is a shape error. Without a
// shape, a .npy file and each .npz member are read as [N, ...] (rows are samples) and each file of a .npy folder
// is one sample. Values are used as they are (converted to float32): arrays are taken to hold model inputs
// already preprocessed, so mean/std do not apply.
import { basename, join } from 'node:path';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { elementCount, npyToFloat32, readNpy, readNpyHeader, readNpz } from '../npy.js';
import type { NpyArray } from '../npy.js';
import { checkSamples, formatShape, makeDataset, sampleShapeOf, shapeMatches } from './dataset.js';
import type { Dataset, DatasetOptions, Sample } from './dataset.js';
import { listFiles } from './image-folder.js';

interface Split {
  /** Number of samples in the array. */
  count: number;
  /** Shape of one sample. */
  shape: number[];
  batched: boolean;
}

/** How an array of `shape` splits into samples (see the file comment). */
function splitOf(shape: readonly number[], sampleShape: readonly number[] | undefined, batchedByDefault: boolean, where: string): Split {
  if (sampleShape !== undefined) {
    if (shapeMatches(shape, sampleShape)) return { count: 1, shape: [...shape], batched: false };
    if (shape.length >= 1 && shapeMatches(shape.slice(1), sampleShape)) {
      return { count: shape[0]!, shape: shape.slice(1), batched: true };
    }
    return userError(
      Codes.ShapeMismatch,
      `array of shape ${formatShape(shape)} is neither one model input ${formatShape(sampleShape)} nor a batch [N,${sampleShape.join(',')}]`,
      { file: where },
    );
  }
  if (!batchedByDefault) return { count: 1, shape: [...shape], batched: false };
  if (shape.length === 0) {
    return userError(Codes.ShapeMismatch, 'a 0-d array has no batch dimension to take samples from', { file: where });
  }
  return { count: shape[0]!, shape: shape.slice(1), batched: true };
}

function* samplesOf(array: NpyArray, split: Split, name: string, remaining: number): Generator<Sample> {
  const all = npyToFloat32(array);
  const n = elementCount(split.shape);
  for (let i = 0; i < split.count && i < remaining; i++) {
    yield {
      name: split.batched ? `${name}[${i}]` : name,
      data: all.slice(i * n, (i + 1) * n),
      shape: [...split.shape],
    };
  }
}

function limitOf(opts: DatasetOptions): number {
  return checkSamples(opts.samples) ?? Infinity;
}

function sampleShapeOption(opts: DatasetOptions): number[] | undefined {
  return opts.shape === undefined ? undefined : sampleShapeOf(opts.shape);
}

/** A .npy file whose first dimension indexes samples (or that is exactly one sample of `opts.shape`). */
export async function npyFileDataset(path: string, opts: DatasetOptions = {}): Promise<Dataset> {
  const array = await readNpy(path);
  const split = splitOf(array.shape, sampleShapeOption(opts), true, path);
  const size = Math.min(split.count, limitOf(opts));
  return makeDataset(
    {
      description: `.npy file ${path} (${size} sample${size === 1 ? '' : 's'} of ${formatShape(split.shape)}, ${array.dtype})`,
      synthetic: false,
      size,
    },
    async function* () {
      yield* samplesOf(array, split, basename(path), size);
    },
  );
}

/** Every .npy file in `dir` (not recursive), sorted by name; files are read one at a time while iterating. */
export async function npyFolderDataset(dir: string, opts: DatasetOptions = {}): Promise<Dataset> {
  const files = await listFiles(dir, ['.npy'], false);
  if (files.length === 0) userError(Codes.NoCalibrationData, 'no .npy files in this folder', { file: dir });
  const sampleShape = sampleShapeOption(opts);
  const plan: { file: string; split: Split }[] = [];
  for (const f of files) {
    const header = await readNpyHeader(join(dir, f));
    plan.push({ file: f, split: splitOf(header.shape, sampleShape, false, join(dir, f)) });
  }
  const total = plan.reduce((n, p) => n + p.split.count, 0);
  const size = Math.min(total, limitOf(opts));
  return makeDataset(
    {
      description: `.npy folder ${dir} (${size} sample${size === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'})`,
      synthetic: false,
      size,
    },
    async function* () {
      let left = size;
      for (const { file, split } of plan) {
        if (left <= 0) return;
        const array = await readNpy(join(dir, file));
        // The file may have changed since the header was read; re-check its shape.
        const now = splitOf(array.shape, sampleShape, false, join(dir, file));
        if (now.count !== split.count) {
          userError(Codes.BadInput, 'file changed while the dataset was in use', { file: join(dir, file) });
        }
        for (const s of samplesOf(array, now, file, left)) {
          left--;
          yield s;
        }
      }
    },
  );
}

/** A .npz archive: members in archive order, each split like a .npy file (rows are samples). */
export async function npzDataset(path: string, opts: DatasetOptions = {}): Promise<Dataset> {
  const arrays = await readNpz(path);
  if (arrays.size === 0) userError(Codes.NoCalibrationData, 'the .npz archive holds no arrays', { file: path });
  const sampleShape = sampleShapeOption(opts);
  const plan = [...arrays].map(([name, array]) => ({
    name,
    array,
    split: splitOf(array.shape, sampleShape, true, `${path}:${name}`),
  }));
  const total = plan.reduce((n, p) => n + p.split.count, 0);
  const size = Math.min(total, limitOf(opts));
  const names = plan.map((p) => p.name).join(', ');
  return makeDataset(
    { description: `.npz archive ${path} (${size} sample${size === 1 ? '' : 's'} from ${names})`, synthetic: false, size },
    async function* () {
      let left = size;
      for (const { name, array, split } of plan) {
        for (const s of samplesOf(array, split, `${basename(path)}:${name}`, left)) {
          left--;
          yield s;
        }
      }
    },
  );
}
