// Loads the real TFLite interpreter (tfjs-tflite's emscripten WASM build) in plain Node: no browser shims, no network.
//
// Why this route and not tfjs-tflite's `loadTFLiteModel`: the public API takes and returns tfjs-core tensors
// (int8/int16 outputs come back widened to int32, outputs are keyed by name so duplicate names collapse), and
// its loader feature-detects SharedArrayBuffer (present in Node) and so picks the pthread build, which needs Web
// Workers, then fetches the glue with importScripts/XHR. One level below it, the emscripten module exposes the
// same model runner the public API wraps (TFLiteWebModelRunner: inputs/outputs with zero-copy data() views);
// we evaluate the non-threaded SIMD glue ourselves and hand its factory the wasm file's bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/** Typed arrays the runner hands out for tensor data. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Int16Array | Int8Array | Uint8Array;

// The project compiles without the DOM lib, so the few WebAssembly JS API pieces used here are typed locally.
/** A compiled WebAssembly.Module (opaque here). */
interface WasmCompiled {
  readonly __wasmModule: unique symbol;
}
/** A WebAssembly.Instance (opaque here). */
interface WasmInstance {
  readonly __wasmInstance: unique symbol;
}
interface WasmJsApi {
  compile(bytes: Uint8Array): Promise<WasmCompiled>;
  instantiate(module: WasmCompiled, imports: object): Promise<WasmInstance>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmJsApi }).WebAssembly;

/** An embind std::vector. */
interface EmVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}

/** The runner's view of an input or output tensor; `data()` is a live view into the WASM heap. */
export interface WasmTensorInfo {
  readonly id: number;
  readonly dataType: string;
  readonly name: string;
  /** Comma-separated dimensions, e.g. "1,224,224,3". */
  readonly shape: string;
  data(): TypedArray;
  delete(): void;
}

export interface WasmModelRunner {
  GetInputs(): EmVector<WasmTensorInfo>;
  GetOutputs(): EmVector<WasmTensorInfo>;
  Infer(): boolean;
  delete(): void;
}

interface WasmStatusOrRunner {
  ok(): boolean;
  errorMessage(): string;
  value(): WasmModelRunner;
  delete(): void;
}

export interface WasmRunnerOptions {
  numThreads: number;
  enableProfiling: boolean;
  maxProfilingBufferEntries: number;
}

/** The parts of the emscripten module this project uses. */
export interface TfliteWasmModule {
  readonly HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  readonly TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(ptr: number, size: number, options: WasmRunnerOptions): WasmStatusOrRunner;
  };
}

interface FactoryOptions {
  print(line: string): void;
  printErr(line: string): void;
  instantiateWasm(imports: object, receive: (instance: WasmInstance, module: WasmCompiled) => void): object;
}

type ModuleFactory = (options: FactoryOptions) => Promise<TfliteWasmModule>;

/** The glue defines this global-scope `var`; we evaluate it inside a function and return it instead. */
const FACTORY_NAME = 'tflite_web_api_ModuleFactory';
const FLAVOUR = 'tflite_web_api_cc_simd';

interface CompiledRuntime {
  factory: ModuleFactory;
  module: WasmCompiled;
}

/**
 * Compiled once per process and shared (read-only after creation): the glue's factory and the compiled
 * WebAssembly.Module. Each instance gets its own memory, so a runtime that aborts cannot poison another.
 */
let compiled: Promise<CompiledRuntime> | undefined;

function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
}

async function compile(): Promise<CompiledRuntime> {
  const dir = wasmDir();
  const glue = readFileSync(join(dir, `${FLAVOUR}.js`), 'utf8');
  const factory = vm.runInThisContext(`(function () {\n${glue}\nreturn ${FACTORY_NAME};\n})`, {
    filename: join(dir, `${FLAVOUR}.js`),
  }) as () => ModuleFactory;
  const module = await wasmApi.compile(readFileSync(join(dir, `${FLAVOUR}.wasm`)));
  return { factory: factory(), module };
}

/** Sink for the interpreter's stdout/stderr lines of one instance. */
export type LogSink = (line: string, stream: 'out' | 'err') => void;

/** A fresh interpreter instance (own heap), compiling the WASM on first use in the process. */
export async function instantiateTfliteWasm(log: LogSink): Promise<TfliteWasmModule> {
  compiled ??= compile();
  let c: CompiledRuntime;
  try {
    c = await compiled;
  } catch (e) {
    compiled = undefined; // let a later call retry (e.g. after a transient file-system error)
    throw e;
  }
  return new Promise<TfliteWasmModule>((resolve, reject) => {
    c.factory({
      print: (line) => log(line, 'out'),
      printErr: (line) => log(line, 'err'),
      // emscripten's hook: instantiate from our compiled module; returning {} means "async, wait for receive".
      instantiateWasm: (imports, receive) => {
        wasmApi.instantiate(c.module, imports).then((instance) => receive(instance, c.module), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}
