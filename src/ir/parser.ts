// Textual IR parser: modules, funcs and ops in MLIR generic syntax (plus `return` and `arith.constant` short forms).
import { Codes } from '../diag/catalogue.js';
import { Attr } from './attributes.js';
import { Func, Module, Operation, Value } from './core.js';
import { Token, describeToken } from './lexer.js';
import { Loc, fileLoc } from './loc.js';
import { OpRegistry } from './opdef.js';
import { AttrParser } from './parse-attrs.js';
import { TensorType, printType, typesEqual } from './types.js';

/**
 * Parses textual IR into a Module. Every op gets its OpDef from `registry`; unknown ops, undefined or redefined
 * values, type annotations that disagree with a value's type and syntax errors throw a LitecError located at
 * `file:line:col`. The caller runs the verifier afterwards.
 */
export function parseModule(text: string, file: string, registry: OpRegistry): Module {
  return new IrParser(text, file, registry).module();
}

/** Parses one tensor type, e.g. `tensor<1x?x3x!quant.uniform<i8:f32, 0.5:-1>>`. */
export function parseType(text: string, file = '<type>'): TensorType {
  const p = new IrParser(text, file, new OpRegistry());
  const t = p.parseType();
  p.end();
  return t;
}

/** Parses one attribute value, e.g. `dense<[1, 2]> : tensor<2xi32>` or `1.5 : f32`. */
export function parseAttribute(text: string, file = '<attr>'): Attr {
  const p = new IrParser(text, file, new OpRegistry());
  const a = p.parseAttr();
  p.end();
  return a;
}

interface ValueUse {
  readonly value: Value;
  readonly tok: Token;
}

class IrParser extends AttrParser {
  /** SSA names of the func being parsed: `%x` → its values (several for `%x:2`). */
  private scope = new Map<string, Value[]>();

  constructor(
    text: string,
    file: string,
    private readonly registry: OpRegistry,
  ) {
    super(text, file);
  }

  end(): void {
    const t = this.lex.peek();
    if (t.kind !== 'eof') this.failAt(t, `expected end of input, found ${describeToken(t)}`);
  }

  module(): Module {
    const m = new Module();
    if (this.is('bare', 'module')) {
      this.lex.take();
      if (this.is('symbol')) m.attrs.set('sym_name', { kind: 'string', value: this.lex.take().text });
      if (this.is('bare', 'attributes')) {
        this.lex.take();
        this.parseAttrDict(m.attrs);
      }
      this.expect('{', "to open the module body");
      while (!this.isPunct('}')) this.func(m);
      this.lex.take();
      if (this.is('bare', 'loc')) this.parseLoc();
    } else {
      while (this.lex.peek().kind !== 'eof') this.func(m);
    }
    this.end();
    return m;
  }

