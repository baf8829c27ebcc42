// The integer kernel contract: an op name maps to a factory that prepares an op once and returns its run function.
import type { Operation } from '../../ir/core.js';
import type { QTensor } from './tensor.js';

/**
 * A prepared kernel computes an op's results from its operand tensors (constants included). Like TFLite's
 * Prepare/Eval split, everything that depends only on the model (multipliers, shifts, clamps, offset weights) is
 * computed by the factory once; the returned function only depends on the run-time shapes and data. Kernels never
 * write into their inputs.
 */
export type Int8Kernel = (inputs: readonly QTensor[]) => QTensor[];

/**
 * Scratch arrays shared by the kernels of one interpreter. Kernels run one at a time and keep nothing here between
 * calls, so one set of buffers (the largest any kernel asked for) serves every op; kept across runs, because fresh
 * large arrays cost page faults on every run.
 */
export class KernelScratch {
  private readonly arrays: Float64Array[] = [];

  /** Buffer number `slot` with room for at least n values; its contents are whatever an earlier call left. */
  float64(slot: number, n: number): Float64Array {
    let a = this.arrays[slot];
    if (a === undefined || a.length < n) {
      a = new Float64Array(n);
      this.arrays[slot] = a;
    }
    return a;
  }
}

/** Prepares `op` (throws a LitecError if the op's types or attributes are not supported). */
export type Int8KernelFactory = (op: Operation, scratch: KernelScratch) => Int8Kernel;

export type Int8KernelTable = Readonly<Record<string, Int8KernelFactory>>;

/** Operand i of a kernel call (the interpreter always passes every operand; this only narrows the type). */
export function arg(inputs: readonly QTensor[], i: number): QTensor {
  const t = inputs[i];
  if (t === undefined) throw new Error(`internal: kernel input ${i} missing`);
  return t;
}
