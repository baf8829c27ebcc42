// Ops as data: defineOp declares operands, results, attributes (with defaults), traits and optional hooks.
import { Attr, DenseAttr } from './attributes.js';
import type { Operation, Value } from './core.js';
import { TensorType } from './types.js';

/** Attribute kinds an op definition can require. */
export type AttrKind = 'i32' | 'i64' | 'f32' | 'f64' | 'bool' | 'string' | 'enum' | 'ints' | 'floats' | 'strings' | 'dense' | 'type' | 'any';

export interface AttrSpec {
  readonly kind: AttrKind;
  readonly values?: readonly string[];
  readonly default?: Attr;
  /** Optional attributes may be absent and have no default. */
  readonly optional?: boolean;
}

export const attrI32 = (def?: number): AttrSpec => (def === undefined ? { kind: 'i32' } : { kind: 'i32', default: { kind: 'int', value: def, width: 32 } });
export const attrI64 = (def?: number): AttrSpec => (def === undefined ? { kind: 'i64' } : { kind: 'i64', default: { kind: 'int', value: def, width: 64 } });
export const attrF32 = (def?: number): AttrSpec => (def === undefined ? { kind: 'f32' } : { kind: 'f32', default: { kind: 'float', value: def, width: 32 } });
export const attrBool = (def?: boolean): AttrSpec => (def === undefined ? { kind: 'bool' } : { kind: 'bool', default: { kind: 'bool', value: def } });
export const attrStr = (def?: string): AttrSpec => (def === undefined ? { kind: 'string' } : { kind: 'string', default: { kind: 'string', value: def } });
export const attrEnum = (values: readonly string[], def?: string): AttrSpec =>
  def === undefined ? { kind: 'enum', values } : { kind: 'enum', values, default: { kind: 'string', value: def } };
export const attrInts = (def?: readonly number[]): AttrSpec =>
  def === undefined ? { kind: 'ints' } : { kind: 'ints', default: { kind: 'array', value: def.map((v) => ({ kind: 'int', value: v, width: 64 })) } };
export const attrDense: AttrSpec = { kind: 'dense' };
export const attrAny: AttrSpec = { kind: 'any' };
export const optional = (s: AttrSpec): AttrSpec => ({ ...s, optional: true });

/** Well-known traits. Strings so dialects can add their own. */
export const Traits = {
  /** No side effects: dead results mean the op can be erased. */
  Pure: 'Pure',
  /** Has a `fused_activation_function` attribute. */
  FusedActivation: 'FusedActivation',
  /** Output can be quantized by the int8 quantizer. */
  Quantizable: 'Quantizable',
  /** Result keeps the input's quantization parameters (pool, reshape, pad...). */
  SameScale: 'SameScale',
  /** Commutative binary op. */
  Commutative: 'Commutative',
  /** Constant-like (no operands, value attribute). */
  ConstantLike: 'ConstantLike',
  /** Terminator of a block. */
  Terminator: 'Terminator',
  /** Elementwise op whose operands broadcast. */
  Broadcast: 'Broadcast',
} as const;

export interface OpSpec {
  readonly name: string;
  /** Operand names; `x?` optional (trailing), `xs*` variadic (at most one). */
  readonly operands: readonly string[];
  /** Result names; `ys*` variadic. Default one result named 'output'. */
  readonly results?: readonly string[];
  readonly attrs?: Readonly<Record<string, AttrSpec>>;
  readonly traits?: readonly string[];
  readonly summary?: string;
  /** Extra structural check; return an error message or undefined. */
  readonly verify?: (op: Operation) => string | undefined;
  /** Result types from operand types and attributes; undefined when it cannot tell. */
  readonly inferTypes?: (op: Operation) => TensorType[] | undefined;
  /**
   * Constant folding: given constant operand values (undefined when not constant), returns the result
   * constants, or an existing Value to forward to, or undefined when it does not fold.
   */
  readonly fold?: (op: Operation, consts: readonly (DenseAttr | undefined)[]) => (DenseAttr | Value)[] | undefined;
}

/** A registered op definition. */
export class OpDef {
  readonly name: string;
  readonly dialect: string;
  readonly spec: OpSpec;
  readonly traits: ReadonlySet<string>;
  readonly attrSpecs: ReadonlyMap<string, AttrSpec>;
  readonly minOperands: number;
  readonly maxOperands: number;
  private readonly operandNames: string[];
  private readonly variadicIndex: number;

  constructor(spec: OpSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.dialect = spec.name.split('.')[0] ?? '';
    this.traits = new Set(spec.traits ?? []);
    this.attrSpecs = new Map(Object.entries(spec.attrs ?? {}));
    this.operandNames = spec.operands.map((o) => o.replace(/[?*]$/, ''));
    this.variadicIndex = spec.operands.findIndex((o) => o.endsWith('*'));
    const required = spec.operands.filter((o) => !o.endsWith('?') && !o.endsWith('*')).length;
    this.minOperands = required;
    this.maxOperands = this.variadicIndex >= 0 ? Infinity : spec.operands.length;
  }

  /** Index of a named operand given the op's actual operand count. */
  operandIndex(name: string, count: number): number | undefined {
    const i = this.operandNames.indexOf(name);
    if (i < 0) return undefined;
    if (this.variadicIndex >= 0 && i > this.variadicIndex) {
      const idx = count - (this.operandNames.length - i);
      return idx >= 0 && idx < count ? idx : undefined;
    }
    return i < count ? i : undefined;
  }

  attrDefault(name: string): Attr | undefined {
    return this.attrSpecs.get(name)?.default;
  }

  get resultNames(): readonly string[] {
    return this.spec.results ?? ['output'];
  }
  get variadicResults(): boolean {
    return this.resultNames.some((r) => r.endsWith('*'));
  }
}

export function defineOp(spec: OpSpec): OpDef {
  return new OpDef(spec);
}

/** The set of op definitions known to the compiler, built once at start-up from the dialects. */
export class OpRegistry {
  private readonly defs = new Map<string, OpDef>();

  constructor(defs: Iterable<OpDef> = []) {
    for (const d of defs) this.add(d);
  }
  add(d: OpDef): void {
    if (this.defs.has(d.name)) throw new Error(`internal: op ${d.name} registered twice`);
    this.defs.set(d.name, d);
  }
  get(name: string): OpDef | undefined {
    return this.defs.get(name);
  }
  has(name: string): boolean {
    return this.defs.has(name);
  }
  all(): OpDef[] {
    return [...this.defs.values()];
  }
  dialectOps(dialect: string): OpDef[] {
    return this.all().filter((d) => d.dialect === dialect);
  }
}
