// The real process: exit codes 0/2 as the shell sees them, one stderr line without a stack, no hang; and exit 70.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { REPO_ROOT } from '../support/golden-run.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { STACK_FRAME, assertNoOutput, scratchDir } from './cli-harness.js';

const skip = skipUnlessShared();
const dir = scratchDir('process');
const ENTRY = join(REPO_ROOT, 'test', 'cli', 'litec-entry.ts');
const BIN = join(REPO_ROOT, 'bin', 'litec.js');
const DIST_MAIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

interface Proc {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns node with `args` from the repository root; a hang shows up as a null status after the timeout. */
function node(args: string[]): Proc {
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function errLines(p: Proc): string[] {
  return p.stderr.split('\n').filter((l) => l.trim() !== '');
}

test('a corrupt .tflite: the process exits 2 with one stderr line and no stack, and writes nothing', { skip, timeout: 90_000 }, () => {
  const bad = join(dir, 'cut.tflite');
  const bytes = readFileSync(sharedModel('tflite/hello_world_float.tflite'));
  writeFileSync(bad, bytes.subarray(0, 700));
  const p = node(['--import', 'tsx', ENTRY, 'compile', bad, '-o', join(dir, 'out', 'cut.tflite')]);
  assert.equal(p.signal, null, 'the process was killed (hang?)');
  assert.equal(p.status, 2, p.stderr);
  assert.equal(errLines(p).length, 1, p.stderr);
  assert.match(errLines(p)[0]!, new RegExp(`^litec: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error LC2001: `));
  assert.doesNotMatch(p.stderr, STACK_FRAME);
  assertNoOutput(dir, join('out', 'cut.tflite'));
});

test('a good compile exits 0 and the process ends (the TFLite runtime keeps nothing alive)', { skip, timeout: 90_000 }, () => {
  const out = join(dir, 'ok', 'hello.tflite');
  const p = node(['--import', 'tsx', ENTRY, 'compile', sharedModel('tflite/hello_world_float.tflite'), '-o', out, '--quiet']);
  assert.equal(p.signal, null, 'the process was killed (hang?)');
  assert.equal(p.status, 0, p.stderr);
  assert.ok(existsSync(out));
  assertNoOutput(join(dir, 'ok'));
});

test('bin/litec.js (the installed command, running dist/) exits 2 on a bad flag with one line', { skip: existsSync(DIST_MAIN) ? false : 'dist/ is not built (npm test builds it)', timeout: 90_000 }, () => {
  const p = node([BIN, 'inspect', join(dir, 'absent.tflite'), '--jsn']);
  assert.equal(p.status, 2, p.stderr);
  assert.equal(errLines(p).length, 1, p.stderr);
  assert.match(errLines(p)[0]!, /^litec: .*error LC1001: .*--jsn/);
  assert.doesNotMatch(p.stderr, STACK_FRAME);
});

test('an internal error (anything but a LitecError) exits 70 with the stack and a please-report line', async () => {
  // The command itself succeeds; writing its output fails with a TypeError, which no user input can cause.
  let stderr = '';
  const code = await runCli(['passes'], {
    stdout: () => {
      throw new TypeError('simulated bug: cannot write');
    },
    stderr: (s) => void (stderr += s),
  });
  assert.equal(code, 70);
  assert.match(stderr, /^litec: internal error: simulated bug: cannot write$/m);
  assert.match(stderr, STACK_FRAME, 'an internal error must print its stack');
  assert.match(stderr, /please report/i);
});

test('a thrown non-Error value is an internal error too, not a crash', async () => {
  let stderr = '';
  const code = await runCli(['--version'], {
    stdout: () => {
      throw 'a string, not an Error';
    },
    stderr: (s) => void (stderr += s),
  });
  assert.equal(code, 70);
  assert.match(stderr, /internal error: a string, not an Error/);
  assert.match(stderr, /please report/i);
});
