// Test helpers for the float interpreter: one-op graphs, seeded data, and closeness checks.
import assert from 'node:assert/strict';
import { Attr, TypedArray, dense } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';
import { Func, Module, Value } from '../../src/ir/core.js';
import { nameLoc } from '../../src/ir/loc.js';
import type { OpDef } from '../../src/ir/opdef.js';
import { ElementType, QuantParams, TensorType, tensorType } from '../../src/ir/types.js';
import { Interpreter, RunOutput } from '../../src/interpreter/index.js';

/** One operand of a test op: a func argument, or a constant when `const` is set. */
export interface OperandSpec {
  readonly shape: number[];
  readonly data: ArrayLike<number>;
  readonly elem?: ElementType;
  readonly quant?: QuantParams;
  readonly const?: boolean;
}

export const arg = (shape: number[], data: ArrayLike<number>, elem: ElementType = 'f32'): OperandSpec => ({ shape, data, elem });
export const cst = (shape: number[], data: ArrayLike<number>, elem: ElementType = 'f32'): OperandSpec => ({ shape, data, elem, const: true });

function arrayFor(elem: ElementType, quant: QuantParams | undefined, data: ArrayLike<number>): TypedArray {
  const e = quant?.storage ?? elem;
  switch (e) {
    case 'f32':
      return Float32Array.from(data);
    case 'i8':
      return Int8Array.from(data);
    case 'u8':
    case 'i1':
      return Uint8Array.from(data);
    case 'i16':
      return Int16Array.from(data);
    case 'i64':
      return BigInt64Array.from(Array.from(data, (v) => BigInt(v)));
    default:
      return Int32Array.from(data);
  }
}

/** A module whose @main applies one op to the operands (constants inlined) and returns its results. */
export function oneOpModule(def: OpDef, operands: readonly OperandSpec[], attrs: Readonly<Record<string, Attr>> = {}, resultTypes?: TensorType[]): { module: Module; inputs: TypedArray[] } {
  const args = operands.filter((o) => !o.const);
  const m = new Module();
  const f = m.addFunc(new Func('main', args.map((o) => tensorType(o.shape, o.elem ?? 'f32', o.quant)), []));
  const b = new Builder(f);
  let next = 0;
  const values: Value[] = operands.map((o) => {
    if (!o.const) return f.args[next++]!;
    const t = tensorType(o.shape, o.elem ?? 'f32', o.quant);
    return b.constant(dense(t, arrayFor(o.elem ?? 'f32', o.quant, o.data)));
  });
  const op = b.create(def, values, attrs, resultTypes, nameLoc('the_op'));
  f.resultTypes = op.results.map((r) => r.type);
  for (let i = 0; i < op.results.length; i++) f.resultAttrs.push(new Map());
  b.create(ReturnOp, op.results, {}, []);
  return { module: m, inputs: args.map((o) => arrayFor(o.elem ?? 'f32', o.quant, o.data)) };
}

/** Builds, runs once and disposes a one-op graph; returns the first result. */
export async function runOp(def: OpDef, operands: readonly OperandSpec[], attrs: Readonly<Record<string, Attr>> = {}, resultTypes?: TensorType[]): Promise<RunOutput> {
  const { module, inputs } = oneOpModule(def, operands, attrs, resultTypes);
  const it = await Interpreter.create(module);
  try {
    const [out] = await it.run(inputs);
    return out!;
  } finally {
    it.dispose();
  }
}

/** Deterministic uniform values in [lo, hi). */
export function seeded(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** Element-wise closeness: |a - b| <= tol * max(1, max |expected|) (float32 sums of many terms differ in order). */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * scale)) assert.fail(`${what}[${i}]: got ${a}, expected ${e} (tol ${tol * scale})`);
  }
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
