// TfliteRuntime: runs .tflite bytes in the real TFLite interpreter (WASM, XNNPACK) and copies the outputs out.
import { Codes } from '../diag/catalogue.js';
import { isLitecError, userError } from '../diag/diagnostic.js';
import { readTfliteModel } from '../emitters/tflite/schema/reader.js';
import type { TfliteModel } from '../emitters/tflite/schema/types.js';
import { instantiateTfliteWasm, type TfliteWasmModule, type TypedArray, type WasmModelRunner, type WasmTensorInfo } from './tflite-wasm.js';

export type { TypedArray } from './tflite-wasm.js';

/** Element types the runner reports. */
export type RuntimeDType = 'float32' | 'float64' | 'int32' | 'uint32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface RuntimeTensorInfo {
  /** Tensor index in subgraph 0. */
  index: number;
  name: string;
  dtype: RuntimeDType;
  shape: number[];
  /** Per-tensor quantization (first entry when per-axis); 0 and 0 for float tensors. */
  scale: number;
  zeroPoint: number;
}

export interface RuntimeOptions {
  /** Interpreter threads; the non-threaded WASM build runs on one. Default 1. */
  numThreads?: number;
  /** Names the model in error messages. */
  file?: string;
}

/** The array class each dtype is read and written with ('bool' is one byte per element). */
const ARRAY_OF: Readonly<Record<RuntimeDType, abstract new (n: number) => TypedArray>> = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array,
  int16: Int16Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array,
};

/** The XNNPACK start-up notice goes to stderr on every load; it is expected, so it is not kept. */
const EXPECTED_NOTICE = /Created TensorFlow Lite XNNPACK delegate/;

export class TfliteRuntime {
  private disposed = false;
  private readonly inputInfos: RuntimeTensorInfo[];
  private readonly outputInfos: RuntimeTensorInfo[];

  private constructor(
    private readonly wasm: TfliteWasmModule,
    private readonly runner: WasmModelRunner,
    private readonly modelPtr: number,
    private readonly inputViews: WasmTensorInfo[],
    private readonly outputViews: WasmTensorInfo[],
    private readonly messages: string[],
    private readonly file: string,
    model: TfliteModel | null,
  ) {
    this.inputInfos = inputViews.map((t) => describe(t, model));
    this.outputInfos = outputViews.map((t) => describe(t, model));
  }

