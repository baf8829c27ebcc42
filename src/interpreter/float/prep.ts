// Operand preparation: layout changes (e.g. OHWI → HWIO filters) done once per constant and cached by the interpreter.
import type * as tf from '@tensorflow/tfjs-core';
import type { Operation } from '../../ir/core.js';

/**
 * Turns an operand into the layout its kernel takes. The interpreter applies it before calling the kernel: once
 * per constant (cached under `key(op)` until Interpreter.dispose) and on every run for computed values. So a kernel
 * with a prep receives the prepared tensor, never the IR layout.
 */
export interface OperandPrep {
  /** Identifies the result for a given op: two ops whose keys match share the prepared constant. */
  readonly key: (op: Operation) => string;
  readonly apply: (op: Operation, t: tf.Tensor) => tf.Tensor;
}

/** op name → operand index → prep. */
export type PrepTable = Readonly<Record<string, Readonly<Record<number, OperandPrep>>>>;
