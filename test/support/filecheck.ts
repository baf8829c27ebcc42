// A FileCheck subset: CHECK, -NEXT, -SAME, -NOT, -LABEL, -DAG, -EMPTY with {{regex}} and [[VAR:regex]]/[[VAR]].

export interface FileCheckResult {
  ok: boolean;
  message: string;
}

type Kind = 'CHECK' | 'CHECK-NEXT' | 'CHECK-SAME' | 'CHECK-NOT' | 'CHECK-LABEL' | 'CHECK-DAG' | 'CHECK-EMPTY';
const KINDS: ReadonlySet<string> = new Set(['CHECK', 'CHECK-NEXT', 'CHECK-SAME', 'CHECK-NOT', 'CHECK-LABEL', 'CHECK-DAG', 'CHECK-EMPTY']);

type Part = { lit: string } | { re: string } | { def: string; re: string } | { use: string };

interface Directive {
  readonly kind: Kind;
  /** 1-based line in the check text. */
  readonly line: number;
  readonly text: string;
  readonly parts: readonly Part[];
}

interface Pos {
  line: number;
  col: number;
}

interface Match {
  line: number;
  start: number;
  end: number;
  defs: Map<string, string>;
}

class CheckFailure extends Error {}

const DIRECTIVE = /(?:^|[^A-Za-z0-9_-])(CHECK(?:-[A-Z0-9-]+)?):(.*)$/;

function parsePattern(text: string, line: number): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('{{', i)) {
      const end = text.indexOf('}}', i + 2);
      if (end < 0) throw new CheckFailure(`check line ${line}: '{{' without a closing '}}'`);
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ re: text.slice(i + 2, end) });
      i = end + 2;
    } else if (text.startsWith('[[', i)) {
      const end = text.indexOf(']]', i + 2);
      if (end < 0) throw new CheckFailure(`check line ${line}: '[[' without a closing ']]'`);
      const body = text.slice(i + 2, end);
      const m = /^([A-Za-z_$][A-Za-z0-9_]*)(?::(.*))?$/s.exec(body);
      if (m === null) {
        // Not variable syntax (e.g. nested arrays `[[1, 2]]`): literal text, friendlier than LLVM's error.
        lit += '[';
        i++;
        continue;
      }
      if (lit) parts.push({ lit });
      lit = '';
      parts.push(m[2] === undefined ? { use: m[1]! } : { def: m[1]!, re: m[2] });
      i = end + 2;
    } else {
      lit += text[i];
      i++;
    }
  }
  if (lit) parts.push({ lit });
  return parts;
}