  /**
   * Loads a model into a fresh interpreter instance. A model the runtime rejects → LitecError LC7001 with the
   * runtime's own message. Works offline: the WASM comes from the installed @tensorflow/tfjs-tflite package.
   */
  static async load(bytes: Uint8Array, options: RuntimeOptions = {}): Promise<TfliteRuntime> {
    const file = options.file ?? '<model>';
    const messages: string[] = [];
    const wasm = await instantiateTfliteWasm((line) => {
      if (!EXPECTED_NOTICE.test(line)) messages.push(line);
    });
    // The interpreter keeps pointing into this copy of the model for its whole life; freed in dispose().
    const ptr = wasm._malloc(bytes.length);
    wasm.HEAPU8.set(bytes, ptr);
    let status: ReturnType<TfliteWasmModule['TFLiteWebModelRunner']['CreateFromBufferAndOptions']>;
    try {
      status = wasm.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length, {
        numThreads: options.numThreads ?? 1,
        enableProfiling: false,
        maxProfilingBufferEntries: 1024,
      });
    } catch (e) {
      return userError(Codes.RuntimeRejected, `the TFLite runtime crashed loading the model: ${errorText(e, messages)}`, { file });
    }
    if (!status.ok()) {
      const why = status.errorMessage();
      status.delete();
      wasm._free(ptr);
      return userError(Codes.RuntimeRejected, `the TFLite runtime rejected the model: ${errorText(why, messages)}`, { file });
    }
    const runner = status.value();
    const inputs = vectorToArray(runner.GetInputs());
    const outputs = vectorToArray(runner.GetOutputs());
    return new TfliteRuntime(wasm, runner, ptr, inputs, outputs, messages, file, quantSource(bytes, file));
  }

  inputs(): RuntimeTensorInfo[] {
    return this.inputInfos.map((t) => ({ ...t, shape: [...t.shape] }));
  }

  outputs(): RuntimeTensorInfo[] {
    return this.outputInfos.map((t) => ({ ...t, shape: [...t.shape] }));
  }

  /** What the interpreter printed during the last load or run (warnings, errors), without the XNNPACK notice. */
  get log(): readonly string[] {
    return this.messages;
  }

  /**
   * Sets every input (one typed array per input, in order, of the input's array class and element count),
   * invokes the interpreter and returns copies of the outputs.
   */
  run(inputs: readonly TypedArray[]): TypedArray[] {
    if (this.disposed) throw new Error('TfliteRuntime.run after dispose()');
    if (inputs.length !== this.inputViews.length) {
      userError(Codes.BadInput, `the model takes ${this.inputViews.length} input(s), got ${inputs.length}`, { file: this.file });
    }
    try {
      this.inputViews.forEach((view, i) => {
        const info = this.inputInfos[i] as RuntimeTensorInfo;
        const given = inputs[i] as TypedArray;
        const target = view.data();
        // Subclasses pass (a Node Buffer is a Uint8Array); the runner's own class covers dtypes not listed.
        const want = (ARRAY_OF[info.dtype] as (typeof ARRAY_OF)[RuntimeDType] | undefined) ?? (target.constructor as (typeof ARRAY_OF)[RuntimeDType]);
        if (!(given instanceof want)) {
          userError(Codes.BadInput, `input ${i} ("${info.name}") is ${info.dtype}: pass a ${want.name}, not a ${given.constructor.name}`, { file: this.file });
        }
        if (given.length !== target.length) {
          userError(Codes.ShapeMismatch, `input ${i} ("${info.name}") of shape [${info.shape.join(', ')}] takes ${target.length} elements, got ${given.length}`, { file: this.file });
        }
        (target as { set(a: ArrayLike<number>): void }).set(given as ArrayLike<number>);
      });
      this.messages.length = 0;
      if (!this.runner.Infer()) {
        userError(Codes.RuntimeFailed, `the TFLite runtime failed to run the model: ${errorText('Invoke() failed', this.messages)}`, { file: this.file });
      }
      return this.outputViews.map((view) => view.data().slice());
    } catch (e) {
      if (isLitecError(e)) throw e;
      // A WebAssembly trap leaves the instance unusable: report it as a runtime failure and refuse further runs.
      this.dispose();
      return userError(Codes.RuntimeFailed, `the TFLite runtime crashed: ${errorText(e, this.messages)}`, { file: this.file });
    }
  }

  /** Frees the interpreter and the model copy; the instance's memory goes with it. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      for (const v of [...this.inputViews, ...this.outputViews]) v.delete();
      this.runner.delete();
      this.wasm._free(this.modelPtr);
    } catch {
      // After a trap the heap may be inconsistent; the instance is dropped either way.
    }
  }
}

function vectorToArray(v: { size(): number; get(i: number): WasmTensorInfo; delete(): void }): WasmTensorInfo[] {
  try {
    const out: WasmTensorInfo[] = [];
    for (let i = 0; i < v.size(); i++) out.push(v.get(i));
    return out;
  } finally {
    v.delete();
  }
}

/** Our own reader supplies quantization, which the runner does not report; null if it cannot read the file. */
function quantSource(bytes: Uint8Array, file: string): TfliteModel | null {
  try {
    return readTfliteModel(bytes, file);
  } catch (e) {
    if (isLitecError(e)) return null;
    throw e;
  }
}

function describe(t: WasmTensorInfo, model: TfliteModel | null): RuntimeTensorInfo {
  const q = model?.subgraphs[0]?.tensors[t.id]?.quantization;
  return {
    index: t.id,
    name: t.name,
    dtype: t.dataType as RuntimeDType,
    shape: t.shape === '' ? [] : t.shape.split(',').map(Number),
    scale: q?.scale[0] ?? 0,
    zeroPoint: q?.zeroPoint[0] ?? 0,
  };
}

function errorText(e: unknown, messages: readonly string[]): string {
  const main = e instanceof Error ? e.message : String(e);
  const extra = messages.filter((m) => m.trim() !== '' && !main.includes(m.trim()));
  return extra.length > 0 ? `${main} (${extra.join('; ')})` : main;
}
