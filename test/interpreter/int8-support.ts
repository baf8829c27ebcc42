// Helpers for the int8 interpreter tests: quantized types, constants and one-op modules built in code.
import { dense, type Attr } from '../../src/ir/attributes.js';
import type { Builder } from '../../src/ir/builder.js';
import type { Module, Value } from '../../src/ir/core.js';
import type { OpDef } from '../../src/ir/opdef.js';
import { perAxisQuant, perTensorQuant, tensorType, type QuantStorage, type TensorType } from '../../src/ir/types.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { importTfliteFile } from '../../src/importers/tflite/import.js';
import { decodeImage, resizeBilinear } from '../../src/interpreter/datasets/index.js';
import { Int8Interpreter, type Int8InputArray, type TensorData } from '../../src/interpreter/int8/index.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { newFunc } from '../support/build.js';
import { sharedModel } from '../support/shared-models.js';

/** A per-tensor quantized type (expressed type f32, as the TFLite importer makes them). */
export function qt(shape: number[], storage: QuantStorage, scale: number, zeroPoint = 0): TensorType {
  return tensorType(shape, 'f32', perTensorQuant(storage, scale, zeroPoint));
}

/** A per-axis quantized type. */
export function qtAxis(shape: number[], storage: QuantStorage, axis: number, scales: number[]): TensorType {
  return tensorType(shape, 'f32', perAxisQuant(storage, axis, scales));
}

/** A constant of a quantized (or i32) type holding `values` in its storage array. */
export function qconst(b: Builder, type: TensorType, values: number[]): Value {
  const storage = type.quant?.storage ?? type.elem;
  const data =
    storage === 'i8' ? Int8Array.from(values) : storage === 'u8' ? Uint8Array.from(values) : storage === 'i32' ? Int32Array.from(values) : Float32Array.from(values);
  return b.constant(dense(type, data));
}

/** An i32 shape/axis constant. */
export function i32const(b: Builder, values: number[], shape = [values.length]): Value {
  return b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(values)));
}

/**
 * A module whose @main takes `argTypes` and returns the single result (of `resultType`) of one `def` op;
 * `extra` builds the op's constant operands after the arguments.
 */
export function oneOp(def: OpDef, argTypes: TensorType[], resultType: TensorType, attrs: Record<string, Attr>, extra: (b: Builder) => Value[] = () => []): Module {
  const { m, b, args, ret } = newFunc(argTypes);
  const op = b.create(def, [...args, ...extra(b)], attrs, [resultType]);
  ret(op.result(0));
  return m;
}

/** |a - b| counts: hist[d] = number of elements whose difference is d. */
export function diffHistogram(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const hist: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    hist[d] = (hist[d] ?? 0) + 1;
  }
  return Array.from(hist, (c) => c ?? 0);
}

/** Index of the first largest element. */
export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}

// ---- real-runtime comparisons

/** One named input set for a model (one typed array per model input). */
export interface NamedInput {
  label: string;
  arrays: Int8InputArray[];
}

export interface ModelComparison {
  /** |ours - runtime| counts over every output element of every input. */
  hist: number[];
  rows: { label: string; ours: number[]; theirs: number[]; maxDiff: number }[];
}

/** Runs each input through the int8 interpreter and the real TFLite runtime; compares output 0. */
export async function compareWithRuntime(file: string, inputs: readonly NamedInput[]): Promise<ModelComparison> {
  const it = Int8Interpreter.create(importTfliteFile(file));
  const rt = await TfliteRuntime.load(new Uint8Array(readFileSync(file)), { file });
  const hist: number[] = [];
  const rows: ModelComparison['rows'] = [];
  try {
    for (const input of inputs) {
      const ours = Array.from(it.run(input.arrays)[0]! as ArrayLike<number>);
      const theirs = Array.from(rt.run(input.arrays)[0]! as ArrayLike<number>);
      const h = diffHistogram(ours, theirs);
      h.forEach((c, d) => (hist[d] = (hist[d] ?? 0) + c));
      rows.push({ label: input.label, ours, theirs, maxDiff: h.length - 1 });
    }
  } finally {
    rt.dispose();
  }
  return { hist: Array.from(hist, (c) => c ?? 0), rows };
}

export interface LayerComparison {
  index: number;
  op: string;
  shape: readonly number[];
  /** |ours - runtime| counts for this op's result when it is computed from the runtime's own inputs. */
  hist: number[];
}

/**
 * Per-layer comparison: the model is re-emitted with every op result as an output so one runtime run exposes all
 * intermediates; the interpreter then runs with each result replaced by the runtime's tensor, so every kernel is
 * checked on exactly the inputs the runtime's kernel saw.
 */
export async function compareLayers(file: string, inputs: Int8InputArray[]): Promise<LayerComparison[]> {
  const exposed = importTfliteFile(file);
  const main = exposed.main();
  const results = [...main.ops()].filter((op) => op.name !== 'arith.constant' && op.name !== 'func.return').map((op) => op.result(0));
  main.returnOp().setOperands(results);
  main.resultTypes = results.map((v) => v.type);
  while (main.resultAttrs.length < results.length) main.resultAttrs.push(new Map());
  const rt = await TfliteRuntime.load(emitTflite(exposed), { file });
  let theirs: ArrayLike<number>[];
  try {
    theirs = rt.run(inputs) as ArrayLike<number>[];
  } finally {
    rt.dispose();
  }
  const module = importTfliteFile(file);
  const ops = [...module.main().ops()].filter((op) => op.name !== 'arith.constant' && op.name !== 'func.return');
  const indexOf = new Map(ops.map((op, i) => [op, i]));
  const layers: LayerComparison[] = [];
  Int8Interpreter.create(module).run(inputs, {
    onValue: (v, data, shape) => {
      const i = indexOf.get(v.producer!)!;
      layers.push({ index: i, op: v.producer!.name, shape, hist: diffHistogram(data as ArrayLike<number>, theirs[i]!) });
    },
    replace: (v) => theirs[indexOf.get(v.producer!)!] as TensorData,
  });
  return layers;
}

/** The shared images, decoded and resized (bilinear, half-pixel centres) to size x size uint8 RGB. */
export function sharedImages(size = 224): { label: string; pixels: Uint8Array }[] {
  const dir = sharedModel('images');
  return readdirSync(dir)
    .filter((f) => /\.(bmp|jpg)$/.test(f))
    .sort()
    .map((f) => {
      const img = decodeImage(new Uint8Array(readFileSync(join(dir, f))), f);
      const box = { top: 0, left: 0, height: img.height, width: img.width };
      const resized = resizeBilinear(img.data, img.width, 3, box, size, size);
      const pixels = new Uint8Array(resized.length);
      for (let i = 0; i < resized.length; i++) pixels[i] = Math.min(255, Math.max(0, Math.round(resized[i]!)));
      return { label: f, pixels };
    });
}

/** Formats a histogram as "0:997 1:3 3:1". */
export function formatHistogram(hist: readonly number[]): string {
  return hist.map((c, d) => (c > 0 ? `${d}:${c}` : '')).filter(Boolean).join(' ');
}
