// SSA core: Value (with use list), Operation, Block (linked list of ops), Func and Module.
import { Attr, DenseAttr } from './attributes.js';
import { Loc, UnknownLoc } from './loc.js';
import type { OpDef } from './opdef.js';
import { TensorType } from './types.js';

export interface Use {
  readonly op: Operation;
  readonly index: number;
}

/** An SSA value: an op result or a func argument. */
export class Value {
  type: TensorType;
  /** The op that defines this value; undefined for func arguments. */
  readonly producer: Operation | undefined;
  /** Result index (or argument index for func arguments). */
  readonly index: number;
  /** Arguments know their func. */
  readonly func: Func | undefined;
  private readonly _uses: Use[] = [];

  constructor(type: TensorType, producer: Operation | undefined, index: number, func?: Func) {
    this.type = type;
    this.producer = producer;
    this.index = index;
    this.func = func;
  }

  get uses(): readonly Use[] {
    return this._uses;
  }
  hasOneUse(): boolean {
    return this._uses.length === 1;
  }
  hasUses(): boolean {
    return this._uses.length > 0;
  }
  /** Distinct ops using this value. */
  users(): Operation[] {
    return [...new Set(this._uses.map((u) => u.op))];
  }
  isArg(): boolean {
    return this.producer === undefined;
  }

  /** @internal use-list maintenance, called by Operation only. */
  _addUse(op: Operation, index: number): void {
    this._uses.push({ op, index });
  }
  /** @internal */
  _removeUse(op: Operation, index: number): void {
    const i = this._uses.findIndex((u) => u.op === op && u.index === index);
    if (i < 0) throw new Error(`internal: use (${op.name}, ${index}) not found`);
    this._uses.splice(i, 1);
  }

  /** Points every use of this value at `other`. */
  replaceAllUsesWith(other: Value): void {
    if (other === this) return;
    for (const u of [...this._uses]) u.op.setOperand(u.index, other);
  }
}

/** An operation: name, operands, results, attributes, a location; lives in a Block. */
export class Operation {
  readonly name: string;
  readonly def: OpDef | undefined;
  private _operands: Value[] = [];
  readonly results: Value[];
  readonly attrs = new Map<string, Attr>();
  loc: Loc;
  /** Linked-list links, owned by Block. */
  parent: Block | undefined;
  prev: Operation | undefined;
  next: Operation | undefined;

  constructor(name: string, def: OpDef | undefined, operands: readonly Value[], resultTypes: readonly TensorType[], attrs: Iterable<[string, Attr]>, loc: Loc = UnknownLoc) {
    this.name = name;
    this.def = def;
    this.loc = loc;
    for (const [k, v] of attrs) this.attrs.set(k, v);
    operands.forEach((v, i) => {
      this._operands.push(v);
      v._addUse(this, i);
    });
    this.results = resultTypes.map((t, i) => new Value(t, this, i));
  }

  get operands(): readonly Value[] {
    return this._operands;
  }
  operand(i: number): Value {
    const v = this._operands[i];
    if (v === undefined) throw new Error(`internal: ${this.name} has no operand ${i}`);
    return v;
  }
  result(i = 0): Value {
    const v = this.results[i];
    if (v === undefined) throw new Error(`internal: ${this.name} has no result ${i}`);
    return v;
  }
  get numOperands(): number {
    return this._operands.length;
  }

  /** The operand bound to the named operand slot of the op definition (e.g. 'bias'), if present. */
  input(name: string): Value | undefined {
    const idx = this.def?.operandIndex(name, this._operands.length);
    return idx === undefined ? undefined : this._operands[idx];
  }

  setOperand(i: number, v: Value): void {
    const old = this._operands[i];
    if (old === undefined) throw new Error(`internal: ${this.name} has no operand ${i}`);
    if (old === v) return;
    old._removeUse(this, i);
    this._operands[i] = v;
    v._addUse(this, i);
  }

  /** Replaces the whole operand list. */
  setOperands(vs: readonly Value[]): void {
    this._operands.forEach((v, i) => v._removeUse(this, i));
    this._operands = [...vs];
    this._operands.forEach((v, i) => v._addUse(this, i));
  }

  /** Drops all operand uses; the op must not be used afterwards except for erasure. */
  dropOperands(): void {
    this._operands.forEach((v, i) => v._removeUse(this, i));
    this._operands = [];
  }

  isa(def: OpDef | string): boolean {
    return this.name === (typeof def === 'string' ? def : def.name);
  }

  attr(name: string): Attr | undefined {
    return this.attrs.get(name) ?? this.def?.attrDefault(name);
  }
  setAttr(name: string, a: Attr): void {
    this.attrs.set(name, a);
  }
  removeAttr(name: string): void {
    this.attrs.delete(name);
  }

