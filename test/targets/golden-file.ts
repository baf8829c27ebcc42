// Exact-match golden files under golden/targets; LITEC_UPDATE_GOLDENS=1 rewrites them (review the diff before committing).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'golden', 'targets');

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  expected: ${a[i] ?? '<end of file>'}\n  actual:   ${b[i] ?? '<end of file>'}`;
  }
  return 'no difference';
}

/** Compares `actual` with golden/targets/<name>; with LITEC_UPDATE_GOLDENS=1 writes it instead. */
export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env['LITEC_UPDATE_GOLDENS'] === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden/targets/${name} is missing; run LITEC_UPDATE_GOLDENS=1 node scripts/run-tests.mjs test/targets/ and review it`);
  const expected = readFileSync(path, 'utf8');
  if (expected !== actual) assert.fail(`golden/targets/${name} differs, ${firstDifference(expected, actual)}\nIf the change is intended: LITEC_UPDATE_GOLDENS=1 node scripts/run-tests.mjs test/targets/ and review the diff.`);
}
