// Int8Interpreter: runs a quantized tfl func with TFLite's integer reference kernels, op by op, through a kernel table.
import { denseToFloat32, type DenseAttr } from '../../ir/attributes.js';
import type { Func, Module, Operation, Value } from '../../ir/core.js';
import { numElements, printType, storageElem, type TensorType } from '../../ir/types.js';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { KernelScratch, type Int8Kernel, type Int8KernelTable } from './kernel.js';
import { INT8_KERNELS } from './kernel-table.js';
import { opWhere, type QTensor, type TensorData } from './tensor.js';

/** Arrays a caller passes as inputs: Int8Array / Uint8Array for quantized inputs, Float32Array for float ones. */
export type Int8InputArray = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array;

export interface Int8InterpreterOptions {
  /** The func to run (default: @main, else the first). */
  func?: string;
  /** Replaces the kernel table (tests use this to run a kernel in isolation or to count calls). */
  kernels?: Int8KernelTable;
}

export interface Int8RunOptions {
  /**
   * Called with every op result right after it is computed, for per-layer comparisons. The arrays belong to the
   * interpreter: copy them to keep them.
   */
  onValue?: (value: Value, data: TensorData, shape: readonly number[]) => void;
  /**
   * After a result is computed (and shown to onValue), the run continues with the data this returns instead, when it
   * returns any: feeding every op the real runtime's tensors checks each kernel in isolation ("teacher forcing").
   * The data must have the value's storage type and element count.
   */
  replace?: (value: Value) => TensorData | undefined;
}

interface Step {
  readonly op: Operation;
  readonly kernel: Int8Kernel;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Slots whose last reader is this step: dropped after it runs so their memory can be reclaimed. */
  readonly release: readonly number[];
}

const ARRAY_FOR: Partial<Record<string, { name: string; is: (a: unknown) => boolean }>> = {
  i8: { name: 'Int8Array', is: (a) => a instanceof Int8Array },
  u8: { name: 'Uint8Array', is: (a) => a instanceof Uint8Array },
  i16: { name: 'Int16Array', is: (a) => a instanceof Int16Array },
  i32: { name: 'Int32Array', is: (a) => a instanceof Int32Array },
  f32: { name: 'Float32Array', is: (a) => a instanceof Float32Array },
};

export class Int8Interpreter {
  private constructor(
    private readonly func: Func,
    private readonly steps: readonly Step[],
    private readonly slotCount: number,
    private readonly constants: ReadonlyMap<number, QTensor>,
    private readonly resultSlots: readonly number[],
  ) {}

  /** Prepares every op of the module's entry func (multipliers, tables, offset weights) once. */
  static create(module: Module, options: Int8InterpreterOptions = {}): Int8Interpreter {
    const func = options.func === undefined ? module.main() : module.func(options.func);
    if (func === undefined) return userError(Codes.BadInput, `int8 interpreter: the module has no func @${options.func}`);
    const table = options.kernels ?? INT8_KERNELS;
    const slots = new Map<Value, number>();
    func.args.forEach((a, i) => slots.set(a, i));
    const slotOf = (v: Value, op: Operation): number => {
      const s = slots.get(v);
      if (s === undefined) throw new Error(`internal: ${opWhere(op)} reads a value defined later or elsewhere`);
      return s;
    };
    const missing = new Map<string, number>();
    for (const op of func.ops()) {
      if (op.name !== 'arith.constant' && op.name !== 'func.return' && table[op.name] === undefined) missing.set(op.name, (missing.get(op.name) ?? 0) + 1);
    }
    if (missing.size > 0) {
      const list = [...missing].map(([n, c]) => `${n} (${c}x)`).join(', ');
      userError(Codes.UnsupportedOp, `int8 interpreter: no integer kernel for ${list}; supported: ${Object.keys(table).join(', ')}`);
    }

    const constants = new Map<number, QTensor>();
    const scratch = new KernelScratch();
    const pending: Omit<Step, 'release'>[] = [];
    let resultSlots: number[] = [];
    let next = func.args.length;
    for (const op of func.ops()) {
      if (op.name === 'func.return') {
        resultSlots = op.operands.map((v) => slotOf(v, op));
        continue;
      }
      if (op.name === 'arith.constant') {
        constants.set(next, constantTensor(op));
        slots.set(op.result(0), next++);
        continue;
      }
      const kernel = table[op.name]!(op, scratch);
      const inputs = op.operands.map((v) => slotOf(v, op));
      const outputs = op.results.map((r) => {
        slots.set(r, next);
        return next++;
      });
      pending.push({ op, kernel, inputs, outputs });
    }
    // Liveness: a slot is released after its last reader, unless the func returns it.
    const lastReader = new Map<number, number>();
    pending.forEach((s, i) => s.inputs.forEach((slot) => lastReader.set(slot, i)));
    for (const r of resultSlots) lastReader.delete(r);
    const release: number[][] = pending.map(() => []);
    for (const [slot, i] of lastReader) if (slot >= func.args.length && !constants.has(slot)) release[i]!.push(slot);
    const steps = pending.map((s, i) => ({ ...s, release: release[i]! }));
    return new Int8Interpreter(func, steps, next, constants, resultSlots);
  }

