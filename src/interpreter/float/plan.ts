// Execution plan of a func for the float interpreter: kernels, operand sources, and when each value can be freed.
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import type { Func, Operation, Value } from '../../ir/core.js';
import { Traits } from '../../ir/opdef.js';
import type { QuantParams } from '../../ir/types.js';
import { constantValue } from '../../ir/builtin-ops.js';
import { printType } from '../../ir/types.js';
import type { FloatKernel, KernelTable } from './kernel.js';
import type { OperandPrep, PrepTable } from './prep.js';
import { tfDTypeOf } from './dtypes.js';
import { QUANT_AWARE_OPS } from './kernels-quant.js';
import { describeOp, opWhere } from './op-utils.js';

/** Cache key of a constant's raw upload (IR layout, storage integers for quantized types). */
export const RAW_KEY = 'raw';

/**
 * Where an operand comes from: a value computed during the run, or a cached constant in a given form. "Constant"
 * covers arith.constant results and values computed from constants only (e.g. dequantize of float16 weights).
 */
export type Slot =
  | { readonly kind: 'value'; readonly id: number }
  | {
      readonly kind: 'const';
      readonly value: Value;
      /** RAW_KEY, or the form after dequantization and/or preparation. */
      readonly key: string;
      readonly dequant?: QuantParams;
      readonly prep?: OperandPrep;
    };

export interface Step {
  readonly op: Operation;
  readonly kernel: FloatKernel;
  readonly operands: readonly Slot[];
  /** Per operand, for computed values: real values are made from storage integers before the kernel. */
  readonly dequant: readonly (QuantParams | undefined)[];
  /** Per operand, for computed values: layout change before the kernel. */
  readonly preps: readonly (OperandPrep | undefined)[];
  /** Per result: the kernel's real values are stored as these storage integers (quantized result types). */
  readonly quantOut: readonly (QuantParams | undefined)[] | undefined;
  /** Value ids the results go to (empty for a step computed from constants only). */
  readonly results: readonly number[];
  /** Values whose last use is this step (or that are never used): freed right after it. */
  readonly frees: readonly number[];
}

export interface Plan {
  readonly func: Func;
  /** Value id → Value for every func argument and op result. */
  readonly values: readonly Value[];
  readonly argIds: readonly number[];
  /** Arguments nothing reads: freed before the first step. */
  readonly unusedArgIds: readonly number[];
  /** arith.constant results and values derived from constants only, producers first. */
  readonly constants: readonly Value[];
  /** How each derived constant is computed (once, on first use, then cached like a constant). */
  readonly derivations: ReadonlyMap<Operation, Step>;
  /** Constants whose raw form stays cached (read raw by a per-run step or returned). */
  readonly keepRaw: ReadonlySet<Value>;
  /** The ops that run on every run, in order. */
  readonly steps: readonly Step[];
  readonly outputs: readonly Slot[];
}

function unsupported(op: Operation, missing: Map<string, Operation>): never {
  const others = [...missing.keys()].filter((n) => n !== op.name);
  const more = others.length > 0 ? `; also no kernel for ${others.map((n) => `'${n}'`).join(', ')}` : '';
  const what = op.name === 'tfl.custom' && op.attr('custom_code')?.kind === 'string' ? ` (custom op "${op.str('custom_code')}")` : '';
  return userError(Codes.UnsupportedOp, `no float kernel for '${op.name}'${what} (${opWhere(op)})${more}`, { loc: op.loc });
}

