// Runs the litec CLI (built dist/) in a fresh process, then prints that process's peak RSS (the memory benchmark).
// usage: node scripts/bench-rss.mjs <litec arguments...>   → last stdout line: bench-rss {"exitCode":0,"maxRssKb":...}
// Linux starts a forked-then-exec'd process's ru_maxrss at its parent's resident size, so a child of the (large)
// benchmark process would report the benchmark's memory. This script therefore re-starts itself once: the copy it
// starts has a small parent (this script, before it loads anything) and runs the CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = 'LITEC_BENCH_RSS_CHILD';

if (process.env[CHILD] !== '1') {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [CHILD]: '1' },
  });
  process.exitCode = r.status ?? 1;
} else {
  const { runCli } = await import('../dist/src/cli/main.js');
  const exitCode = await runCli(process.argv.slice(2));
  process.stdout.write(`\nbench-rss ${JSON.stringify({ exitCode, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  process.exitCode = 0;
}
