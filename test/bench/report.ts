// Benchmark report: the figure rows every module returns, the printed text, bench/results.json and the README table.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { BenchFigure } from './core-bench.js';

/** A BenchFigure with an optional goal; `met` says whether this run reached it. */
export interface GoalFigure extends BenchFigure {
  goal?: string;
  met?: boolean;
}

/** What one bench module produced: its rows, a printable text, an optional extra README table and raw data. */
export interface BenchSection {
  readonly name: string;
  readonly figures: GoalFigure[];
  /** Human-readable detail printed after the module runs (may be empty). */
  readonly text: string;
  /** A markdown table the README shows after the figures table (may be empty). */
  readonly markdown?: string;
  /** Module-specific numbers kept in results.json. */
  readonly data?: unknown;
  /** Set when the module threw: the run goes on, the failure is reported. */
  readonly error?: string;
  readonly ms: number;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly os: string;
  readonly memoryGb: number;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  readonly loadAverage: number;
  readonly date: string;
}

export interface BenchResults {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly totalMs: number;
  readonly sections: BenchSection[];
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

export function machineInfo(now = new Date()): MachineInfo {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    node: process.version,
    os: `${platform()} ${release()}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: now.toISOString(),
  };
}

/** Three significant digits, grouped thousands for large values. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

export function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '';
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

function goalCell(f: GoalFigure): string {
  if (f.goal === undefined) return '';
  return f.met === undefined ? f.goal : `${f.goal} ${f.met ? '✓' : '✗'}`;
}

/** Markdown cells cannot hold a raw `|`. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The printed text of one section: its figures, one line each, then its detail text. */
export function formatSection(s: BenchSection): string {
  const lines = [`== ${s.name} (${(s.ms / 1000).toFixed(1)} s)`];
  if (s.error !== undefined) lines.push(`  FAILED: ${s.error}`);
  for (const f of s.figures) {
    const base = f.baseline === undefined ? '' : `  vs ${f.baseline}${f.ratio === undefined ? '' : `: ${formatRatio(f.ratio)}`}`;
    const goal = f.goal === undefined ? '' : `  [goal ${goalCell(f)}]`;
    lines.push(`  ${f.name}: ${formatNumber(f.value)} ${f.unit}${base}${goal}`);
  }
  if (s.text.trim() !== '') lines.push(s.text.replace(/^/gm, '  '));
  return lines.join('\n');
}

export function machineLine(m: MachineInfo): string {
  return `${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGb} GB), Node ${m.node}, ${m.os}, load average ${m.loadAverage} at start`;
}

/** The README block between the markers (markers included). */
export function readmeBlock(r: BenchResults): string {
  const rows = ['| figure | value | baseline (same run) | ratio | goal |', '|---|---|---|---|---|'];
  for (const s of r.sections) {
    if (s.error !== undefined) rows.push(`| ${cell(s.name)}: failed | ${cell(s.error.split('\n')[0] ?? '')} | | | |`);
    for (const f of s.figures) {
      // Indented names are sub-rows of the row above (markdown would drop the indent).
      const name = /^\s+/.test(f.name) ? `↳ ${f.name.trim()}` : f.name;
      rows.push(`| ${cell(name)} | ${formatNumber(f.value)} ${f.unit} | ${cell(f.baseline ?? '')} | ${formatRatio(f.ratio)} | ${cell(goalCell(f))} |`);
    }
  }
  const extra = r.sections.map((s) => s.markdown ?? '').filter((m) => m.trim() !== '');
  return [
    README_START,
    `Measured ${machineLine(r.machine)}; the full run took ${(r.totalMs / 60000).toFixed(1)} min. Ratio = value ÷ baseline.`,
    '',
    ...rows,
    ...extra.flatMap((m) => ['', m]),
    README_END,
  ].join('\n');
}

/**
 * Replaces the text between the markers; without markers, appends a `## Benchmarks` section holding them. Text
 * outside the markers is kept byte for byte.
 */
export function spliceReadme(readme: string, block: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + block + readme.slice(end + README_END.length);
  const sep = readme.endsWith('\n') ? '\n' : '\n\n';
  return `${readme}${sep}## Benchmarks\n\n\`npm run bench\` (tinybench) measures every figure against a baseline taken in the same run and rewrites the\ntable below.\n\n${block}\n`;
}
