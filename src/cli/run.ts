// `litec run MODEL --input X.npy`: runs a model in the real TFLite runtime or litec's interpreter; prints top-k.
import { readFileSync } from 'node:fs';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { detectModel } from '../importers/detect.js';
import { BUILTIN_MODELS } from '../importers/load.js';
import { NpyArray, npyToFloat32, writeNpy } from '../interpreter/npy.js';
import { TFLITE_METADATA } from '../emitters/tflite/metadata.js';
import { readModelMetadata } from '../emitters/tflite/metadata-reader.js';
import { readZip } from '../interpreter/datasets/zip.js';
import { TfliteRuntime, type RuntimeTensorInfo } from '../runtime/tflite-runtime.js';
import { readTfliteModel } from '../emitters/tflite/schema/reader.js';
import { flag, intFlag, numbers, parseCommandArgs, str } from './args.js';
import { fitRunInput, readRunInput, type Normalization, type RunInput } from './run-inputs.js';
import { importFlags, importOptionsFromArgs } from './import-flags.js';
import { CliIO } from './io.js';
import { runWithInterpreter } from './run-interpreter.js';

export const runHelp = `usage: litec run MODEL --input X.npy|IMAGE [--runtime tflite|interpreter] [--labels FILE] [--top K] [-o OUT.npy]

Runs MODEL on the input and prints each output (top-K classes for a classifier output).
  --input X.npy        input tensor (a leading batch dimension may be left out); one --input per model input
  --input IMAGE        a JPEG/PNG/BMP image, resized to the input's H x W: pixels 0..255 for a uint8 input,
                       pixel - 128 for int8, (pixel - mean) / std for float
  --mean M --std S     normalization for float image inputs (default: the model's metadata, else 127.5, 127.5)
  --runtime R          tflite: the real TFLite runtime (default for .tflite files);
                       interpreter: litec's reference interpreter (any importable model)
  --labels FILE        one label per line, for the top-K listing
  --top K              how many classes to list (default 5)
  -o, --output FILE    write the first output as .npy`;

export interface OutputTensor {
  name: string;
  shape: number[];
  /** Real values (dequantized when the tensor is quantized). */
  values: Float32Array;
  raw: ArrayLike<number>;
  dtype: string;
}

/** Fits a .npy array to an input of the given shape: adds a batch dim, checks the element count. */
export function fitInput(arr: NpyArray, file: string, inputName: string, shape: readonly number[]): void {
  const want = shape.reduce((a, d) => a * Math.max(1, d), 1);
  const have = arr.shape.reduce((a, d) => a * d, 1);
  if (want !== have) {
    userError(Codes.ShapeMismatch, `${file}: shape [${arr.shape.join(',')}] (${have} values) does not fit input '${inputName}' of shape [${shape.join(',')}] (${want} values)`, { file });
  }
}

function toRuntimeInput(arr: NpyArray, file: string, info: RuntimeTensorInfo): Float32Array | Int8Array | Uint8Array | Int32Array {
  fitInput(arr, file, info.name, info.shape);
  if (info.dtype === 'float32') return npyToFloat32(arr);
  if (info.dtype === 'int8' || info.dtype === 'uint8') {
    if (arr.dtype === info.dtype) return arr.data as Int8Array | Uint8Array;
    // Float data for a quantized input: quantize with the input's own parameters.
    const f = npyToFloat32(arr);
    const [lo, hi] = info.dtype === 'int8' ? [-128, 127] : [0, 255];
    const out = info.dtype === 'int8' ? new Int8Array(f.length) : new Uint8Array(f.length);
    for (let i = 0; i < f.length; i++) out[i] = Math.min(hi, Math.max(lo, Math.round(f[i]! / info.scale) + info.zeroPoint));
    return out;
  }
  if (info.dtype === 'int32') return Int32Array.from(npyToFloat32(arr));
  return userError(Codes.BadInput, `${file}: the model input '${info.name}' has type ${info.dtype}, which litec run cannot feed`, { file });
}

type ModelMetadata = ReturnType<typeof readModelMetadata>;

/** A .tflite read once: its bytes and its TFLITE_METADATA, each loaded on first use. */
interface TfliteFile {
  readonly path: string;
  bytes(): Uint8Array;
  metadata(): ModelMetadata | null;
}

function tfliteFile(path: string): TfliteFile {
  let bytes: Uint8Array | undefined;
  let meta: ModelMetadata | null | undefined;
  const file: TfliteFile = {
    path,
    bytes: () => (bytes ??= readFileSync(path)),
    metadata: () => (meta === undefined ? (meta = tfliteMetadata(file.bytes(), path)) : meta),
  };
  return file;
}

/** The TFLITE_METADATA of a .tflite, or null when it has none or it cannot be read. */
function tfliteMetadata(bytes: Uint8Array, path: string): ModelMetadata | null {
  // The safe reader names what is wrong with a corrupt file; the WASM runtime only says it cannot initialize.
  const model = readTfliteModel(bytes, path);
  const entry = model.metadata.find((m) => m.name === TFLITE_METADATA);
  const data = entry === undefined ? undefined : model.buffers[entry.buffer]?.data;
  if (data === undefined || data.length === 0) return null;
  try {
    return readModelMetadata(data);
  } catch {
    return null;
  }
}

/**
 * The labels file that the metadata of a .tflite names for its first output, read from the zip of associated
 * files appended to the model (how Model Maker and litec --labels pack them); undefined when there is none.
 */