function parseDirectives(checkText: string): Directive[] {
  const out: Directive[] = [];
  checkText.split('\n').forEach((raw, idx) => {
    const m = DIRECTIVE.exec(raw);
    if (m === null) return;
    const kind = m[1]!;
    if (!KINDS.has(kind)) throw new CheckFailure(`check line ${idx + 1}: unsupported directive '${kind}:'`);
    const text = m[2]!.trim();
    if (text === '' && kind !== 'CHECK-EMPTY') throw new CheckFailure(`check line ${idx + 1}: empty ${kind} pattern`);
    out.push({ kind: kind as Kind, line: idx + 1, text, parts: parsePattern(text, idx + 1) });
  });
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Literal text with every run of spaces/tabs matching any run of spaces/tabs. */
function literalRe(s: string): string {
  return s
    .split(/[ \t]+/)
    .map(escapeRe)
    .join('[ \\t]+');
}

function compile(d: Directive, vars: ReadonlyMap<string, string>): RegExp {
  const local = new Set<string>();
  let src = '';
  for (const p of d.parts) {
    if ('lit' in p) src += literalRe(p.lit);
    else if ('def' in p) {
      if (local.has(p.def)) throw new CheckFailure(`${d.kind} (check line ${d.line}): variable '${p.def}' defined twice`);
      local.add(p.def);
      src += `(?<v_${p.def}>${p.re})`;
    } else if ('use' in p) {
      if (local.has(p.use)) src += `\\k<v_${p.use}>`;
      else {
        const v = vars.get(p.use);
        if (v === undefined) throw new CheckFailure(`${d.kind} (check line ${d.line}): variable '${p.use}' is used before it is defined`);
        src += escapeRe(v);
      }
    } else src += `(?:${p.re})`;
  }
  try {
    return new RegExp(src, 'g');
  } catch (e) {
    throw new CheckFailure(`${d.kind} (check line ${d.line}): bad regex: ${(e as Error).message}`);
  }
}

class Checker {
  private readonly lines: string[];
  private readonly vars = new Map<string, string>();
  private cur: Pos = { line: 0, col: 0 };
  private lastLine = -1;
  private pendingNots: Directive[] = [];

  constructor(output: string) {
    this.lines = output.split('\n');
  }

  /** First match at or after `from`, before `to` (exclusive) when given. */
  private search(re: RegExp, from: Pos, to?: Pos): Match | undefined {
    const lastLine = to?.line ?? this.lines.length - 1;
    for (let l = from.line; l <= lastLine && l < this.lines.length; l++) {
      let text = this.lines[l]!;
      if (to !== undefined && l === to.line) text = text.slice(0, to.col);
      re.lastIndex = l === from.line ? from.col : 0;
      const m = re.exec(text);
      if (m === null) continue;
      const defs = new Map<string, string>();
      for (const [k, v] of Object.entries(m.groups ?? {})) if (k.startsWith('v_') && v !== undefined) defs.set(k.slice(2), v);
      return { line: l, start: m.index, end: m.index + m[0].length, defs };
    }
    return undefined;
  }

  private context(line: number): string {
    const lo = Math.max(0, line - 2);
    const hi = Math.min(this.lines.length - 1, line + 3);
    const out: string[] = [];
    for (let l = lo; l <= hi; l++) out.push(`${l === line ? '>' : ' '} ${String(l + 1).padStart(5)} | ${this.lines[l]}`);
    return out.join('\n');
  }

  private fail(d: Directive, why: string, at: number): never {
    const vars = d.parts.filter((p): p is { use: string } => 'use' in p && this.vars.has(p.use)).map((p) => `${p.use} = "${this.vars.get(p.use)}"`);
    const withVars = vars.length > 0 ? ` (with ${vars.join(', ')})` : '';
    throw new CheckFailure(`${d.kind} at check line ${d.line}: ${why}\n  pattern: ${d.text}${withVars}\noutput near line ${at + 1}:\n${this.context(at)}`);
  }

  private checkNots(to: Pos | undefined): void {
    for (const d of this.pendingNots) {
      const m = this.search(compile(d, this.vars), this.cur, to);
      if (m !== undefined) this.fail(d, `excluded pattern found at output line ${m.line + 1}`, m.line);
    }
    this.pendingNots = [];
  }

  private accept(m: Match): void {
    for (const [k, v] of m.defs) this.vars.set(k, v);
    this.cur = { line: m.line, col: m.end };
    this.lastLine = m.line;
  }

  run(ds: readonly Directive[]): void {
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      const scanLine = Math.min(this.cur.line, this.lines.length - 1);
      switch (d.kind) {
        case 'CHECK-NOT':
          this.pendingNots.push(d);
          break;
        case 'CHECK':
        case 'CHECK-LABEL': {
          const m = this.search(compile(d, this.vars), this.cur);
          if (m === undefined) this.fail(d, 'expected pattern not found after the previous match', scanLine);
          this.checkNots({ line: m.line, col: m.start });
          this.accept(m);
          break;
        }
        case 'CHECK-NEXT':
        case 'CHECK-SAME': {
          const want = d.kind === 'CHECK-NEXT' ? this.lastLine + 1 : this.lastLine;
          if (this.lastLine < 0) this.fail(d, `${d.kind} needs a previous match`, 0);
          const from = d.kind === 'CHECK-NEXT' ? { line: want, col: 0 } : this.cur;
          const m = want < this.lines.length ? this.search(compile(d, this.vars), from, { line: want, col: this.lines[want]!.length }) : undefined;
          if (m === undefined) {
            const where = d.kind === 'CHECK-NEXT' ? 'on the line after the previous match' : 'on the same line after the previous match';
            this.fail(d, `expected pattern not found ${where}`, Math.min(want, this.lines.length - 1));
          }
          this.checkNots({ line: m.line, col: m.start });
          this.accept(m);
          break;
        }
        case 'CHECK-EMPTY': {
          const want = this.lastLine + 1;
          if (want >= this.lines.length || this.lines[want] !== '') this.fail(d, 'expected an empty line after the previous match', Math.min(want, this.lines.length - 1));
          this.checkNots({ line: want, col: 0 });
          this.cur = { line: want, col: 0 };
          this.lastLine = want;
          break;
        }
        case 'CHECK-DAG': {
          let j = i;
          while (j < ds.length && ds[j]!.kind === 'CHECK-DAG') j++;
          this.dagGroup(ds.slice(i, j));
          i = j - 1;
          break;
        }
      }
    }
    this.checkNots(undefined);
  }

  /** Consecutive CHECK-DAGs: each matches somewhere after the cursor, in any order, without overlapping. */
  private dagGroup(group: readonly Directive[]): void {
    const taken: Match[] = [];
    const overlaps = (m: Match): boolean => taken.some((t) => t.line === m.line && m.start < t.end && t.start < m.end);
    for (const d of group) {
      const re = compile(d, this.vars);
      let from: Pos = this.cur;
      let m = this.search(re, from);
      while (m !== undefined && overlaps(m)) {
        from = { line: m.line, col: m.start + 1 };
        m = this.search(re, from);
      }
      if (m === undefined) this.fail(d, 'expected pattern not found after the previous match', Math.min(this.cur.line, this.lines.length - 1));
      for (const [k, v] of m.defs) this.vars.set(k, v);
      taken.push(m);
    }
    const first = taken.reduce((a, b) => (b.line < a.line || (b.line === a.line && b.start < a.start) ? b : a));
    const last = taken.reduce((a, b) => (b.line > a.line || (b.line === a.line && b.end > a.end) ? b : a));
    this.checkNots({ line: first.line, col: first.start });
    this.cur = { line: last.line, col: last.end };
    this.lastLine = last.line;
  }
}

/** Number of CHECK directives in a text (a golden case without any checks its output against nothing). */
export function countChecks(checkText: string): number {
  return checkText.split('\n').filter((l) => DIRECTIVE.test(l)).length;
}

/** Checks `output` against the CHECK directives found in `checkText` (anywhere on a line, e.g. after `//`). */
export function fileCheck(checkText: string, output: string): FileCheckResult {
  try {
    const ds = parseDirectives(checkText);
    if (ds.length === 0) return { ok: false, message: 'no CHECK directives found' };
    new Checker(output).run(ds);
    return { ok: true, message: `${ds.length} directives matched` };
  } catch (e) {
    if (e instanceof CheckFailure) return { ok: false, message: e.message };
    throw e;
  }
}
