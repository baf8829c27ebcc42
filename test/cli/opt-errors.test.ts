// `litec opt` on bad IR and bad pipelines: file:line:col (or --passes:1:col) in one line, exit 2, no -o file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoOutput, assertUserError, litec, scratchDir } from './cli-harness.js';

const dir = scratchDir('opt');

function mlir(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

const GOOD = mlir(
  'good.mlir',
  `func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.relu"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
`,
);

/** Runs opt with -o into the scratch folder and checks the contract, including that no output was written. */
async function optFails(argv: string[], mentions: (string | RegExp)[], code: string): Promise<string> {
  const out = join(dir, 'out.mlir');
  const line = assertUserError(await litec('opt', ...argv, '-o', out), { code, mentions });
  assertNoOutput(dir, 'out.mlir');
  return line;
}

test('the good file passes (so the failures below are about what each case breaks)', async () => {
  const r = await litec('opt', GOOD, '--passes', 'canonicalize');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"tfl\.relu"/);
});

test('a syntax error gives file:line:col', async () => {
  const f = mlir(
    'syntax.mlir',
    `func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.relu"(%x) : (tensor<1x4xf32> -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
`,
  );
  // Line 2, at the '->' the missing ')' should precede (column 42).
  await optFails([f], [`${f}:2:42:`, "expected ')'"], 'LC3001');
});

test('an unknown op names the op at its line', async () => {
  const f = mlir(
    'unknown.mlir',
    `func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.frobnicate"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
`,
  );
  await optFails([f], [`${f}:2:`, "unknown op 'tfl.frobnicate'"], 'LC3002');
});

test('a type mismatch caught by the verifier names the op and the shapes', async () => {
  const f = mlir(
    'types.mlir',
    `func.func @f(%x: tensor<1x4xf32>, %y: tensor<1x5xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.add"(%x, %y) {fused_activation_function = "NONE"} : (tensor<1x4xf32>, tensor<1x5xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
`,
  );
  await optFails([f], [`${f}:2:`, "'tfl.add'", '[1,4]', '[1,5]'], 'LC3004');
});

test('a use whose type differs from its definition is a type mismatch', async () => {
  const f = mlir(
    'use-type.mlir',
    `func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = "tfl.relu"(%x) : (tensor<1x4xf32>) -> tensor<1x4xi32>
  return %0 : tensor<1x4xf32>
}
`,
  );
  await optFails([f], [`${f}:3:`, '%0', 'tensor<1x4xi32>'], 'LC3003');
});

test('pipeline errors: unknown pass, bad option, syntax error with the column', async () => {
  await optFails([GOOD, '--passes', 'canonicalize,fuze-activation'], ["unknown pass 'fuze-activation'", 'litec passes'], 'LC4001');
  await optFails([GOOD, '--passes', 'fold-constants{bogus=1}'], ["has no option 'bogus'"], 'LC4002');
  // 'canonicalize ' is 13 characters: the stray 'cse' starts at column 14.
  await optFails([GOOD, '--passes', 'canonicalize cse'], ['--passes:1:14:', "expected ','"], 'LC4003');
});

test('a missing input file, a folder, and binary junk', async () => {
  await optFails([join(dir, 'absent.mlir')], [join(dir, 'absent.mlir'), 'no such file'], 'LC1002');
  await optFails([dir], [dir, 'cannot read'], 'LC1002');
  const junk = join(dir, 'junk.mlir');
  writeFileSync(junk, Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) % 256));
  await optFails([junk], [`${junk}:1:`], 'LC3001');
});

test('-o into a folder that does not exist: one line naming the folder, no temp file', async () => {
  const out = join(dir, 'no-such-folder', 'out.mlir');
  const line = assertUserError(await litec('opt', GOOD, '-o', out), { code: 'LC1005', mentions: [out, 'does not exist'] });
  assert.doesNotMatch(line, /\.tmp/, 'the message must not name the temp file');
  assertNoOutput(dir);
});
