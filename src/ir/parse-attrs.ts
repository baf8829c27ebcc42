// Textual IR parsing of the leaves: tensor and quantized types, attributes, dense literals and locations.
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { Attr, DenseAttr, DenseData, allocData } from './attributes.js';
import { Lexer, Token, describeToken } from './lexer.js';
import { DenseError, decodeDenseElements, decodeHexDense, hexFloat, hexInt } from './parse-dense.js';
import { Loc, UnknownLoc, fileLoc, fusedLoc, nameLoc } from './loc.js';
import { ElementType, QuantParams, QuantStorage, TensorType, numElements, printType, storageElem, storageRange, tensorType } from './types.js';

const ELEMENTS: ReadonlyMap<string, ElementType> = new Map<string, ElementType>([
  ['f32', 'f32'], ['f16', 'f16'], ['bf16', 'bf16'], ['f64', 'f64'], ['i1', 'i1'], ['i8', 'i8'], ['ui8', 'u8'],
  ['i16', 'i16'], ['i32', 'i32'], ['i64', 'i64'],
]);
const STORAGE: ReadonlyMap<string, QuantStorage> = new Map<string, QuantStorage>([
  ['i8', 'i8'], ['ui8', 'u8'], ['u8', 'u8'], ['i16', 'i16'], ['i32', 'i32'],
]);

const MAX_NESTING = 200;

/** A literal inside `dense<...>`: kept as tokens until the type after `>` says how to read them. */
export type DenseLiteral = { hex: Token } | { elems: Token[]; shape: number[] | null };

export class AttrParser {
  protected readonly lex: Lexer;
  /** Types seen so far, by their exact text: repeated types skip tokenizing and share one object. */
  private readonly typeCache = new Map<string, TensorType>();

  constructor(
    protected readonly text: string,
    protected readonly file: string,
  ) {
    this.lex = new Lexer(text, file);
  }

  /** Nesting depth of arrays, dense lists and locations: bounded so hostile input cannot overflow the stack. */
  private depth = 0;

