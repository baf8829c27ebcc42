// Golden tests: every case of golden/**/*.mlir runs its RUN line in process and is FileChecked; *.snap compared.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, firstDifference, goldenFiles, readSnapshot, runGoldenCase, runSnapshot, splitCases } from './support/golden-run.js';

for (const file of goldenFiles('.mlir')) {
  for (const c of splitCases(file)) {
    test(`${c.file}:${c.startLine}`, async () => {
      const failure = await runGoldenCase(c);
      if (failure !== undefined) assert.fail(`${c.file}:${c.startLine}: ${failure}`);
    });
  }
}

for (const path of goldenFiles('.snap')) {
  const snap = readSnapshot(path);
  test(relative(REPO_ROOT, path), { skip: snap.skip }, async () => {
    const { actual, argv, result } = await runSnapshot(snap);
    if (actual !== snap.expected) {
      assert.fail(
        `${relative(REPO_ROOT, path)}: output of 'litec ${argv.join(' ')}' (exit ${result.code}) differs from the snapshot; ` +
          `${firstDifference(snap.expected, actual)}\nIf the change is intended, run 'npm run golden:update' and review the diff.` +
          (result.stderr ? `\nstderr:\n${result.stderr}` : ''),
      );
    }
  });
}
