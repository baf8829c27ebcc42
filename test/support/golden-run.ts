// Golden-test machinery shared by test/golden.test.ts and test/golden-update.ts: cases, RUN lines, checks.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import { countChecks, fileCheck } from './filecheck.js';
import { SHARED_MODELS, sharedModelsPresent } from './shared-models.js';

/** The repository root (works from test/support and from the compiled dist/test/support). */
export const REPO_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'litec') return dir;
    dir = dirname(dir);
  }
  throw new Error('internal: cannot find the litec repository root');
})();

export const GOLDEN_DIR = join(REPO_ROOT, 'golden');

/** Golden files with this extension under golden/ (sorted; `Inputs/` folders hold inputs, not tests). */
export function goldenFiles(ext: string, dir: string = GOLDEN_DIR): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'Inputs') out.push(...goldenFiles(ext, p));
    } else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

export interface GoldenCase {
  /** Path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the case's first line in the golden file. */
  readonly startLine: number;
  /** The case text; its line 1 is `startLine` of the file (as with MLIR's --split-input-file). */
  readonly text: string;
  /** The RUN command (the case's own, else the first case's, as MLIR puts one RUN line on top). */
  readonly run: string | undefined;
}

const SPLIT = /^\/\/ -----\s*$/;
const RUN = /^\s*\/\/\s*RUN:\s*(.*)$/;

export function runLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => RUN.exec(l)?.[1]?.trim())
    .filter((x): x is string => x !== undefined && x !== '');
}