  private func(m: Module): void {
    const kw = this.lex.take();
    if (kw.kind !== 'bare' || (kw.text !== 'func.func' && kw.text !== 'func')) this.failAt(kw, `expected 'func.func', found ${describeToken(kw)}`);
    const attrs = new Map<string, Attr>();
    const vis = this.lex.peek();
    if (vis.kind === 'bare' && (vis.text === 'private' || vis.text === 'public' || vis.text === 'nested')) {
      this.lex.take();
      attrs.set('sym_visibility', { kind: 'string', value: vis.text });
    }
    const nameTok = this.expectKind('symbol', 'a func name such as @main');
    if (m.func(nameTok.text) !== undefined) this.failAt(nameTok, `redefinition of func @${nameTok.text}`);
    this.scope = new Map();
    const argNames: Token[] = [];
    const argTypes: TensorType[] = [];
    const argAttrs: Map<string, Attr>[] = [];
    this.expect('(', 'to open the argument list');
    if (!this.isPunct(')')) {
      do {
        argNames.push(this.expectKind('value', 'an argument name such as %arg0'));
        this.expect(':', 'after the argument name');
        argTypes.push(this.parseType());
        const d = new Map<string, Attr>();
        if (this.isPunct('{')) this.parseAttrDict(d);
        argAttrs.push(d);
        if (this.is('bare', 'loc')) this.parseLoc();
      } while (this.eat(','));
    }
    this.expect(')', 'to close the argument list');
    const resultTypes: TensorType[] = [];
    const resultAttrs: Map<string, Attr>[] = [];
    if (this.eat('->')) {
      if (this.eat('(')) {
        if (!this.isPunct(')')) {
          do {
            resultTypes.push(this.parseType());
            const d = new Map<string, Attr>();
            if (this.isPunct('{')) this.parseAttrDict(d);
            resultAttrs.push(d);
          } while (this.eat(','));
        }
        this.expect(')', 'to close the result list');
      } else {
        resultTypes.push(this.parseType());
        resultAttrs.push(new Map());
      }
    }
    if (this.is('bare', 'attributes')) {
      this.lex.take();
      this.parseAttrDict(attrs);
    }
    const f = new Func(nameTok.text, argTypes, resultTypes);
    for (const [k, v] of attrs) f.attrs.set(k, v);
    argAttrs.forEach((d, i) => d.forEach((v, k) => f.argAttrs[i]!.set(k, v)));
    resultAttrs.forEach((d, i) => d.forEach((v, k) => f.resultAttrs[i]!.set(k, v)));
    argNames.forEach((t, i) => this.define(t, [f.args[i]!]));
    this.expect('{', 'to open the func body');
    while (!this.isPunct('}')) {
      if (this.lex.peek().kind === 'eof') this.failAt(this.lex.peek(), `func @${f.name} is not closed with '}'`);
      this.op(f);
    }
    this.lex.take();
    f.loc = this.is('bare', 'loc') ? this.parseLoc() : fileLoc(this.file, kw.line, kw.col);
    m.addFunc(f);
  }

  private define(t: Token, values: Value[]): void {
    if (this.scope.has(t.text)) this.failAt(t, `redefinition of value %${t.text}`);
    this.scope.set(t.text, values);
  }

  /** A value use `%x` or `%x#1`. */
  private use(): ValueUse {
    const tok = this.expectKind('value', 'a value such as %0');
    let index = 0;
    if (this.is('hash')) {
      const h = this.lex.take();
      if (!/^\d+$/.test(h.text)) this.failAt(h, `expected a result number after '#', found '#${h.text}'`);
      index = Number(h.text);
    }
    const group = this.scope.get(tok.text);
    if (group === undefined) {
      const later = new RegExp(`%${tok.text.replace(/[.$]/g, '\\$&')}(:\\d+)?\\s*=`).test(this.text.slice(tok.end));
      this.failAt(tok, later ? `value %${tok.text} is used before it is defined` : `use of undefined value %${tok.text}`);
    }
    const value = group[index];
    if (value === undefined) this.failAt(tok, `%${tok.text} has ${group.length} result${group.length === 1 ? '' : 's'}, no #${index}`);
    return { value, tok };
  }

  private checkUseTypes(uses: readonly ValueUse[], types: readonly TensorType[], typeTok: Token, what: string): void {
    if (uses.length !== types.length) {
      this.failAt(typeTok, `${what} has ${uses.length} operand${uses.length === 1 ? '' : 's'} but its type lists ${types.length}`);
    }
    uses.forEach((u, i) => {
      const want = types[i]!;
      if (!typesEqual(u.value.type, want)) {
        this.failAt(u.tok, `use of %${u.tok.text} expects ${printType(want)} but it has ${printType(u.value.type)}`, Codes.TypeMismatch);
      }
    });
  }

  private typeList(): TensorType[] {
    const out: TensorType[] = [];
    this.expect('(');
    if (!this.isPunct(')')) {
      do out.push(this.parseType());
      while (this.eat(','));
    }
    this.expect(')');
    return out;
  }