function embeddedLabels(model: TfliteFile): { file: string; labels: string[] } | undefined {
  const name = model.metadata()?.outputs[0]?.labelsFiles[0];
  if (name === undefined) return undefined;
  let entries;
  try {
    entries = readZip(model.bytes(), model.path);
  } catch {
    return undefined;
  }
  const entry = entries.find((e) => e.name === name);
  if (entry === undefined) return undefined;
  const lines = new TextDecoder().decode(entry.data).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { file: name, labels: lines };
}

async function runTflite(model: TfliteFile, inputs: RunInput[], flags: Normalization, note: (s: string) => void): Promise<OutputTensor[]> {
  const path = model.path;
  // Input normalization recorded in the metadata (Model Maker models carry it), per input.
  const norms: Normalization[] = (model.metadata()?.inputs ?? []).map((t) => ({ ...(t.mean ? { mean: t.mean } : {}), ...(t.std ? { std: t.std } : {}) }));
  const rt = await TfliteRuntime.load(model.bytes(), { file: path });
  try {
    const infos = rt.inputs();
    if (inputs.length !== infos.length) userError(Codes.BadInput, `${path}: the model has ${infos.length} inputs but ${inputs.length} --input files were given`, { file: path });
    const arrays = infos.map((info, i) => {
      const fitted = fitRunInput(inputs[i]!, { name: info.name, shape: info.shape, dtype: info.dtype, ...(norms[i] ? { metadata: norms[i] } : {}) }, flags);
      if (fitted.note !== null) note(fitted.note);
      return fitted.array;
    });
    const outs = rt.run(infos.map((info, i) => toRuntimeInput(arrays[i]!, inputs[i]!.file, info)));
    return rt.outputs().map((o, i) => {
      const raw = outs[i]!;
      const values = new Float32Array(raw.length);
      for (let k = 0; k < raw.length; k++) values[k] = o.scale !== 0 ? (Number(raw[k]) - o.zeroPoint) * o.scale : Number(raw[k]);
      return { name: o.name, shape: o.shape, values, raw: raw as ArrayLike<number>, dtype: o.dtype };
    });
  } finally {
    rt.dispose();
  }
}

export function readLabels(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
  } catch {
    return userError(Codes.FileNotFound, `${path}: cannot read the labels file`, { file: path });
  }
}

export function formatOutputs(outs: readonly OutputTensor[], labels: string[] | undefined, top: number): string {
  const lines: string[] = [];
  for (const o of outs) {
    lines.push(`${o.name}: ${o.dtype}[${o.shape.join(',')}]`);
    const classes = o.shape[o.shape.length - 1] ?? 1;
    if (classes > 1 && o.values.length === classes) {
      const idx = [...o.values.keys()].sort((a, b) => o.values[b]! - o.values[a]! || a - b).slice(0, top);
      for (const i of idx) lines.push(`  ${String(i).padStart(5)}  ${o.values[i]!.toFixed(5)}  ${labels?.[i] ?? ''}`.trimEnd());
    } else {
      const head = [...o.values.subarray(0, 10)].map((v) => Number(v.toPrecision(6)));
      lines.push(`  [${head.join(', ')}${o.values.length > 10 ? ', ...' : ''}]`);
    }
  }
  return lines.join('\n');
}

export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('run', argv, {
    input: { type: 'string', multiple: true },
    runtime: { type: 'string' },
    labels: { type: 'string' },
    top: { type: 'string' },
    mean: { type: 'string' },
    std: { type: 'string' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
    ...importFlags,
  });
  if (flag(p, 'help')) {
    io.stdout(runHelp + '\n');
    return 0;
  }
  const model = p.positionals[0];
  if (model === undefined) return userError(Codes.BadFlag, 'litec run: missing MODEL argument');
  const inputs = (p.values['input'] as string[] | undefined) ?? [];
  if (inputs.length === 0) return userError(Codes.BadFlag, 'litec run: missing --input X.npy (or an image)');
  const det = detectModel(model, BUILTIN_MODELS);
  const runtime = str(p, 'runtime') ?? (det.format === 'tflite' ? 'tflite' : 'interpreter');
  if (runtime !== 'tflite' && runtime !== 'interpreter') return userError(Codes.BadFlag, `litec run: --runtime must be tflite or interpreter, got '${runtime}'`);
  if (runtime === 'tflite' && det.format !== 'tflite') return userError(Codes.BadFlag, `litec run: --runtime tflite needs a .tflite model; compile ${model} first or use --runtime interpreter`);
  const mean = numbers(p, 'mean', 'run');
  const std = numbers(p, 'std', 'run');
  const flags: Normalization = { ...(mean ? { mean } : {}), ...(std ? { std } : {}) };
  const sources = await Promise.all(inputs.map((f) => readRunInput(f)));
  const note = (s: string): void => io.stderr(`litec: note: ${s}\n`);
  const tflite = det.format === 'tflite' ? tfliteFile(det.path) : undefined;
  const outs =
    runtime === 'tflite'
      ? await runTflite(tflite!, sources, flags, note)
      : await runWithInterpreter(model, sources, flags, note, importOptionsFromArgs(p, 'run'));
  const labelsPath = str(p, 'labels');
  // Without --labels, a .tflite's own labels file (packed with its metadata) names the classes.
  const embedded = labelsPath === undefined && tflite !== undefined ? embeddedLabels(tflite) : undefined;
  if (embedded !== undefined) io.stderr(`litec: note: class names from ${embedded.file} packed in the model\n`);
  const labels = labelsPath ? readLabels(labelsPath) : embedded?.labels;
  io.stdout(formatOutputs(outs, labels, intFlag(p, 'top', 'run') ?? 5) + '\n');
  const o = str(p, 'output');
  if (o !== undefined && outs[0]) await writeNpy(o, { dtype: 'float32', shape: outs[0].shape, data: outs[0].values });
  return 0;
}