export function splitCases(path: string): GoldenCase[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const cases: GoldenCase[] = [];
  let start = 0;
  let inherited: string | undefined;
  const flush = (end: number): void => {
    const text = lines.slice(start, end).join('\n');
    if (text.trim() === '') return;
    const own = runLines(text);
    if (own.length > 1) throw new Error(`${path}:${start + 1}: a case may have one RUN line, found ${own.length}`);
    inherited ??= own[0];
    cases.push({ file: relative(REPO_ROOT, path), startLine: start + 1, text, run: own[0] ?? inherited });
  };
  lines.forEach((l, i) => {
    if (SPLIT.test(l)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return cases;
}

/** Splits a command like a POSIX shell would for simple quoting ('...', "...", backslash). */
export function shellSplit(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in RUN line: ${cmd}`);
      cur += cmd.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < cmd.length && cmd[j] !== '"'; j++) cur += cmd[j] === '\\' && j + 1 < cmd.length ? cmd[++j] : cmd[j];
      if (j >= cmd.length) throw new Error(`unterminated " in RUN line: ${cmd}`);
      has = true;
      i = j;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i];
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

export interface RunSpec {
  readonly argv: string[];
  /** `2>&1` in the RUN line: stderr is captured with stdout. */
  readonly mergeStderr: boolean;
}

/** Turns `litec opt %s --passes='x' | FileCheck %s` into argv for runCli, substituting `%s`, `%S`, `%models`. */
export function parseRun(run: string, subst: Readonly<Record<string, string>>): RunSpec {
  const cmd = run.replace(/\s\|\s*FileCheck\b.*$/, '').trim();
  const words = shellSplit(cmd);
  if (words[0] !== 'litec') throw new Error(`RUN line must start with 'litec': ${run}`);
  let mergeStderr = false;
  const argv: string[] = [];
  for (const w of words.slice(1)) {
    if (w === '2>&1') mergeStderr = true;
    else if (w === '--split-input-file' || w === '--verify-diagnostics') continue; // the runner does both itself
    else argv.push(w.replace(/%models|%[sS]/g, (k) => subst[k] ?? k));
  }
  return { argv, mergeStderr };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `litec <argv>` in this process, capturing its output. */
export async function runLitec(argv: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

export interface ExpectedError {
  /** 1-based line in the case the error must point at. */
  readonly line: number;
  readonly text: string;
  /** Line of the expected-error comment itself. */
  readonly at: number;
}

const EXPECTED = /expected-error\s*(?:@([+-]\d+))?\s*\{\{(.*)\}\}/;

export function expectedErrors(caseText: string): ExpectedError[] {
  const out: ExpectedError[] = [];
  caseText.split('\n').forEach((l, i) => {
    const m = EXPECTED.exec(l);
    if (m !== null) out.push({ line: i + 1 + (m[1] === undefined ? 0 : Number(m[1])), text: m[2]!, at: i + 1 });
  });
  return out;
}

/** Returns what is wrong with the errors printed for `path`, or undefined when they are exactly the expected ones. */
export function checkErrors(expected: readonly ExpectedError[], result: CliResult, path: string): string | undefined {
  if (result.code === 0) return `expected the command to fail, it exited 0; stdout:\n${result.stdout}`;
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  const errorLines = lines.filter((l) => / error( LC\d+)?:/.test(l));
  const lineOf = (l: string): number | undefined => {
    const i = l.indexOf(path + ':');
    if (i < 0) return undefined;
    const m = /^(\d+)(?::\d+)?/.exec(l.slice(i + path.length + 1));
    return m === null ? undefined : Number(m[1]);
  };
  const used = new Set<string>();
  for (const e of expected) {
    const hit = errorLines.find((l) => lineOf(l) === e.line && l.includes(e.text));
    if (hit === undefined) return `expected an error at line ${e.line} (from the expected-error on line ${e.at}) containing "${e.text}"; stderr was:\n${result.stderr}`;
    used.add(hit);
  }
  const unexpected = errorLines.filter((l) => !used.has(l) && lineOf(l) !== undefined);
  if (unexpected.length > 0) return `unexpected error(s):\n${unexpected.join('\n')}`;
  return undefined;
}

let scratch: string | undefined;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'litec-golden-'));
  return scratch;
}

/** Runs one golden case; returns undefined on success or a failure report. */
export async function runGoldenCase(c: GoldenCase): Promise<string | undefined> {
  if (c.run === undefined) return 'the case has no RUN line (and the file has none on top)';
  const base = c.file.replace(/[\\/]/g, '_').replace(/\.mlir$/, '');
  const path = join(scratchDir(), `${base}.L${c.startLine}.mlir`);
  writeFileSync(path, c.text);
  const spec = parseRun(c.run, { '%s': path, '%S': dirname(resolve(REPO_ROOT, c.file)), '%models': SHARED_MODELS });
  const result = await runLitec(spec.argv);
  const where = `RUN: litec ${spec.argv.join(' ')}`;
  const expected = expectedErrors(c.text);
  if (expected.length > 0) {
    const bad = checkErrors(expected, result, path);
    return bad === undefined ? undefined : `${where}\n${bad}`;
  }
  if (result.code !== 0) return `${where}\nexited ${result.code}; stderr:\n${result.stderr}`;
  if (countChecks(c.text) === 0) return 'the case has neither CHECK lines nor expected-error comments';
  const output = spec.mergeStderr ? result.stdout + result.stderr : result.stdout;
  const r = fileCheck(c.text, output);
  return r.ok ? undefined : `${where}\n${r.message}\n(case starts at ${c.file}:${c.startLine}; check lines are relative to it)`;
}

export interface Snapshot {
  readonly path: string;
  readonly runLine: string;
  readonly expected: string;
  /** Set when the command needs ../shared/models and it is absent. */
  readonly skip: string | false;
}

export function readSnapshot(path: string): Snapshot {
  const text = readFileSync(path, 'utf8');
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const run = RUN.exec(first)?.[1]?.trim();
  if (run === undefined) throw new Error(`${path}: the first line must be '// RUN: litec ...'`);
  const skip = run.includes('%models') && !sharedModelsPresent() ? `../shared/models is absent (${SHARED_MODELS})` : false;
  return { path, runLine: first, expected: nl < 0 ? '' : text.slice(nl + 1), skip };
}

/** Runs a snapshot's command; `%S` is its folder relative to the current directory, so output is portable. */
export async function runSnapshot(s: Snapshot): Promise<{ actual: string; argv: string[]; result: CliResult }> {
  const dir = relative(process.cwd(), dirname(s.path)) || '.';
  const spec = parseRun(RUN.exec(s.runLine)![1]!.trim(), { '%S': dir, '%s': relative(process.cwd(), s.path), '%models': SHARED_MODELS });
  const result = await runLitec(spec.argv);
  return { actual: spec.mergeStderr ? result.stdout + result.stderr : result.stdout, argv: spec.argv, result };
}

/** First differing line of two texts, for a readable snapshot failure. */
export function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 2} of the snapshot differs:\n  expected: ${a[i] ?? '<end of file>'}\n  actual:   ${b[i] ?? '<end of output>'}`;
  }
  return 'texts are equal';
}
