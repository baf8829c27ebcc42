// Golden runner pieces: case splitting, RUN lines, expected-error matching and snapshot files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkErrors, expectedErrors, firstDifference, parseRun, readSnapshot, runGoldenCase, shellSplit, splitCases } from '../support/golden-run.js';

const dir = mkdtempSync(join(tmpdir(), 'litec-golden-test-'));

test('splitCases: cases split at // -----, keep their start lines, inherit the top RUN line', () => {
  const path = join(dir, 'split.mlir');
  writeFileSync(path, ['// RUN: litec opt %s', 'a', '// -----', 'b', '// RUN: litec opt %s --print-loc', '// -----', 'c', ''].join('\n'));
  const cases = splitCases(path);
  assert.deepEqual(cases.map((c) => c.startLine), [1, 4, 7]);
  assert.deepEqual(cases.map((c) => c.run), ['litec opt %s', 'litec opt %s --print-loc', 'litec opt %s']);
  assert.equal(cases[1]!.text, 'b\n// RUN: litec opt %s --print-loc');
});

test('RUN lines: shell quoting, %s substitution, FileCheck pipes and runner-only flags are dropped', () => {
  assert.deepEqual(shellSplit(`litec opt %s --passes='a{x=1 y=2},b' "q \\"z\\""`), ['litec', 'opt', '%s', '--passes=a{x=1 y=2},b', 'q "z"']);
  const r = parseRun(`litec opt %s --passes='fuse-activation' --split-input-file --verify-diagnostics | FileCheck %s`, { '%s': '/t/c.mlir' });
  assert.deepEqual(r, { argv: ['opt', '/t/c.mlir', '--passes=fuse-activation'], mergeStderr: false });
  assert.equal(parseRun('litec inspect %S/m.tflite 2>&1', { '%S': 'golden/x' }).mergeStderr, true);
  assert.throws(() => parseRun('mlir-opt %s', {}), /must start with 'litec'/);
});

test('expected-error comments: @+N, @-N and same-line forms', () => {
  const e = expectedErrors(['// expected-error @+1 {{first}}', 'x', 'y // expected-error {{same line}}', 'z', '// expected-error @-1 {{above}}'].join('\n'));
  assert.deepEqual(e, [
    { line: 2, text: 'first', at: 1 },
    { line: 3, text: 'same line', at: 3 },
    { line: 4, text: 'above', at: 5 },
  ]);
});

test('checkErrors: needs a failing exit, the right line and text, and no unexpected errors', () => {
  const exp = [{ line: 3, text: "unknown op 'x.y'", at: 2 }];
  const err = (stderr: string, code = 2) => checkErrors(exp, { code, stdout: '', stderr }, '/t/c.mlir');
  assert.equal(err("litec: /t/c.mlir:3:8: error LC3002: unknown op 'x.y'\n"), undefined);
  assert.match(err("litec: /t/c.mlir:3:8: error LC3002: unknown op 'x.y'\n", 0)!, /expected the command to fail/);
  assert.match(err("litec: /t/c.mlir:4:8: error LC3002: unknown op 'x.y'\n")!, /expected an error at line 3/);
  assert.match(err('litec: /t/c.mlir:3:8: error LC3002: something else\n')!, /containing "unknown op 'x.y'"/);
  assert.match(err("litec: /t/c.mlir:3:8: error LC3002: unknown op 'x.y'\nlitec: /t/c.mlir:9:1: error LC3004: extra\n")!, /unexpected error\(s\):\n.*:9:1/);
});

test('runGoldenCase: a passing case, a failing CHECK and a case with nothing to check', async () => {
  const path = join(dir, 'case.mlir');
  writeFileSync(path, '// RUN: litec opt %s\n// CHECK: "tfl.relu"(%arg0)\nfunc.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {\n  %0 = "tfl.relu"(%x) : (tensor<2xf32>) -> tensor<2xf32>\n  return %0 : tensor<2xf32>\n}\n');
  const [good] = splitCases(path);
  assert.equal(await runGoldenCase(good!), undefined);
  const wrong = { ...good!, text: good!.text.replace('// CHECK: "tfl.relu"(%arg0)', '// CHECK: "tfl.relu6"') };
  assert.match((await runGoldenCase(wrong))!, /CHECK at check line 2: expected pattern not found/);
  const none = { ...good!, text: good!.text.replace(/\/\/ CHECK.*\n/, '') };
  assert.match((await runGoldenCase(none))!, /neither CHECK lines nor expected-error/);
  const noRun = { ...good!, run: undefined };
  assert.match((await runGoldenCase(noRun))!, /no RUN line/);
});

test('snapshots: first line is the RUN line, the rest the expected output; differences point at a line', () => {
  const path = join(dir, 's.snap');
  writeFileSync(path, '// RUN: litec opt %S/in.mlir\nmodule {\n}\n');
  const s = readSnapshot(path);
  assert.equal(s.runLine, '// RUN: litec opt %S/in.mlir');
  assert.equal(s.expected, 'module {\n}\n');
  assert.equal(s.skip, false);
  assert.match(firstDifference('a\nb\n', 'a\nc\n'), /line 3 of the snapshot differs:\n {2}expected: b\n {2}actual: {3}c/);
  writeFileSync(path, 'module {}\n');
  assert.throws(() => readSnapshot(path), /first line must be/);
});
