// Textual IR printer: MLIR generic op syntax, deterministic (sorted attributes, values numbered in order).
import { Attr, PrintOptions, printAttr } from './attributes.js';
import { Func, Module, Operation, Value } from './core.js';
import { printLoc } from './loc.js';
import { TensorType, printType } from './types.js';

export interface IrPrintOptions extends PrintOptions {
  /** Print `loc(...)` after every op and func (unknown locations as `loc(unknown)`, so text round-trips). */
  printLocs?: boolean;
}

const BARE_ID = /^[A-Za-z_][A-Za-z0-9_$.]*$/;

/** An attribute name or symbol: bare when it can be, else a quoted string. */
export function printIdent(name: string): string {
  return BARE_ID.test(name) ? name : JSON.stringify(name);
}

/** `{a = 1 : i32, b}` with keys sorted; unit attributes print as the bare key (MLIR style). */
export function printAttrDict(attrs: ReadonlyMap<string, Attr>, opts: PrintOptions = {}): string {
  if (attrs.size === 0) return '';
  const keys = [...attrs.keys()].sort();
  const parts = keys.map((k) => {
    const a = attrs.get(k)!;
    return a.kind === 'unit' ? printIdent(k) : `${printIdent(k)} = ${printAttr(a, opts)}`;
  });
  return `{${parts.join(', ')}}`;
}

/** Prints the ops of one func; owns the value numbering and a cache of printed types. */
class FuncPrinter {
  private readonly names = new Map<Value, string>();
  private readonly typeText = new Map<TensorType, string>();
  private next = 0;

  constructor(
    private readonly opts: IrPrintOptions,
    func: Func | undefined,
  ) {
    if (func === undefined) return;
    func.args.forEach((a, i) => this.names.set(a, `%arg${i}`));
    for (const op of func.ops()) this.nameResults(op);
  }

  nameResults(op: Operation): void {
    if (op.results.length === 0 || this.names.has(op.results[0]!)) return;
    const base = `%${this.next++}`;
    if (op.results.length === 1) this.names.set(op.results[0]!, base);
    else op.results.forEach((r, i) => this.names.set(r, `${base}#${i}`));
  }

  type(t: TensorType): string {
    let s = this.typeText.get(t);
    if (s === undefined) {
      s = printType(t);
      this.typeText.set(t, s);
    }
    return s;
  }

  value(v: Value): string {
    const n = this.names.get(v);
    if (n !== undefined) return n;
    // A value from outside the printed func (broken IR being debugged): still print something readable.
    return v.producer === undefined ? `%<arg${v.index}?>` : `%<${v.producer.name}#${v.index}?>`;
  }

  op(op: Operation): string {
    let s = '';
    const nres = op.results.length;
    if (nres > 0) {
      const first = this.names.get(op.results[0]!) ?? '%?';
      s = nres === 1 ? `${first} = ` : `${first.slice(0, first.indexOf('#'))}:${nres} = `;
    }
    if (op.name === 'func.return' && op.attrs.size === 0) {
      s += 'return';
      if (op.numOperands > 0) {
        s += ' ' + op.operands.map((v) => this.value(v)).join(', ');
        s += ' : ' + op.operands.map((v) => this.type(v.type)).join(', ');
      }
    } else {
      s += `${JSON.stringify(op.name)}(${op.operands.map((v) => this.value(v)).join(', ')})`;
      const dict = printAttrDict(op.attrs, this.opts);
      if (dict !== '') s += ' ' + dict;
      s += ` : (${op.operands.map((v) => this.type(v.type)).join(', ')}) -> `;
      s += nres === 1 ? this.type(op.results[0]!.type) : `(${op.results.map((r) => this.type(r.type)).join(', ')})`;
    }
    if (this.opts.printLocs) s += ' ' + printLoc(op.loc);
    return s;
  }
}

function signature(f: Func, opts: IrPrintOptions): string {
  const args = f.args.map((a, i) => {
    const d = printAttrDict(f.argAttrs[i] ?? new Map(), opts);
    return `%arg${i}: ${printType(a.type)}${d === '' ? '' : ' ' + d}`;
  });
  let s = `func.func @${printIdent(f.name)}(${args.join(', ')})`;
  const results = f.resultTypes.map((t, i) => {
    const d = printAttrDict(f.resultAttrs[i] ?? new Map(), opts);
    return printType(t) + (d === '' ? '' : ' ' + d);
  });
  const anyResultAttrs = f.resultAttrs.some((m) => m.size > 0);
  if (results.length === 1 && !anyResultAttrs) s += ` -> ${results[0]}`;
  else if (results.length > 0) s += ` -> (${results.join(', ')})`;
  const fattrs = printAttrDict(f.attrs, opts);
  if (fattrs !== '') s += ` attributes ${fattrs}`;
  return s;
}

function funcLines(f: Func, opts: IrPrintOptions, indent: string, out: string[]): void {
  const p = new FuncPrinter(opts, f);
  out.push(`${indent}${signature(f, opts)} {`);
  const inner = indent + '  ';
  for (const op of f.ops()) out.push(inner + p.op(op));
  out.push(`${indent}}${opts.printLocs ? ' ' + printLoc(f.loc) : ''}`);
}

/** Prints a module (no trailing newline). */
export function printModule(m: Module, opts: IrPrintOptions = {}): string {
  const out: string[] = [];
  const mattrs = printAttrDict(m.attrs, opts);
  out.push(mattrs === '' ? 'module {' : `module attributes ${mattrs} {`);
  for (const f of m.funcs) funcLines(f, opts, '  ', out);
  out.push('}');
  return out.join('\n');
}

/** Prints one func, unindented (no trailing newline). */
export function printFunc(f: Func, opts: IrPrintOptions = {}): string {
  const out: string[] = [];
  funcLines(f, opts, '', out);
  return out.join('\n');
}

/**
 * Prints one op on one line. Values are numbered as in its func (computed here, O(func size) per call);
 * an op outside any func gets fresh result numbers.
 */
export function printOp(op: Operation, opts: IrPrintOptions = {}): string {
  const p = new FuncPrinter(opts, op.parent?.func);
  p.nameResults(op);
  return p.op(op);
}