  private op(f: Func): void {
    const start = this.lex.peek();
    const names: { tok: Token; count: number }[] = [];
    if (start.kind === 'value') {
      do {
        const tok = this.expectKind('value', 'a result name');
        const count = this.eat(':') ? this.expectInt('a result count') : 1;
        names.push({ tok, count });
      } while (this.eat(','));
      this.expect('=', 'after the result names');
    }
    const nameTok = this.lex.take();
    let opName: string;
    const uses: ValueUse[] = [];
    const attrs = new Map<string, Attr>();
    let resultTypes: TensorType[] = [];
    if (nameTok.kind === 'string') {
      opName = nameTok.text;
      this.requireOp(nameTok, opName);
      this.expect('(', 'to open the operand list');
      if (!this.isPunct(')')) {
        do uses.push(this.use());
        while (this.eat(','));
      }
      this.expect(')', 'to close the operand list');
      if (this.isPunct('[')) this.failAt(this.lex.peek(), 'successor blocks are not supported');
      if (this.isPunct('(')) this.failAt(this.lex.peek(), 'regions are not supported');
      if (this.eat('<')) {
        this.parseAttrDict(attrs); // MLIR properties `<{...}>`: kept as attributes
        this.expect('>', 'to close the properties');
      }
      if (this.isPunct('{')) this.parseAttrDict(attrs);
      this.expect(':', 'and the op type after the op');
      const typeTok = this.lex.peek();
      const operandTypes = this.typeList();
      this.expect('->', 'in the op type');
      resultTypes = this.isPunct('(') ? this.typeList() : [this.parseType()];
      this.checkUseTypes(uses, operandTypes, typeTok, `'${opName}'`);
    } else if (nameTok.kind === 'bare' && (nameTok.text === 'return' || nameTok.text === 'func.return')) {
      opName = 'func.return';
      if (this.is('value')) {
        do uses.push(this.use());
        while (this.eat(','));
        this.expect(':', 'and the returned types');
        const typeTok = this.lex.peek();
        const types: TensorType[] = [];
        do types.push(this.parseType());
        while (this.eat(','));
        this.checkUseTypes(uses, types, typeTok, 'return');
      }
    } else if (nameTok.kind === 'bare' && nameTok.text === 'arith.constant') {
      opName = nameTok.text;
      const v = this.parseAttr();
      if (v.kind !== 'dense') this.failAt(nameTok, 'arith.constant needs a dense value such as dense<1.0> : tensor<f32>');
      attrs.set('value', v);
      resultTypes = [v.type];
    } else if (nameTok.kind === 'bare' && nameTok.text.includes('.')) {
      this.requireOp(nameTok, nameTok.text);
      return this.failAt(nameTok, `custom syntax of '${nameTok.text}' is not supported; use the generic form "${nameTok.text}"(...) {...} : (...) -> ...`);
    } else {
      return this.failAt(nameTok, `expected an op, found ${describeToken(nameTok)}`);
    }
    const defined = names.reduce((n, x) => n + x.count, 0);
    if (defined !== resultTypes.length) {
      this.failAt(names[0]?.tok ?? nameTok, `'${opName}' defines ${defined} result${defined === 1 ? '' : 's'} but its type lists ${resultTypes.length}`);
    }
    const loc: Loc = this.is('bare', 'loc') ? this.parseLoc() : fileLoc(this.file, start.line, start.col);
    const op = new Operation(opName, this.registry.get(opName), uses.map((u) => u.value), resultTypes, attrs, loc);
    f.body.insert(op);
    let r = 0;
    for (const n of names) {
      this.define(n.tok, op.results.slice(r, r + n.count));
      r += n.count;
    }
  }

  private requireOp(tok: Token, name: string): void {
    if (!this.registry.has(name)) this.failAt(tok, `unknown op '${name}'`, Codes.UnknownOp);
  }
}
