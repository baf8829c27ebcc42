// Interpreter inputs: checks caller arrays/tensors against the func's argument types and resolves batch dims.
import * as tf from '@tensorflow/tfjs-core';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import type { Func } from '../../ir/core.js';
import { printType } from '../../ir/types.js';
import { InputArray, checkInputArray, tfDTypeOf, toTensorData } from './dtypes.js';
import { product } from './op-utils.js';

export interface InputShapeOptions {
  /** Explicit shape per input (undefined entries: from the argument type). */
  readonly shapes?: readonly (readonly number[] | undefined)[];
  /** Leading dim for every input of rank >= 1 (runs a batch through a graph declared with batch 1). */
  readonly batch?: number;
}

/** `@main input 0 ("x")`: how errors name an input. */
export function inputName(f: Func, i: number): string {
  const n = f.argName(i);
  return `@${f.name} input ${i}${n ? ` ("${n}")` : ''}`;
}

function bad(message: string): never {
  return userError(Codes.BadInput, message);
}

export function checkInputCount(f: Func, n: number): void {
  if (n !== f.args.length) bad(`@${f.name} takes ${f.args.length} input${f.args.length === 1 ? '' : 's'}, got ${n}`);
}

/** A shape the caller gives must keep the declared rank and static dims, except the leading (batch) dim. */
function checkAgainstDeclared(f: Func, i: number, shape: readonly number[]): void {
  const declared = f.args[i]!.type.shape;
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) bad(`${inputName(f, i)}: shape [${shape}] must hold non-negative integers`);
  if (declared === null) return;
  const type = printType(f.args[i]!.type);
  if (declared.length !== shape.length) bad(`${inputName(f, i)} has type ${type}, rank ${declared.length}; got a rank-${shape.length} shape [${shape}]`);
  const off = declared.findIndex((d, k) => k > 0 && d >= 0 && d !== shape[k]);
  if (off >= 0) bad(`${inputName(f, i)} has type ${type}; dim ${off} must be ${declared[off]}, got shape [${shape}]`);
}

/** The shape input i runs with, given `length` values. */
export function resolveInputShape(f: Func, i: number, length: number, opts: InputShapeOptions): number[] {
  const type = f.args[i]!.type;
  const explicit = opts.shapes?.[i];
  if (explicit !== undefined) {
    checkAgainstDeclared(f, i, explicit);
    if (product(explicit) !== length) bad(`${inputName(f, i)}: shape [${explicit}] holds ${product(explicit)} values, got ${length}`);
    return [...explicit];
  }
  if (type.shape === null) return bad(`${inputName(f, i)} has an unranked type; pass its shape in the run options (shapes)`);
  const shape = [...type.shape];
  if (opts.batch !== undefined && shape.length > 0) {
    if (!Number.isInteger(opts.batch) || opts.batch < 1) bad(`batch must be a positive integer, got ${opts.batch}`);
    shape[0] = opts.batch;
  }
  const dynamic = shape.flatMap((d, k) => (d < 0 ? [k] : []));
  if (dynamic.length > 1) return bad(`${inputName(f, i)} has type ${printType(type)} with ${dynamic.length} unknown dims; pass its shape in the run options (shapes)`);
  const known = product(shape.filter((d) => d >= 0));
  if (dynamic.length === 1) {
    if (known === 0 ? length !== 0 : length % known !== 0) bad(`${inputName(f, i)} has type ${printType(type)}: ${length} values are not a whole number of rows of ${known}`);
    shape[dynamic[0]!] = known === 0 ? 0 : length / known;
    return shape;
  }
  if (known !== length) {
    const perItem = shape.length > 0 && shape[0]! > 0 ? known / shape[0]! : 0;
    const hint = perItem > 0 && length % perItem === 0 ? ` (to run a batch of ${length / perItem}, pass { batch: ${length / perItem} })` : '';
    bad(`${inputName(f, i)} has shape [${shape}], ${known} values; got ${length}${hint}`);
  }
  return shape;
}

/** Uploads caller arrays as the func's input tensors; nothing is left allocated when it throws. */
export function inputTensors(f: Func, inputs: readonly InputArray[], opts: InputShapeOptions): tf.Tensor[] {
  checkInputCount(f, inputs.length);
  const made: tf.Tensor[] = [];
  try {
    inputs.forEach((data, i) => {
      const type = f.args[i]!.type;
      if (!ArrayBuffer.isView(data)) bad(`${inputName(f, i)} must be a typed array, got ${data === null ? 'null' : typeof data}`);
      const want = checkInputArray(data, type);
      if (want !== undefined) bad(`${inputName(f, i)} has type ${printType(type)} and takes a ${want}; got a ${data.constructor.name}`);
      const shape = resolveInputShape(f, i, data.length, opts);
      const dtype = tfDTypeOf(type)!;
      made.push(tf.tensor(toTensorData(data, dtype), shape, dtype));
    });
  } catch (e) {
    for (const t of made) t.dispose();
    throw e;
  }
  return made;
}

/** Checks caller tensors for runTensors: count, dtype, rank and static dims (the leading dim may differ). */
export function checkInputTensors(f: Func, inputs: readonly tf.Tensor[]): void {
  checkInputCount(f, inputs.length);
  inputs.forEach((t, i) => {
    const type = f.args[i]!.type;
    const want = tfDTypeOf(type);
    if (t.isDisposed) bad(`${inputName(f, i)}: the tensor was already disposed`);
    if (t.dtype !== want) bad(`${inputName(f, i)} has type ${printType(type)} and takes a ${want} tensor${type.quant ? ' of storage integers' : ''}; got ${t.dtype}`);
    checkAgainstDeclared(f, i, t.shape);
  });
}
