// Hand-written lexer for textual IR: one pass over char codes, tokens made on demand, lines/cols tracked.
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';

export type TokenKind =
  | 'eof'
  | 'bare' // identifier: func.func, tensor, f32, tf.name, true
  | 'value' // %x, %0, %arg1 (a `#N` suffix is its own 'hash' token)
  | 'symbol' // @main, @"name with spaces"
  | 'hash' // #1, #loc3
  | 'bang' // !quant.uniform, !tf_type.string
  | 'int'
  | 'float'
  | 'hex' // 0x7FC00000
  | 'string'
  | 'punct'; // ( ) { } [ ] < > , : = * ? + and ->

export interface Token {
  readonly kind: TokenKind;
  /** Identifier/name without its sigil, decoded string contents, number text, or the punctuation. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  At = 64,
  Backslash = 92,
  Underscore = 95,
}

function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** Characters of bare identifiers after the first (MLIR bare-id: letters, digits, _ $ .). */
function isIdChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Ch.Underscore || c === Ch.Dollar || c === Ch.Dot;
}
/** Characters of SSA names and `#` suffixes (MLIR suffix-id also allows '-'). */
function isSuffixChar(c: number): boolean {
  return isIdChar(c) || c === Ch.Minus;
}

const PUNCT = new Set(['(', ')', '{', '}', '[', ']', '<', '>', ',', ':', '=', '*', '?', '+']);

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private buffered: Token | undefined;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  fail(message: string, line: number, col: number): never {
    return userError(Codes.ParseError, message, { file: this.file, line, col });
  }

  peek(): Token {
    if (this.buffered === undefined) this.buffered = this.lex();
    return this.buffered;
  }

  take(): Token {
    const t = this.peek();
    this.buffered = undefined;
    return t;
  }

  /** Position right after the last consumed token (only meaningful with nothing buffered). */
  get offset(): number {
    return this.buffered === undefined ? this.pos : this.buffered.start;
  }

  /** The character code at the current raw position (nothing buffered), for grammar that is not token-based. */
  rawChar(): number {
    this.requireUnbuffered();
    return this.text.charCodeAt(this.pos);
  }

  /**
   * Reads tensor dimensions `1x?x3x` (or `*x`) right after `tensor<`. Returns null for unranked, else the dims
   * (-1 for `?`). Stops at the first character that does not start a dimension (the element type).
   */
  rawDims(): number[] | null {
    this.requireUnbuffered();
    const t = this.text;
    const dims: number[] = [];
    let unranked = false;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      const col = this.pos - this.lineStart + 1;
      if (c === 42 /* * */ && dims.length === 0 && !unranked) {
        unranked = true;
        this.pos++;
      } else if (c === 63 /* ? */) {
        dims.push(-1);
        this.pos++;
      } else if (isDigit(c)) {
        let v = 0;
        while (isDigit(t.charCodeAt(this.pos))) v = v * 10 + (t.charCodeAt(this.pos++) - Ch.D0);
        if (v > 0x7fffffff) this.fail(`dimension ${v} is too large`, this.line, col);
        dims.push(v);
      } else break;
      if (t.charCodeAt(this.pos) !== 120 /* x */) this.fail(`expected 'x' after a tensor dimension`, this.line, this.pos - this.lineStart + 1);
      this.pos++;
      if (unranked && dims.length > 0) this.fail(`an unranked tensor '*' has no dimensions`, this.line, col);
    }
    return unranked ? null : dims;
  }

  /** Jumps to `pos` on the same line (the caller has already read the text in between). */
  skipTo(pos: number): void {
    this.requireUnbuffered();
    this.pos = pos;
  }

  private requireUnbuffered(): void {
    if (this.buffered !== undefined) throw new Error('internal: lexer has a buffered token');
  }

  private skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === Ch.LF) {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === Ch.Space || c === Ch.Tab || c === Ch.CR) {
        this.pos++;
      } else if (c === Ch.Slash && t.charCodeAt(this.pos + 1) === Ch.Slash) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl;
      } else return;
    }
  }

  private make(kind: TokenKind, text: string, start: number, line: number, col: number): Token {
    return { kind, text, start, end: this.pos, line, col };
  }

  private lex(): Token {
    this.skipTrivia();
    const t = this.text;
    const start = this.pos;
    const line = this.line;
    const col = start - this.lineStart + 1;
    if (start >= t.length) return this.make('eof', '', start, line, col);
    const c = t.charCodeAt(start);
    if (isLetter(c) || c === Ch.Underscore) {
      this.pos++;
      while (isIdChar(t.charCodeAt(this.pos))) this.pos++;
      return this.make('bare', t.slice(start, this.pos), start, line, col);
    }
    if (isDigit(c) || (c === Ch.Minus && isDigit(t.charCodeAt(start + 1)))) return this.number(start, line, col);
    if (c === Ch.Quote) return this.make('string', this.string(line, col), start, line, col);
    if (c === Ch.Percent || c === Ch.Hash || c === Ch.Bang) {
      this.pos++;
      const from = this.pos;
      const ok = c === Ch.Bang ? isIdChar : isSuffixChar;
      while (ok(t.charCodeAt(this.pos))) this.pos++;
      if (this.pos === from) this.fail(`expected a name after '${t[start]}'`, line, col);
      const kind: TokenKind = c === Ch.Percent ? 'value' : c === Ch.Hash ? 'hash' : 'bang';
      return this.make(kind, t.slice(from, this.pos), start, line, col);
    }
    if (c === Ch.At) {
      this.pos++;
      if (t.charCodeAt(this.pos) === Ch.Quote) return this.make('symbol', this.string(line, col), start, line, col);
      const from = this.pos;
      while (isSuffixChar(t.charCodeAt(this.pos))) this.pos++;
      if (this.pos === from) this.fail(`expected a symbol name after '@'`, line, col);
      return this.make('symbol', t.slice(from, this.pos), start, line, col);
    }
    if (c === Ch.Minus && t.charCodeAt(start + 1) === 62 /* > */) {
      this.pos += 2;
      return this.make('punct', '->', start, line, col);
    }
    const ch = t[start]!;
    if (PUNCT.has(ch)) {
      this.pos++;
      return this.make('punct', ch, start, line, col);
    }
    const shown = c < 32 || c > 126 ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
    return this.fail(`unexpected character '${shown}'`, line, col);
  }

  private number(start: number, line: number, col: number): Token {
    const t = this.text;
    if (t.charCodeAt(this.pos) === Ch.Minus) this.pos++;
    if (t.charCodeAt(this.pos) === Ch.D0 && (t.charCodeAt(this.pos + 1) | 0x20) === 120 /* x */ && isHexDigit(t.charCodeAt(this.pos + 2))) {
      this.pos += 2;
      while (isHexDigit(t.charCodeAt(this.pos))) this.pos++;
      return this.make('hex', t.slice(start, this.pos), start, line, col);
    }
    while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    let kind: TokenKind = 'int';
    if (t.charCodeAt(this.pos) === Ch.Dot) {
      kind = 'float';
      this.pos++;
      while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    }
    const e = t.charCodeAt(this.pos) | 0x20;
    if (e === 101 /* e */) {
      const s = t.charCodeAt(this.pos + 1);
      const digitAt = s === Ch.Plus || s === Ch.Minus ? this.pos + 2 : this.pos + 1;
      if (isDigit(t.charCodeAt(digitAt))) {
        kind = 'float';
        this.pos = digitAt;
        while (isDigit(t.charCodeAt(this.pos))) this.pos++;
      }
    }
    return this.make(kind, t.slice(start, this.pos), start, line, col);
  }

  /** Reads a quoted string at pos; accepts JSON escapes and MLIR's two-hex-digit escapes (`\22`). */
  private string(line: number, col: number): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = '';
    let chunk = this.pos;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c) || c === Ch.LF) this.fail('unterminated string', line, col);
      if (c === Ch.Quote) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c !== Ch.Backslash) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      const e = t[this.pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else if (isHexDigit(t.charCodeAt(this.pos + 1)) && isHexDigit(t.charCodeAt(this.pos + 2))) {
        out += String.fromCharCode(parseInt(t.slice(this.pos + 1, this.pos + 3), 16));
        this.pos += 3;
      } else {
        this.fail(`bad escape '\\${e ?? ''}' in string`, this.line, this.pos - this.lineStart + 1);
      }
      chunk = this.pos;
    }
  }
}

/** How a token reads in an error message. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return JSON.stringify(t.text);
    case 'value':
      return `'%${t.text}'`;
    case 'symbol':
      return `'@${t.text}'`;
    case 'hash':
      return `'#${t.text}'`;
    case 'bang':
      return `'!${t.text}'`;
    default:
      return `'${t.text}'`;
  }
}
