// `litec run --runtime interpreter`: imports any model and runs it with litec's reference interpreter (the float
// interpreter for float models, the integer interpreter with TFLite's arithmetic for quantized ones).
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import type { Func } from '../ir/core.js';
import type { TensorType } from '../ir/types.js';
import { ImportOptions, importModel } from '../importers/load.js';
import { Interpreter } from '../interpreter/interpreter.js';
import { Int8Interpreter, type Int8InputArray } from '../interpreter/int8/index.js';
import { NpyArray, npyToFloat32 } from '../interpreter/npy.js';
import { fitInput, type OutputTensor } from './run.js';
import { fitRunInput, type Normalization, type RunInput } from './run-inputs.js';
import { metadataNormalization } from '../driver/hooks.js';
import { isQuantized } from '../driver/compile.js';


/** The array an integer-interpreter input wants: storage integers, quantizing float data with the input's params. */
function int8Input(arr: NpyArray, file: string, type: TensorType): Int8InputArray {
  const q = type.quant;
  const f = npyToFloat32(arr);
  if (q === undefined) return f;
  if ((q.storage === 'i8' && arr.dtype === 'int8') || (q.storage === 'u8' && arr.dtype === 'uint8')) return arr.data as Int8Array | Uint8Array;
  if (q.storage !== 'i8' && q.storage !== 'u8') return userError(Codes.BadInput, `${file}: a ${q.storage} quantized input cannot be fed from .npy yet`, { file });
  const out = q.storage === 'i8' ? new Int8Array(f.length) : new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.min(q.storageMax, Math.max(q.storageMin, Math.round(f[i]! / q.scales[0]!) + q.zeroPoints[0]!));
  return out;
}

function output(f: Func, i: number, data: ArrayLike<number> | readonly number[], shape: readonly number[]): OutputTensor {
  const t = f.resultTypes[i]!;
  const q = t.quant;
  const values = new Float32Array(data.length);
  for (let k = 0; k < data.length; k++) values[k] = q === undefined ? Number(data[k]) : (Number(data[k]) - q.zeroPoints[0]!) * q.scales[0]!;
  const raw = q === undefined ? t.elem : q.storage;
  const dtype = DTYPES[raw] ?? raw;
  return { name: f.resultName(i) ?? `output_${i}`, shape: [...shape], values, raw: data, dtype };
}

const DTYPES: Record<string, string> = { f32: 'float32', f16: 'float16', i8: 'int8', u8: 'uint8', i16: 'int16', i32: 'int32', i64: 'int64', bool: 'bool' };

export async function runWithInterpreter(
  model: string,
  inputs: RunInput[],
  flags: Normalization,
  note: (s: string) => void,
  opts: ImportOptions,
): Promise<OutputTensor[]> {
  const imported = await importModel(model, opts);
  const module = imported.module;
  const f = module.main();
  const files = inputs.map((i) => i.file);
  if (inputs.length !== f.args.length) userError(Codes.BadInput, `${imported.path}: the model has ${f.args.length} inputs but ${inputs.length} --input files were given`, { file: imported.path });
  const norm = metadataNormalization(module);
  const arrays = inputs.map((input, i) => {
    const t = f.args[i]!.type;
    if (input.kind === 'image' && t.shape === null) userError(Codes.BadInput, `input ${i} has no known shape: an image cannot be fitted to it; pass --input-shape`, { file: input.file });
    const target = { name: f.argName(i) ?? `input ${i}`, shape: (t.shape ?? []).map((d) => Math.max(1, d)), dtype: DTYPES[t.quant?.storage ?? t.elem] ?? t.elem };
    const fitted = fitRunInput(input, i === 0 ? { ...target, metadata: norm } : target, flags);
    if (fitted.note !== null) note(fitted.note);
    return fitted.array;
  });
  f.args.forEach((a, i) => {
    const shape = a.type.shape;
    if (shape !== null) fitInput(arrays[i]!, files[i]!, f.argName(i) ?? `input ${i}`, shape);
  });
  if (isQuantized(module)) {
    const interp = Int8Interpreter.create(module);
    const outs = interp.run(arrays.map((a, i) => int8Input(a, files[i]!, f.args[i]!.type)));
    return outs.map((d, i) => output(f, i, d, f.resultTypes[i]!.shape?.map((x) => Math.max(1, x)) ?? [d.length]));
  }
  const interp = await Interpreter.create(module);
  try {
    const shapes = f.args.map((a) => (a.type.shape === null ? undefined : a.type.shape.map((d) => Math.max(1, d))));
    const outs = await interp.run(arrays.map((a) => npyToFloat32(a)), { shapes });
    return outs.map((o, i) => output(f, i, o.data instanceof BigInt64Array ? Array.from(o.data, Number) : o.data, o.shape));
  } finally {
    interp.dispose();
  }
}
