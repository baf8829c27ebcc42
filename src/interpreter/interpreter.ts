// The float reference interpreter: runs a func of the IR on tfjs-core, op by op, freeing each value after its last use.
import * as tf from '@tensorflow/tfjs-core';
import { Codes } from '../diag/catalogue.js';
import { isLitecError, userError } from '../diag/diagnostic.js';
import type { TypedArray } from '../ir/attributes.js';
import type { Func, Module, Value } from '../ir/core.js';
import { BackendInfo, BackendOptions, initBackend } from './backend.js';
import { ConstCache } from './float/const-cache.js';
import { InputArray, fromTensorData } from './float/dtypes.js';
import { InputShapeOptions, checkInputTensors, inputTensors } from './float/io.js';
import type { KernelTable } from './float/kernel.js';
import { dequantizeTensor, quantizeTensor } from './float/kernels-quant.js';
import { describeOp } from './float/op-utils.js';
import { Plan, Slot, Step, buildPlan } from './float/plan.js';
import { tfKernels } from './float/tf-kernels.js';
import { tflKernels, tflOperandPreps } from './float/tfl-kernels.js';

/**
 * Sees every value of a run once: arguments and constants first, then each op's results right after the op.
 * The tensor is only valid during the call (it may be freed right after): copy what you need, and free tensors you
 * make (tf.tidy). Values of quantized types hold their storage integers (int32), not real values.
 */
export type ValueObserver = (value: Value, tensor: tf.Tensor) => void;

export interface InterpreterOptions extends BackendOptions {
  /** The func to run (default: @main, else the first). */
  readonly func?: string;
  /** Extra kernels; they override the built-in ones of the same name. */
  readonly kernels?: KernelTable;
  /** Observer for every run (a run's own observer replaces it). */
  readonly onValue?: ValueObserver;
}

export interface RunOptions extends InputShapeOptions {
  readonly onValue?: ValueObserver;
}

export interface RunOutput {
  /** Float32Array for float results; the storage integers' array (Int8Array, ...) for quantized ones. */
  readonly data: TypedArray;
  readonly shape: number[];
}

type Env = (tf.Tensor | undefined)[];

/**
 * Quantized types: a value of a quantized type holds its storage integers. tfl.quantize computes
 * clamp(round_half_away(x / scale) + zero_point) and tfl.dequantize scale * (q - zero_point), as TFLite does, so a
 * quantize → dequantize pair is a fake-quant of its input. Any other op that reads or writes quantized values is
 * simulated in float: its quantized operands are dequantized, the float kernel runs, and quantized results are
 * quantized again. That is close to, but not bit-exact with, TFLite's integer kernels (use the integer interpreter
 * for those); quantized weights feeding float ops (dynamic-range models) are dequantized once and cached.
 */
export class Interpreter {
  private readonly cache: ConstCache;
  private disposed = false;

  private constructor(
    private readonly plan: Plan,
    readonly backend: BackendInfo,
    private readonly defaultObserver: ValueObserver | undefined,
  ) {
    this.cache = new ConstCache(plan.keepRaw, (op) => {
      const step = plan.derivations.get(op);
      if (step === undefined) throw new Error(`internal: ${describeOp(op)} is not a derived constant`);
      return this.runStep(step, []);
    });
  }

  /** Picks the backend (WASM, else CPU) and plans the func; fails here for ops without a float kernel. */
  static async create(module: Module, opts: InterpreterOptions = {}): Promise<Interpreter> {
    const backend = await initBackend(opts.backend === undefined ? {} : { backend: opts.backend });
    let func: Func | undefined;
    if (opts.func !== undefined) {
      func = module.func(opts.func);
      if (func === undefined) userError(Codes.BadInput, `the module has no func @${opts.func} (it has ${module.funcs.map((f) => `@${f.name}`).join(', ') || 'none'})`);
    } else {
      if (module.funcs.length === 0) userError(Codes.BadInput, 'the module has no func to run');
      func = module.main();
    }
    const kernels: KernelTable = { ...tflKernels, ...tfKernels, ...(opts.kernels ?? {}) };
    return new Interpreter(buildPlan(func, kernels, tflOperandPreps), backend, opts.onValue);
  }

  get func(): Func {
    return this.plan.func;
  }

  /** Tensors the interpreter keeps between runs (uploaded constants in the forms kernels use). */
  get cachedTensorCount(): number {
    return this.cache.tensorCount;
  }

  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /**
   * Runs on typed arrays, one per func argument (Float32Array for float inputs, the storage integers' array for
   * quantized ones), and returns each result's data and shape.
   */
  async run(inputs: readonly InputArray[], opts: RunOptions = {}): Promise<RunOutput[]> {
    this.checkLive();
    const args = inputTensors(this.plan.func, inputs, opts);
    const outs = this.execute(args, true, opts.onValue ?? this.defaultObserver);
    try {
      const results = this.plan.func.results();
      const out: RunOutput[] = [];
      for (let i = 0; i < outs.length; i++) {
        const t = outs[i]!;
        out.push({ data: fromTensorData(await t.data(), results[i]!.type), shape: [...t.shape] });
      }
      return out;
    } finally {
      for (const t of outs) t.dispose();
    }
  }