  /** Typed attribute readers; they throw an internal error if the attribute has another kind. */
  str(name: string): string {
    const a = this.attr(name);
    if (a?.kind !== 'string') throw new Error(`internal: ${this.name}.${name} is not a string attribute`);
    return a.value;
  }
  int(name: string): number {
    const a = this.attr(name);
    if (a?.kind !== 'int') throw new Error(`internal: ${this.name}.${name} is not an int attribute`);
    return a.value;
  }
  float(name: string): number {
    const a = this.attr(name);
    if (a?.kind !== 'float' && a?.kind !== 'int') throw new Error(`internal: ${this.name}.${name} is not a float attribute`);
    return a.value;
  }
  flag(name: string): boolean {
    const a = this.attr(name);
    if (a?.kind !== 'bool') throw new Error(`internal: ${this.name}.${name} is not a bool attribute`);
    return a.value;
  }
  ints(name: string): number[] {
    const a = this.attr(name);
    if (a?.kind !== 'array') throw new Error(`internal: ${this.name}.${name} is not an array attribute`);
    return a.value.map((x) => (x.kind === 'int' || x.kind === 'float' ? x.value : NaN));
  }
  denseAttr(name: string): DenseAttr {
    const a = this.attr(name);
    if (a?.kind !== 'dense') throw new Error(`internal: ${this.name}.${name} is not a dense attribute`);
    return a;
  }
  hasTrait(t: string): boolean {
    return this.def?.traits.has(t) ?? false;
  }

  /** Unlinks this op from its block (operands stay attached). */
  remove(): void {
    this.parent?.unlink(this);
  }
}

/** An ordered list of operations (doubly linked for O(1) insertion and removal). */
export class Block {
  first: Operation | undefined;
  last: Operation | undefined;
  private _size = 0;
  readonly func: Func;

  constructor(func: Func) {
    this.func = func;
  }
  get size(): number {
    return this._size;
  }

  *ops(): IterableIterator<Operation> {
    for (let op = this.first; op !== undefined; ) {
      const next = op.next;
      yield op;
      op = next;
    }
  }
  opList(): Operation[] {
    return [...this.ops()];
  }

  /** Inserts op before `before` (at the end when undefined). */
  insert(op: Operation, before?: Operation): void {
    if (op.parent !== undefined) throw new Error('internal: op is already in a block');
    op.parent = this;
    if (before === undefined) {
      op.prev = this.last;
      op.next = undefined;
      if (this.last) this.last.next = op;
      else this.first = op;
      this.last = op;
    } else {
      if (before.parent !== this) throw new Error('internal: insertion point is in another block');
      op.next = before;
      op.prev = before.prev;
      if (before.prev) before.prev.next = op;
      else this.first = op;
      before.prev = op;
    }
    this._size++;
  }

  unlink(op: Operation): void {
    if (op.parent !== this) throw new Error('internal: op is not in this block');
    if (op.prev) op.prev.next = op.next;
    else this.first = op.next;
    if (op.next) op.next.prev = op.prev;
    else this.last = op.prev;
    op.prev = op.next = op.parent = undefined;
    this._size--;
  }
}

/** A function: arguments, one block whose last op is `func.return`, result types and attributes. */
export class Func {
  name: string;
  readonly args: Value[] = [];
  resultTypes: TensorType[];
  readonly body: Block;
  readonly attrs = new Map<string, Attr>();
  /** Per-argument attributes (e.g. tf.name, tf_saved_model.index_path). */
  readonly argAttrs: Map<string, Attr>[] = [];
  /** Per-result attributes. */
  readonly resultAttrs: Map<string, Attr>[] = [];
  loc: Loc = UnknownLoc;

  constructor(name: string, argTypes: readonly TensorType[], resultTypes: readonly TensorType[]) {
    this.name = name;
    for (const t of argTypes) this.addArg(t);
    this.resultTypes = [...resultTypes];
    for (let i = 0; i < resultTypes.length; i++) this.resultAttrs.push(new Map());
    this.body = new Block(this);
  }

  addArg(t: TensorType): Value {
    const v = new Value(t, undefined, this.args.length, this);
    this.args.push(v);
    this.argAttrs.push(new Map());
    return v;
  }

  /** The terminating `func.return` op. */
  returnOp(): Operation {
    const r = this.body.last;
    if (r === undefined || r.name !== 'func.return') throw new Error(`internal: func @${this.name} has no func.return`);
    return r;
  }

  /** The values the func returns. */
  results(): readonly Value[] {
    return this.returnOp().operands;
  }

  ops(): IterableIterator<Operation> {
    return this.body.ops();
  }

  /** Name for argument i from its `tf.name` attribute, if any. */
  argName(i: number): string | undefined {
    const a = this.argAttrs[i]?.get('tf.name');
    return a?.kind === 'string' ? a.value : undefined;
  }
  resultName(i: number): string | undefined {
    const a = this.resultAttrs[i]?.get('tf.name');
    return a?.kind === 'string' ? a.value : undefined;
  }
}

/** A module: a list of funcs plus module attributes (e.g. source format, producer). */
export class Module {
  readonly funcs: Func[] = [];
  readonly attrs = new Map<string, Attr>();

  addFunc(f: Func): Func {
    if (this.funcs.some((g) => g.name === f.name)) throw new Error(`internal: duplicate func @${f.name}`);
    this.funcs.push(f);
    return f;
  }
  func(name: string): Func | undefined {
    return this.funcs.find((f) => f.name === name);
  }
  /** The entry func: @main, else the first. */
  main(): Func {
    const f = this.func('main') ?? this.funcs[0];
    if (f === undefined) throw new Error('internal: module has no func');
    return f;
  }
  *allOps(): IterableIterator<Operation> {
    for (const f of this.funcs) yield* f.ops();
  }
}
