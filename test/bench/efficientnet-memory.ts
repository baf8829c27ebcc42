// Peak memory of `litec compile` on EfficientNet-Lite: child processes (scripts/bench-rss.mjs) report their maxRSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { efficientNetArch } from '../../src/zoo/efficientnet-arch.js';
import { formatNumber, type GoalFigure } from './report.js';

/** Peak RSS may be at most this many times the float model, plus the calibration batch. */
const MEMORY_GOAL_FACTOR = 3;

export interface RssRun {
  readonly label: string;
  readonly args: readonly string[];
  readonly maxRssBytes: number;
  readonly exitCode: number;
  readonly ms: number;
}

export interface MemoryResult {
  readonly startup: RssRun;
  readonly runs: RssRun[];
  readonly figures: GoalFigure[];
  readonly note: string;
}

/** The repository root (the folder whose package.json names litec), from src or from dist. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'litec') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the litec package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Runs the litec CLI in a fresh node process and returns its peak RSS. */
export function peakRss(label: string, args: readonly string[]): RssRun {
  const root = repoRoot();
  const script = join(root, 'scripts', 'bench-rss.mjs');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const line = /^bench-rss (\{.*\})$/m.exec(r.stdout ?? '')?.[1];
  if (line === undefined) throw new Error(`bench: ${label}: no peak RSS reported (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  const parsed = JSON.parse(line) as { exitCode: number; maxRssKb: number };
  // Exit 3 means "compiled, some ops fall back to the CPU": still a finished compile.
  if (parsed.exitCode !== 0 && parsed.exitCode !== 3) throw new Error(`bench: ${label}: litec exited ${parsed.exitCode}: ${(r.stderr ?? '').trim().split('\n')[0]}`);
  return { label, args, maxRssBytes: parsed.maxRssKb * 1024, exitCode: parsed.exitCode, ms };
}

const mb = (b: number): string => `${formatNumber(b / 1e6)} MB`;

/**
 * Peak RSS of `litec compile MODEL --target cpu --quantize int8` on synthetic samples, with and without the
 * runtime check, against the float model size (floatSizes, bytes of the float .tflite per model).
 */
export function compileMemory(models: readonly string[], floatSizes: ReadonlyMap<string, number>, samples: number, log: (line: string) => void): MemoryResult {
  // Start-up RSS is small and jittery (a cold file cache, a concurrent build): the least of three runs.
  const startup = [0, 1, 2].map(() => peakRss('start-up (litec --version)', ['--version'])).reduce((a, b) => (b.maxRssBytes < a.maxRssBytes ? b : a));
  log(`litec start-up RSS: ${mb(startup.maxRssBytes)}`);
  const out = mkdtempSync(join(tmpdir(), 'litec-bench-'));
  const runs: RssRun[] = [];
  const figures: GoalFigure[] = [];
  try {
    for (const model of models) {
      const res = efficientNetArch(model).params.resolution;
      const batch = samples * res * res * 3 * 4;
      const float = floatSizes.get(model) ?? NaN;
      const goal = MEMORY_GOAL_FACTOR * float + batch;
      const base = ['compile', model, '--target', 'cpu', '--quantize', 'int8', '--calibration-data', 'synthetic', '--samples', String(samples), '-o', join(out, `${model}.tflite`), '--quiet'];
      const full = peakRss(`${model} cpu int8`, base);
      // Attribution run (what the runtime check adds) on the first model only: each CLI compile of lite4 takes a minute.
      const noCheck = model === models[0] ? peakRss(`${model} cpu int8 --no-runtime-check`, [...base, '--no-runtime-check']) : undefined;
      runs.push(full, ...(noCheck === undefined ? [] : [noCheck]));
      log(`${model} cpu int8: peak RSS ${mb(full.maxRssBytes)}${noCheck === undefined ? '' : ` (without the runtime check ${mb(noCheck.maxRssBytes)})`}`);
      const short = model.replace('efficientnet-', '');
      const row = (name: string, bytes: number): GoalFigure => ({
        name,
        value: bytes / 1e6,
        unit: 'MB',
        baseline: `float model ${mb(float)}`,
        ratio: bytes / float,
        goal: `< ${MEMORY_GOAL_FACTOR}x float + batch (${mb(goal)})`,
        met: bytes < goal,
      });
      figures.push(row(`peak RSS, litec compile ${short} cpu int8 (${samples} samples)`, full.maxRssBytes));
      figures.push(row(`peak RSS above litec's start-up RSS (${mb(startup.maxRssBytes)}), ${short} cpu int8`, full.maxRssBytes - startup.maxRssBytes));
      if (noCheck !== undefined) figures.push(row(`peak RSS above start-up, ${short} cpu int8 with --no-runtime-check`, noCheck.maxRssBytes - startup.maxRssBytes));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const note =
    `Peak RSS: maxRSS of a fresh process running the litec CLI (it also builds the float-vs-int8 accuracy report; \`node scripts/bench-rss.mjs compile ...\`, started from a small parent so Linux does not charge it the benchmark's own memory); the batch is ${samples} ` +
    `float32 input samples; start-up = the least of three such processes running \`--version\` (Node and the loaded code).`;
  return { startup, runs, figures, note };
}