  /**
   * Runs on tensors (storage integers in int32 for quantized inputs). The inputs stay the caller's; the caller
   * owns and must dispose the returned tensors.
   */
  runTensors(inputs: readonly tf.Tensor[], opts: { readonly onValue?: ValueObserver } = {}): tf.Tensor[] {
    this.checkLive();
    checkInputTensors(this.plan.func, inputs);
    return this.execute(inputs, false, opts.onValue ?? this.defaultObserver);
  }

  /** Frees the cached constants; the interpreter cannot run afterwards. */
  dispose(): void {
    this.cache.dispose();
    this.disposed = true;
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('internal: Interpreter used after dispose()');
  }

  /** `owned`: the args are ours to free (run), else they are borrowed (runTensors) and never freed. */
  private execute(args: readonly tf.Tensor[], owned: boolean, onValue: ValueObserver | undefined): tf.Tensor[] {
    const plan = this.plan;
    const env: Env = new Array<tf.Tensor | undefined>(plan.values.length);
    const borrowed = owned ? undefined : new Set(args);
    const release = (id: number): void => {
      const t = env[id];
      env[id] = undefined;
      if (t !== undefined && !borrowed?.has(t)) t.dispose();
    };
    plan.argIds.forEach((id, i) => (env[id] = args[i]));
    try {
      if (onValue !== undefined) {
        plan.argIds.forEach((id) => onValue(plan.values[id]!, env[id]!));
        // Raw forms fetched only to be observed are not kept (the cache stays the same size with or without).
        for (const c of plan.constants) {
          onValue(c, this.cache.raw(c));
          this.cache.dropRaw(c);
        }
        this.cache.settle();
      }
      for (const id of plan.unusedArgIds) release(id);
      for (const step of plan.steps) {
        const outs = this.runStep(step, env);
        step.results.forEach((id, k) => {
          env[id] = outs[k];
          if (onValue !== undefined) onValue(plan.values[id]!, outs[k]!);
        });
        for (const id of step.frees) release(id);
        this.cache.settle();
      }
      return this.collectOutputs(env, borrowed);
    } catch (e) {
      for (let id = 0; id < env.length; id++) release(id);
      this.cache.settle();
      throw e;
    }
  }

  private runStep(step: Step, env: Env): tf.Tensor[] {
    const { op } = step;
    // The tensors the kernel reads as they are: if it hands one back, the result must be a copy of its own.
    const sources: tf.Tensor[] = [];
    let outs: tf.Tensor[];
    try {
      outs = tf.tidy(() => {
        const ins = step.operands.map((slot, i) => {
          if (slot.kind === 'const') {
            const c = this.cache.get(slot, op);
            sources.push(c);
            return c;
          }
          let t = env[slot.id]!;
          sources.push(t);
          const q = step.dequant[i];
          if (q !== undefined) t = dequantizeTensor(t, q, op);
          const prep = step.preps[i];
          return prep === undefined ? t : prep.apply(op, t);
        });
        const r = step.kernel(op, ins);
        const quantOut = step.quantOut;
        return quantOut === undefined ? r : r.map((t, k) => (quantOut[k] === undefined ? t : quantizeTensor(t, quantOut[k]!, op)));
      });
    } catch (e) {
      if (isLitecError(e)) throw e;
      throw new Error(`internal: the float kernel of ${describeOp(op)} failed: ${(e as Error).message ?? String(e)}`, { cause: e });
    }
    if (outs.length !== op.results.length) {
      for (const t of outs) if (!sources.includes(t)) t.dispose();
      throw new Error(`internal: the float kernel of ${describeOp(op)} returned ${outs.length} tensors for ${op.results.length} results`);
    }
    return outs.map((t, k) => (sources.includes(t) || outs.indexOf(t) !== k ? tf.clone(t) : t));
  }

  /** The returned values, handed to the caller: constants, borrowed args and repeats are copies. */
  private collectOutputs(env: Env, borrowed: ReadonlySet<tf.Tensor> | undefined): tf.Tensor[] {
    const taken = new Set<number>();
    const out: tf.Tensor[] = [];
    try {
      for (const slot of this.plan.outputs) out.push(this.takeOutput(slot, env, borrowed, taken));
    } catch (e) {
      for (const t of out) t.dispose();
      throw e;
    }
    for (const id of taken) env[id] = undefined;
    return out;
  }

  private takeOutput(slot: Slot, env: Env, borrowed: ReadonlySet<tf.Tensor> | undefined, taken: Set<number>): tf.Tensor {
    if (slot.kind === 'const') return tf.clone(this.cache.raw(slot.value));
    const t = env[slot.id];
    if (t === undefined) throw new Error('internal: a returned value was freed before the end of the run');
    if (taken.has(slot.id) || borrowed?.has(t)) return tf.clone(t);
    taken.add(slot.id);
    return t;
  }
}