  protected nested<T>(at: Token, fn: () => T): T {
    if (++this.depth > MAX_NESTING) this.failAt(at, `nesting deeper than ${MAX_NESTING} levels`);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  protected failAt(t: Token, message: string, code: string = Codes.ParseError): never {
    return userError(code, message, { file: this.file, line: t.line, col: t.col });
  }

  protected is(kind: Token['kind'], text?: string): boolean {
    const t = this.lex.peek();
    return t.kind === kind && (text === undefined || t.text === text);
  }
  protected isPunct(p: string): boolean {
    return this.is('punct', p);
  }
  protected eat(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.lex.take();
    return true;
  }
  protected expect(p: string, what?: string): Token {
    const t = this.lex.peek();
    if (t.kind !== 'punct' || t.text !== p) this.failAt(t, `expected '${p}'${what ? ` ${what}` : ''}, found ${describeToken(t)}`);
    return this.lex.take();
  }
  protected expectKind(kind: Token['kind'], what: string): Token {
    const t = this.lex.peek();
    if (t.kind !== kind) this.failAt(t, `expected ${what}, found ${describeToken(t)}`);
    return this.lex.take();
  }
  protected expectInt(what: string): number {
    const t = this.expectKind('int', what);
    return Number(t.text);
  }

  // ---- types ----

  parseType(): TensorType {
    const t = this.lex.peek();
    if (t.kind !== 'bare' || t.text !== 'tensor' || this.text.charCodeAt(t.end) !== 60 /* < */) {
      return this.failAt(t, `expected a tensor type, found ${describeToken(t)}`);
    }
    const close = this.matchingAngle(t.end);
    const key = close < 0 ? undefined : this.text.slice(t.start, close + 1);
    const cached = key === undefined ? undefined : this.typeCache.get(key);
    this.lex.take();
    if (cached !== undefined) {
      this.lex.skipTo(close + 1);
      return cached;
    }
    this.expect('<');
    const dims = this.lex.rawDims();
    const elemTok = this.lex.peek();
    let type: TensorType;
    if (elemTok.kind === 'bang' && elemTok.text === 'quant.uniform') {
      this.lex.take();
      const q = this.parseQuant(elemTok);
      if (q.quant.axis !== undefined && dims !== null) {
        const d = dims[q.quant.axis];
        if (d === undefined) this.failAt(elemTok, `quantization axis ${q.quant.axis} is out of range for rank ${dims.length}`);
        if (d >= 0 && d !== q.quant.scales.length) this.failAt(elemTok, `per-axis quantization has ${q.quant.scales.length} scales but dimension ${q.quant.axis} is ${d}`);
      }
      type = tensorType(dims, q.expressed, q.quant);
    } else {
      type = tensorType(dims, this.parseElem());
    }
    this.expect('>', 'to close the tensor type');
    if (key !== undefined) this.typeCache.set(key, type);
    return type;
  }

  /** Index of the '>' closing the '<' at `open`, or -1 when the type spans lines or is unusually long. */
  private matchingAngle(open: number): number {
    const t = this.text;
    let depth = 0;
    const stop = Math.min(t.length, open + 4096);
    for (let i = open; i < stop; i++) {
      const c = t.charCodeAt(i);
      if (c === 60) depth++;
      else if (c === 62 && t.charCodeAt(i - 1) !== 45 /* -> */) {
        if (--depth === 0) return i;
      } else if (c === 10 || c === 34) return -1; // newline or string: let the tokenizer handle it
    }
    return -1;
  }

  private parseElem(): ElementType {
    const t = this.lex.take();
    if (t.kind === 'bare') {
      const e = ELEMENTS.get(t.text);
      if (e !== undefined) return e;
    }
    if (t.kind === 'bang' && (t.text === 'tf_type.string' || t.text === 'tf.string')) return 'string';
    return this.failAt(t, `unknown element type ${describeToken(t)} (expected f32, f16, bf16, f64, i1, i8, ui8, i16, i32, i64, !tf_type.string or !quant.uniform<...>)`);
  }

  /** `<i8<-127:127>:f32:0, {0.02,0.013:1}>` after `!quant.uniform`. */
  private parseQuant(at: Token): { quant: QuantParams; expressed: ElementType } {
    this.expect('<', 'after !quant.uniform');
    const st = this.lex.take();
    const storage = st.kind === 'bare' ? STORAGE.get(st.text) : undefined;
    if (storage === undefined) return this.failAt(st, `unsupported quantized storage type ${describeToken(st)} (expected i8, ui8, i16 or i32)`);
    let [lo, hi] = storageRange(storage);
    if (this.eat('<')) {
      const rt = this.lex.peek();
      const min = this.expectInt('a storage minimum');
      this.expect(':');
      const max = this.expectInt('a storage maximum');
      this.expect('>');
      if (min < lo || max > hi || min >= max) this.failAt(rt, `storage range ${min}:${max} does not fit ${st.text}`);
      [lo, hi] = [min, max];
    }
    this.expect(':');
    const et = this.lex.peek();
    const expressed = this.parseElem();
    if (expressed !== 'f32' && expressed !== 'f16' && expressed !== 'bf16' && expressed !== 'f64') this.failAt(et, 'the expressed type of a quantized type must be a float type');
    let axis: number | undefined;
    if (this.eat(':')) axis = this.expectInt('a quantization axis');
    this.expect(',');
    const scales: number[] = [];
    const zeroPoints: number[] = [];
    const pair = (): void => {
      const s = this.lex.take();
      if (s.kind !== 'float' && s.kind !== 'int') this.failAt(s, `expected a scale, found ${describeToken(s)}`);
      const scale = Number(s.text);
      if (!(scale > 0) || !Number.isFinite(scale)) this.failAt(s, `scale ${s.text} must be a positive finite number`);
      let zp = 0;
      if (this.eat(':')) {
        const zt = this.lex.peek();
        zp = this.expectInt('a zero point');
        if (zp < lo || zp > hi) this.failAt(zt, `zero point ${zp} is outside the storage range ${lo}:${hi}`);
      }
      scales.push(scale);
      zeroPoints.push(zp);
    };
    if (axis !== undefined) {
      this.expect('{', 'to open the per-axis scales');
      do pair();
      while (this.eat(','));
      this.expect('}');
    } else {
      if (this.isPunct('{')) this.failAt(at, 'per-axis scales need an axis: !quant.uniform<i8:f32:AXIS, {...}>');
      pair();
    }
    this.expect('>', 'to close !quant.uniform');
    const base = { storage, storageMin: lo, storageMax: hi, scales, zeroPoints };
    return { quant: axis === undefined ? base : { ...base, axis }, expressed };
  }

  // ---- attributes ----

  /** `{a = 1 : i32, b}`; a key without a value is a unit attribute. */
  parseAttrDict(into: Map<string, Attr>): void {
    this.expect('{');
    if (this.eat('}')) return;
    do {
      const k = this.lex.take();
      if (k.kind !== 'bare' && k.kind !== 'string') this.failAt(k, `expected an attribute name, found ${describeToken(k)}`);
      if (into.has(k.text)) this.failAt(k, `duplicate attribute '${k.text}'`);
      into.set(k.text, this.eat('=') ? this.parseAttr() : { kind: 'unit' });
    } while (this.eat(','));
    this.expect('}', 'to close the attribute dictionary');
  }

  parseAttr(): Attr {
    const t = this.lex.peek();
    switch (t.kind) {
      case 'int':
      case 'float':
      case 'hex':
        this.lex.take();
        return this.numberAttr(t);
      case 'string':
        this.lex.take();
        return { kind: 'string', value: t.text };
      case 'punct':
        if (t.text === '[') {
          this.lex.take();
          const items: Attr[] = [];
          if (!this.eat(']')) {
            do items.push(this.nested(t, () => this.parseAttr()));
            while (this.eat(','));
            this.expect(']', 'to close the array');
          }
          return { kind: 'array', value: items };
        }
        break;
      case 'bare':
        switch (t.text) {
          case 'true':
          case 'false':
            this.lex.take();
            return { kind: 'bool', value: t.text === 'true' };
          case 'unit':
            this.lex.take();
            return { kind: 'unit' };
          case 'tensor':
            return { kind: 'type', value: this.parseType() };
          case 'dense':
            return this.parseDense();
          case 'dense_resource':
            return this.parseDenseResource();
          case 'array':
            return this.parseDenseArray();
        }
        break;
      case 'hash':
        return this.failAt(t, `attribute aliases like '#${t.text}' are not supported; write the attribute inline`);
    }
    return this.failAt(t, `expected an attribute value, found ${describeToken(t)}`);
  }

  /** `1`, `1 : i32`, `1.5 : f32`, `0x7FC00000 : f32`. Untyped integers are i64, untyped floats f64. */
  private numberAttr(t: Token): Attr {
    let ty = '';
    let tyTok = t;
    if (this.eat(':')) {
      tyTok = this.expectKind('bare', 'a scalar type such as i32 or f32');
      ty = tyTok.text;
    }
    if (ty === 'f32' || ty === 'f64' || ty === 'f16' || ty === 'bf16' || (ty === '' && t.kind === 'float')) {
      const width = ty === 'f64' || ty === '' ? 64 : 32;
      const v = t.kind === 'hex' ? hexFloat(t.text, width) : Number(t.text);
      return { kind: 'float', value: width === 32 ? Math.fround(v) : v, width };
    }
    if (t.kind === 'float') return this.failAt(tyTok, `a float literal cannot have type ${ty}`);
    const v = t.kind === 'hex' ? hexInt(t.text) : Number(t.text);
    switch (ty) {
      case '':
      case 'i64':
      case 'index':
        return { kind: 'int', value: v, width: 64 };
      case 'i32':
      case 'si32':
      case 'ui32':
        if (v < -2147483648 || v > 4294967295) this.failAt(t, `${t.text} does not fit in i32`);
        return { kind: 'int', value: v > 2147483647 ? v - 4294967296 : v, width: 32 };
      case 'i1':
        if (v !== 0 && v !== 1) this.failAt(t, `${t.text} is not an i1 value`);
        return { kind: 'bool', value: v === 1 };
      default:
        return this.failAt(tyTok, `unsupported integer attribute type '${ty}' (use i32 or i64)`);
    }
  }

  /** `array<i32: 1, 2>` (MLIR dense arrays) read as a plain array attribute. */
  private parseDenseArray(): Attr {
    this.lex.take();
    this.expect('<');
    const ty = this.expectKind('bare', 'an element type');
    const items: Attr[] = [];
    if (this.eat(':')) {
      do {
        const n = this.lex.take();
        if (n.kind !== 'int' && n.kind !== 'float') this.failAt(n, `expected a number, found ${describeToken(n)}`);
        const v = Number(n.text);
        if (ty.text === 'f32' || ty.text === 'f64') items.push({ kind: 'float', value: ty.text === 'f32' ? Math.fround(v) : v, width: ty.text === 'f32' ? 32 : 64 });
        else if (ty.text === 'i1') items.push({ kind: 'bool', value: v !== 0 });
        else items.push({ kind: 'int', value: v, width: ty.text === 'i64' ? 64 : 32 });
      } while (this.eat(','));
    }
    this.expect('>');
    return { kind: 'array', value: items };
  }

  private denseType(): TensorType {
    this.expect(':', 'and a type after a dense literal');
    const tt = this.lex.peek();
    const type = this.parseType();
    if (numElements(type) === undefined) this.failAt(tt, `a dense literal needs a static shape, got ${printType(type)}`);
    return type;
  }

  /** `dense_resource<name> : T`: data not in the text; parsed as zeros marked elided so it prints elided again. */
  private parseDenseResource(): DenseAttr {
    this.lex.take();
    this.expect('<');
    const name = this.lex.take();
    if (name.kind !== 'bare' && name.kind !== 'string') this.failAt(name, `expected a resource name, found ${describeToken(name)}`);
    this.expect('>');
    const type = this.denseType();
    return { kind: 'dense', type, data: allocData(storageElem(type), numElements(type)!), elided: true };
  }

  private parseDense(): DenseAttr {
    const at = this.lex.take();
    this.expect('<');
    const lit = this.denseLiteral();
    this.expect('>', 'to close dense<...>');
    const type = this.denseType();
    let data: DenseData;
    try {
      data = 'hex' in lit ? decodeHexDense(lit.hex.text, type, lit.hex) : decodeDenseElements(lit.elems, lit.shape, type);
    } catch (e) {
      if (e instanceof DenseError) return this.failAt(e.token ?? at, e.message);
      throw e;
    }
    return { kind: 'dense', type, data };
  }

  private denseLiteral(): DenseLiteral {
    const t = this.lex.peek();
    if (t.kind === 'string' && t.text.startsWith('0x')) {
      this.lex.take();
      return { hex: t };
    }
    if (!this.isPunct('[')) return { elems: [this.denseScalar()], shape: null };
    const elems: Token[] = [];
    const dims: number[] = [];
    let leafDepth = -1;
    const list = (depth: number): void => {
      const open = this.expect('[');
      let n = 0;
      if (!this.isPunct(']')) {
        do {
          if (this.isPunct('[')) this.nested(this.lex.peek(), () => list(depth + 1));
          else {
            if (leafDepth < 0) leafDepth = depth;
            else if (leafDepth !== depth) this.failAt(this.lex.peek(), 'dense literal nesting is not rectangular');
            elems.push(this.denseScalar());
          }
          n++;
        } while (this.eat(','));
      }
      this.expect(']', 'to close the dense list');
      if (dims[depth] === undefined) dims[depth] = n;
      else if (dims[depth] !== n) this.failAt(open, `dense literal rows differ in length (${dims[depth]} vs ${n})`);
    };
    list(0);
    return { elems, shape: dims };
  }

  private denseScalar(): Token {
    const t = this.lex.take();
    if (t.kind === 'int' || t.kind === 'float' || t.kind === 'hex' || t.kind === 'string') return t;
    if (t.kind === 'bare' && (t.text === 'true' || t.text === 'false')) return t;
    return this.failAt(t, `expected a dense element, found ${describeToken(t)}`);
  }

  // ---- locations ----

  /** `loc(...)` with name, file:line:col, fused[...], callsite(a at b) and unknown forms. */
  parseLoc(): Loc {
    this.lex.take(); // 'loc'
    this.expect('(', "after 'loc'");
    const l = this.locBody();
    this.expect(')', 'to close loc(...)');
    return l;
  }

  private locBody(): Loc {
    return this.nested(this.lex.peek(), () => this.locBodyInner());
  }

  private locBodyInner(): Loc {
    const t = this.lex.take();
    if (t.kind === 'hash') return this.failAt(t, `location aliases like '#${t.text}' are not supported; print locations inline`);
    if (t.kind === 'bare' && t.text === 'unknown') return UnknownLoc;
    if (t.kind === 'bare' && t.text === 'fused') {
      if (this.eat('<')) {
        this.parseAttr(); // fusion metadata: not kept
        this.expect('>');
      }
      this.expect('[');
      const locs: Loc[] = [];
      if (!this.isPunct(']')) {
        do locs.push(this.locBody());
        while (this.eat(','));
      }
      this.expect(']');
      return fusedLoc(locs);
    }
    if (t.kind === 'bare' && t.text === 'callsite') {
      this.expect('(');
      const callee = this.locBody();
      const at = this.expectKind('bare', "'at'");
      if (at.text !== 'at') this.failAt(at, `expected 'at', found ${describeToken(at)}`);
      const caller = this.locBody();
      this.expect(')');
      return fusedLoc([callee, caller]);
    }
    if (t.kind !== 'string') return this.failAt(t, `expected a location, found ${describeToken(t)}`);
    if (this.eat(':')) {
      const line = this.expectInt('a line number');
      this.expect(':');
      const col = this.expectInt('a column number');
      return fileLoc(t.text, line, col);
    }
    if (this.eat('(')) {
      const child = this.locBody();
      this.expect(')');
      return nameLoc(t.text, child);
    }
    return nameLoc(t.text);
  }
}