  /** Types of the func's inputs, in order (their storage type says which array class `run` takes). */
  inputTypes(): TensorType[] {
    return this.func.args.map((a) => a.type);
  }

  /** Runs the func on one set of inputs; returns the results as fresh arrays. */
  run(inputs: readonly Int8InputArray[], options: Int8RunOptions = {}): TensorData[] {
    const values = new Array<QTensor | undefined>(this.slotCount);
    for (const [slot, t] of this.constants) values[slot] = t;
    if (inputs.length !== this.func.args.length) {
      userError(Codes.BadInput, `int8 interpreter: the model takes ${this.func.args.length} input(s), got ${inputs.length}`);
    }
    this.func.args.forEach((arg, i) => {
      values[i] = inputTensor(arg, i, inputs[i]!);
    });
    for (const step of this.steps) {
      const args = step.inputs.map((s) => values[s]!);
      const results = step.kernel(args);
      if (results.length !== step.outputs.length) throw new Error(`internal: ${opWhere(step.op)} kernel returned ${results.length} results`);
      results.forEach((t, k) => {
        const v = step.op.result(k);
        checkResult(step.op, v, t);
        options.onValue?.(v, t.data, t.shape);
        const substitute = options.replace?.(v);
        if (substitute !== undefined && (substitute.length !== t.data.length || substitute.constructor !== t.data.constructor)) {
          userError(Codes.BadInput, `int8 interpreter: the replacement for a result of ${opWhere(step.op)} must be a ${t.data.constructor.name} of ${t.data.length} elements`);
        }
        values[step.outputs[k]!] = substitute === undefined ? t : { data: substitute, shape: t.shape };
      });
      for (const s of step.release) values[s] = undefined;
    }
    return this.resultSlots.map((s) => values[s]!.data.slice() as TensorData);
  }
}

/** A constant operand as a run-time tensor (splats expanded, i64 shapes narrowed to int32). */
function constantTensor(op: Operation): QTensor {
  const d = op.denseAttr('value');
  const shape = d.type.shape ?? [d.data.length];
  const n = numElements(d.type) ?? d.data.length;
  return { data: constantData(op, d, n), shape };
}

function constantData(op: Operation, d: DenseAttr, n: number): TensorData {
  const src = d.data;
  if (src instanceof BigInt64Array) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[src.length === 1 ? 0 : i]!;
      if (v > 2147483647n || v < -2147483648n) userError(Codes.UnsupportedOp, `int8 interpreter: ${opWhere(op)}: int64 constant value ${v} does not fit int32`, { loc: op.loc });
      out[i] = Number(v);
    }
    return out;
  }
  if (src instanceof Int8Array || src instanceof Uint8Array || src instanceof Int16Array || src instanceof Int32Array || src instanceof Float32Array) {
    if (src.length === n) return src;
    const Ctor = src.constructor as new (k: number) => TensorData;
    const out = new Ctor(n);
    out.fill(src[0] ?? 0);
    return out;
  }
  if (src instanceof Array) return userError(Codes.UnsupportedOp, `int8 interpreter: ${opWhere(op)}: string constants are not supported`, { loc: op.loc });
  return denseToFloat32(d);
}

/** Checks a caller's input against the argument type and gives it its concrete shape. */
function inputTensor(arg: Value, i: number, data: Int8InputArray): QTensor {
  const t = arg.type;
  const elem = storageElem(t);
  const want = ARRAY_FOR[elem];
  if (want === undefined) return userError(Codes.BadInput, `int8 interpreter: input ${i} has type ${printType(t)}, which the int8 interpreter cannot take`);
  if (!want.is(data)) {
    return userError(Codes.BadInput, `int8 interpreter: input ${i} (${printType(t)}) must be a ${want.name}, got ${(data as object)?.constructor?.name ?? typeof data}`);
  }
  const shape = t.shape === null ? [data.length] : [...t.shape];
  const known = shape.reduce((a, d) => (d >= 0 ? a * d : a), 1);
  const dynamic = shape.filter((d) => d < 0).length;
  if (dynamic > 1) return userError(Codes.BadInput, `int8 interpreter: input ${i} (${printType(t)}) has more than one unknown dimension; give the model a static shape`);
  if (dynamic === 1 ? known === 0 || data.length % known !== 0 : data.length !== known) {
    return userError(Codes.ShapeMismatch, `int8 interpreter: input ${i} (${printType(t)}) cannot hold ${data.length} elements`);
  }
  return { data, shape: shape.map((d) => (d < 0 ? data.length / known : d)) };
}

/** A result must agree with the static dims of its declared type; a disagreement means the model is inconsistent. */
function checkResult(op: Operation, v: Value, t: QTensor): void {
  const declared = v.type.shape;
  const fits = declared === null || (declared.length === t.shape.length && declared.every((d, i) => d < 0 || d === t.shape[i]));
  if (!fits) {
    userError(Codes.ShapeMismatch, `int8 interpreter: ${opWhere(op)} computed shape [${t.shape.join(', ')}] but the model declares ${printType(v.type)}`, { loc: op.loc });
  }
}
