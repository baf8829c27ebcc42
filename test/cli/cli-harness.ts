// Shared by the CLI bad-input tests: run `litec` in-process, assert the one-line user-error contract, scratch dirs.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { sharedModel } from '../support/shared-models.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Non-empty stderr lines. */
  readonly errLines: string[];
}

/** Runs `litec <argv>` in this process with a capturing CliIO. */
export async function litec(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr, errLines: stderr.split('\n').filter((l) => l.trim() !== '') };
}

/** A stack frame as V8 prints it ("    at f (file:1:2)"). */
export const STACK_FRAME = /^\s+at\s/m;

export interface UserErrorExpectation {
  /** Diagnostic code, e.g. 'LC2001'. */
  code?: string;
  /** Texts the line must contain (file, node, op, flag, ...). */
  mentions?: readonly (string | RegExp)[];
}

/**
 * The contract for bad input: exit 2, exactly one stderr line `litec: ... error LCxxxx: ...`, no stack trace.
 * Returns the line for further checks.
 */
export function assertUserError(r: CliRun, want: UserErrorExpectation = {}): string {
  const context = `exit ${r.code}; stderr:\n${r.stderr}`;
  assert.equal(r.code, 2, `expected exit 2 (user error), got ${context}`);
  assert.equal(r.errLines.length, 1, `expected exactly one stderr line, got ${context}`);
  const line = r.errLines[0]!;
  assert.doesNotMatch(r.stderr, STACK_FRAME, 'a user error must not print a stack trace');
  assert.doesNotMatch(line, /internal error/i);
  assert.match(line, /^litec: (.+: )?error LC\d{4}: \S/, `not a one-line diagnostic: ${line}`);
  if (want.code !== undefined) assert.ok(line.includes(`error ${want.code}:`), `expected code ${want.code} in: ${line}`);
  for (const m of want.mentions ?? []) {
    if (typeof m === 'string') assert.ok(line.includes(m), `expected the message to mention "${m}": ${line}`);
    else assert.match(line, m);
  }
  return line;
}

/** Asserts `dir` holds no file named `name` and no temp files (`*.tmp`) anywhere below it. */
export function assertNoOutput(dir: string, name?: string): void {
  if (name !== undefined) assert.ok(!existsSync(join(dir, name)), `${name} must not be written after a failure`);
  const tmp = listAll(dir).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(tmp, [], `temp files left behind in ${dir}`);
}

function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listAll(p) : [p];
  });
}

/** A fresh temp folder, removed when the test file ends (call it at a test file's top level). */
export function scratchDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `litec-cli-${tag}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies a file or folder of ../shared/models into `dir` (writable: the shared copies are read-only). */
export function copyShared(rel: string, dir: string, name: string = rel.split('/').pop()!): string {
  const dest = join(dir, name);
  cpSync(sharedModel(rel), dest, { recursive: true });
  makeWritable(dest);
  return dest;
}

function makeWritable(p: string): void {
  const st = statSync(p);
  chmodSync(p, st.mode | 0o200 | (st.isDirectory() ? 0o100 : 0));
  if (st.isDirectory()) for (const n of readdirSync(p)) makeWritable(join(p, n));
}
