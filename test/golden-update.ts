// Rewrites every golden/**/*.snap with the current output of its RUN command (review the diff before committing).
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT, goldenFiles, readSnapshot, runSnapshot } from './support/golden-run.js';

async function main(): Promise<number> {
  // Snapshot commands name files relative to the repository root; run from there so outputs are stable.
  process.chdir(REPO_ROOT);
  let changed = 0;
  let same = 0;
  let skipped = 0;
  let failed = 0;
  for (const path of goldenFiles('.snap')) {
    const snap = readSnapshot(path);
    const rel = relative(REPO_ROOT, path);
    if (snap.skip !== false) {
      console.log(`skip     ${rel}: ${snap.skip}`);
      skipped++;
      continue;
    }
    const { actual, result } = await runSnapshot(snap);
    if (result.code !== 0 && !snap.runLine.includes('2>&1')) {
      console.error(`FAILED   ${rel}: exit ${result.code}\n${result.stderr}`);
      failed++;
      continue;
    }
    if (actual === snap.expected) {
      same++;
      continue;
    }
    writeFileSync(path, `${snap.runLine}\n${actual}`);
    console.log(`updated  ${rel}`);
    changed++;
  }
  console.log(`${changed} updated, ${same} unchanged, ${skipped} skipped, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