/** Builds the plan, checking up front that every op has a kernel and every value a tfjs dtype. */
export function buildPlan(func: Func, kernels: KernelTable, preps: PrepTable): Plan {
  const ids = new Map<Value, number>();
  const values: Value[] = [];
  const define = (v: Value): number => {
    ids.set(v, values.length);
    values.push(v);
    return values.length - 1;
  };
  const checkType = (v: Value, what: () => string): void => {
    if (tfDTypeOf(v.type) === undefined) userError(Codes.UnsupportedOp, `${what()} has type ${printType(v.type)}, which the float interpreter cannot hold`, { loc: v.producer?.loc });
  };
  func.args.forEach((a, i) => checkType(a, () => `@${func.name} input ${i}`));
  const argIds = func.args.map(define);

  const missing = new Map<string, Operation>();
  const constants: Value[] = [];
  const constLike = new Set<Value>();
  const derivations = new Map<Operation, Step>();
  const keepRaw = new Set<Value>();
  const lastUse = new Map<number, number>();
  const steps: Omit<Step, 'frees'>[] = [];
  let returnOp: Operation | undefined;

  const slotOf = (op: Operation, v: Value, i: number, quantAware: boolean, perRun: boolean): Slot => {
    if (constLike.has(v)) {
      const dequant = quantAware ? undefined : v.type.quant;
      const prep = preps[op.name]?.[i];
      if (dequant === undefined && prep === undefined) {
        if (perRun) keepRaw.add(v);
        return { kind: 'const', value: v, key: RAW_KEY };
      }
      const key = `${dequant ? 'deq' : 'raw'}/${prep ? prep.key(op) : ''}`;
      return { kind: 'const', value: v, key, ...(dequant ? { dequant } : {}), ...(prep ? { prep } : {}) };
    }
    const id = ids.get(v);
    if (id === undefined) throw new Error(`internal: ${describeOp(op)} reads a value defined after it or outside @${func.name}`);
    return { kind: 'value', id };
  };

  for (const op of func.ops()) {
    if (op.name === 'func.return') {
      returnOp = op;
      break;
    }
    const c = constantValue(op);
    if (c !== undefined) {
      if (c.elided) userError(Codes.BadInput, `${describeOp(op)}: the constant's data was elided when the IR was printed; print it with all data to run it`, { loc: op.loc });
      checkType(op.result(0), () => describeOp(op));
      constants.push(op.result(0));
      constLike.add(op.result(0));
      continue;
    }
    const kernel = kernels[op.name];
    if (kernel === undefined) {
      if (!missing.has(op.name)) missing.set(op.name, op);
      op.results.forEach(define); // so planning goes on and names every missing kernel
      continue;
    }
    const quantAware = QUANT_AWARE_OPS.has(op.name);
    // A pure op reading constants only is computed once and cached: e.g. float16 weights → dequantize → conv.
    const derived = op.hasTrait(Traits.Pure) && op.numOperands > 0 && op.operands.every((v) => constLike.has(v));
    const operands = op.operands.map((v, i) => slotOf(op, v, i, quantAware, !derived));
    const quantOut = quantAware || op.results.every((r) => r.type.quant === undefined) ? undefined : op.results.map((r) => r.type.quant);
    op.results.forEach((r) => checkType(r, () => describeOp(op)));
    if (derived) {
      const none = operands.map(() => undefined);
      derivations.set(op, { op, kernel, operands, dequant: none, preps: none, quantOut, results: [], frees: [] });
      for (const r of op.results) {
        constLike.add(r);
        constants.push(r);
      }
      continue;
    }
    const index = steps.length;
    operands.forEach((s) => {
      if (s.kind === 'value') lastUse.set(s.id, index);
    });
    const dequant = operands.map((s, i) => (s.kind === 'value' && !quantAware ? op.operand(i).type.quant : undefined));
    const stepPreps = operands.map((s, i) => (s.kind === 'value' ? preps[op.name]?.[i] : undefined));
    steps.push({ op, kernel, operands, dequant, preps: stepPreps, quantOut, results: op.results.map(define) });
  }
  const first = missing.values().next();
  if (!first.done) unsupported(first.value, missing);
  if (returnOp === undefined) throw new Error(`internal: @${func.name} has no func.return`);

  const outputs = returnOp.operands.map((v, i) => slotOf(returnOp!, v, i, true, true));
  const returned = new Set(outputs.flatMap((s) => (s.kind === 'value' ? [s.id] : [])));
  for (const s of outputs) if (s.kind === 'const') keepRaw.add(s.value);

  // A value is freed after its last reader; one nobody reads, right after its producer.
  const frees: number[][] = steps.map(() => []);
  steps.forEach((s, index) => {
    for (const id of s.results) if (!returned.has(id)) frees[lastUse.get(id) ?? index]!.push(id);
  });
  const unusedArgIds = argIds.filter((id) => !returned.has(id) && !lastUse.has(id));
  for (const id of argIds) if (!returned.has(id) && lastUse.has(id)) frees[lastUse.get(id)!]!.push(id);

  return {
    func,
    values,
    argIds,
    unusedArgIds,
    constants,
    derivations,
    keepRaw,
    steps: steps.map((s, i) => ({ ...s, frees: frees[i]! })),
    outputs,
  };
}
