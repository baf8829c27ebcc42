// Bad command-line flags: one line naming the flag and what it expects, exit 2, before any model is read or written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { assertNoOutput, assertUserError, litec, scratchDir } from './cli-harness.js';

const skip = skipUnlessShared();
const root = scratchDir('flags');
/** A tiny real model, so the flag errors that come after import (pipelines) are reached quickly. */
const MODEL = sharedModel('tflite/hello_world_float.tflite');

interface FlagCase {
  name: string;
  argv: string[];
  mentions: (string | RegExp)[];
  code: string;
}

const flagCases: FlagCase[] = [
  { name: 'unknown flag', argv: ['--bogus'], code: 'LC1001', mentions: ["unknown option '--bogus'", "litec compile --help"] },
  { name: 'misspelt flag suggests the right one', argv: ['--quantise', 'int8'], code: 'LC1001', mentions: ["unknown option '--quantise'", "did you mean '--quantize'"] },
  { name: '--target tpu', argv: ['--target', 'tpu'], code: 'LC1001', mentions: ['--target', 'cpu|gpu|edgetpu', "'tpu'"] },
  { name: '--quantize int4', argv: ['--quantize', 'int4'], code: 'LC1001', mentions: ['--quantize', 'int8', "'int4'"] },
  { name: '--input-shape 1,x,3', argv: ['--input-shape', '1,x,3'], code: 'LC1001', mentions: ['--input-shape', "'1,x,3'"] },
  { name: '--samples -1', argv: ['--samples', '-1'], code: 'LC1001', mentions: ['--samples', 'positive integer', "'-1'"] },
  { name: '--samples=-1', argv: ['--samples=-1'], code: 'LC1001', mentions: ['--samples', 'positive integer', "'-1'"] },
  { name: '--samples too large for an int', argv: ['--samples', '99999999999999999999'], code: 'LC1001', mentions: ['--samples', 'at most 2147483647'] },
  { name: 'missing value at the end', argv: ['--target'], code: 'LC1001', mentions: ['--target needs a value'] },
  { name: 'missing value before another option', argv: ['--passes', '--quiet'], code: 'LC1001', mentions: ['--passes needs a value', "'--quiet'"] },
  { name: 'a value for a switch', argv: ['--strict=yes'], code: 'LC1001', mentions: ['--strict takes no value'] },
  { name: 'unknown pass name in --passes', argv: ['--passes', 'canonicalize,fold-constantz'], code: 'LC4001', mentions: ["unknown pass 'fold-constantz'", 'litec passes'] },
  { name: 'bad pass option', argv: ['--passes', 'fold-constants{bogus=1}'], code: 'LC4002', mentions: ["'fold-constants' has no option 'bogus'", 'max-elements'] },
  { name: 'bad pass option value', argv: ['--passes', 'fold-constants{max-elements=lots}'], code: 'LC4002', mentions: ['max-elements', "'lots'"] },
  // The column: 'canonicalize,' is 13 characters, so the stray ',' is at column 14.
  { name: 'pipeline syntax error shows the column', argv: ['--passes', 'canonicalize,,cse'], code: 'LC4003', mentions: ['--passes:1:14:', "expected a pass name, found ','"] },
  { name: 'unclosed pass options show the column', argv: ['--passes', 'fold-constants{max-elements=4'], code: 'LC4003', mentions: [/--passes:1:\d+:/, "expected '}'"] },
  { name: 'two model arguments', argv: [MODEL], code: 'LC1001', mentions: ['unexpected argument'] },
  { name: '--mean that is not a number', argv: ['--mean', 'abc'], code: 'LC1001', mentions: ['--mean', "'abc'"] },
];

for (const c of flagCases) {
  test(`compile ${c.name}`, { skip }, async () => {
    const dir = mkdtempSync(join(root, 'c-'));
    const r = await litec('compile', MODEL, '-o', join(dir, 'out.tflite'), '--quiet', ...c.argv);
    assertUserError(r, { code: c.code, mentions: c.mentions });
    assertNoOutput(dir, 'out.tflite');
  });
}

test('flag errors come before the model is looked at (a missing model is not reported instead)', async () => {
  const dir = mkdtempSync(join(root, 'order-'));
  const r = await litec('compile', join(dir, 'absent.pb'), '-o', join(dir, 'out.tflite'), '--target', 'tpu');
  assertUserError(r, { code: 'LC1001', mentions: ['--target'] });
  assertNoOutput(dir, 'out.tflite');
});

test('-o with no value, and an unknown command', async () => {
  assertUserError(await litec('compile', 'x.pb', '-o'), { code: 'LC1001', mentions: ['-o/--output needs a value'] });
  assertUserError(await litec('comple', 'x.pb'), { code: 'LC1001', mentions: ["unknown command 'comple'", 'compile'] });
});

test('the other commands check their flags the same way', async () => {
  assertUserError(await litec('inspect', 'm.tflite', '--jsn'), { code: 'LC1001', mentions: ["unknown option '--jsn'", "did you mean '--json'", 'litec inspect --help'] });
  assertUserError(await litec('inspect'), { code: 'LC1001', mentions: ['missing MODEL'] });
  assertUserError(await litec('run', 'm.tflite', '--inptu', 'x.npy'), { code: 'LC1001', mentions: ["unknown option '--inptu'", "did you mean '--input'"] });
  assertUserError(await litec('opt', 'f.mlir', '--passes'), { code: 'LC1001', mentions: ['--passes needs a value'] });
  assertUserError(await litec('passes', '--target'), { code: 'LC1001', mentions: ['--target needs a value'] });
});

test('--help still works and exits 0 (flag checking does not reject it)', async () => {
  for (const cmd of ['compile', 'inspect', 'run', 'opt', 'passes']) {
    const r = await litec(cmd, '--help');
    assert.equal(r.code, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(r.stdout, /usage: litec/);
  }
});
