// The placement report: text for the terminal (verdict, Operator/Count/Status table, blocker, notes, suggestions) and JSON.
import { formatBytes } from './facts.js';
import type { OpPlacement, OpRef, Placement } from './target.js';

/** Exit codes of `litec compile` for a placement (same numbers as src/cli/exit-codes.ts). */
export const EXIT_ALL_MAPPED = 0;
export const EXIT_STRICT_FALLBACK = 2;
export const EXIT_CPU_FALLBACK = 3;

/** 0 when every op runs on the target; 3 when some fall back to the CPU (2 with --strict). */
export function placementExitCode(p: Placement, strict = false): number {
  if (p.verdict === 'all-mapped') return EXIT_ALL_MAPPED;
  return strict ? EXIT_STRICT_FALLBACK : EXIT_CPU_FALLBACK;
}

/** The report as the JSON object `--report-json` writes. */
export function placementJson(p: Placement): Placement {
  return p;
}

export function formatPlacementJson(p: Placement): string {
  return JSON.stringify(placementJson(p), null, 2) + '\n';
}

const TARGET_WORDS: Readonly<Record<string, string>> = { edgetpu: 'the Edge TPU', gpu: 'the GPU delegate', cpu: "TFLite's builtin CPU kernels" };
const MAX_LISTED = 12;

const ref = (o: OpRef): string => `#${o.index} ${o.op}${o.loc ? ` "${o.loc}"` : ''}`;

function listRefs(refs: readonly OpRef[]): string {
  const shown = refs.slice(0, MAX_LISTED).map(ref).join(', ');
  return refs.length > MAX_LISTED ? `${shown}, ... and ${refs.length - MAX_LISTED} more` : shown;
}

function verdictLine(p: Placement): string {
  const where = TARGET_WORDS[p.target] ?? p.target;
  const cpu = p.total - p.mapped;
  switch (p.verdict) {
    case 'all-mapped':
      return `verdict: all-mapped: all ${p.total} ops run on ${where}`;
    case 'none':
      return `verdict: none: none of the ${p.total} ops can run on ${where}; all run on the CPU`;
    case 'partial':
      return `verdict: partial: ${p.mapped} of ${p.total} ops run on ${where}, ${cpu} on the CPU`;
  }
}

function table(p: Placement): string[] {
  const lines = [`${'Operator'.padEnd(30)} ${'Count'.padEnd(10)} Status`];
  for (const r of p.totals) lines.push(`${r.op.padEnd(30)} ${String(r.count).padEnd(10)} ${r.status}`);
  return lines;
}

/** One failing op; its fix is printed only the first time that fix appears (float models repeat it per op). */
function opLine(o: OpPlacement, fixesShown: Set<string>): string {
  const fix = o.fix && !fixesShown.has(o.fix) ? `\n      fix: ${o.fix}` : '';
  if (o.fix) fixesShown.add(o.fix);
  return `  ${ref(o)} v${o.version}: ${o.code ?? ''}: ${o.reason}${fix}`;
}

/** The report for people: verdict, per-op table, first blocker and what it drags to the CPU, cache, notes, suggestions. */
export function formatPlacementText(p: Placement): string {
  const lines: string[] = [];
  lines.push(`target ${p.target}: ${p.summary}`);
  lines.push(verdictLine(p));
  lines.push('');
  lines.push(...table(p));

  const b = p.first_blocker;
  if (b) {
    const spills = p.target === 'edgetpu';
    lines.push('');
    lines.push(`${spills ? 'first blocker' : 'first unsupported op'}: ${ref(b)}`);
    lines.push(`  ${b.code}: ${b.reason}`);
    if (b.fix) lines.push(`  fix: ${b.fix}`);
    if (spills) {
      // Ops that pass their own rules but follow the blocker: the single-subgraph rule sends them to the CPU.
      const after = p.ops.filter((o) => o.index > b.index && !o.mapped && o.violations.length === 0);
      if (after.length) lines.push(`  on the CPU after it, though supported (${after.length}): ${listRefs(after)}`);
    }
  }
  const failing = p.ops.filter((o) => !o.mapped && o.violations.length > 0);
  if (failing.length) {
    lines.push('');
    lines.push(`not mapped on their own (${failing.length}):`);
    const fixesShown = new Set<string>(b?.fix ? [b.fix] : []);
    for (const o of failing.slice(0, MAX_LISTED)) lines.push(opLine(o, fixesShown));
    if (failing.length > MAX_LISTED) lines.push(`  ... and ${failing.length - MAX_LISTED} more (see --report-json)`);
  }
  const c = p.param_cache;
  if (c) {
    lines.push('');
    lines.push(`parameter cache: ${formatBytes(c.on_chip_bytes)} of ${formatBytes(c.capacity_bytes)} on-chip used by ${formatBytes(c.total_bytes)} of parameters; ${formatBytes(c.off_chip_bytes)} streamed from off-chip memory`);
  }
  if (p.notes.length) {
    lines.push('');
    lines.push('notes:');
    for (const n of p.notes) lines.push(`  ${n.level} ${n.code}: ${n.text}`);
  }
  if (p.suggestions.length) {
    lines.push('');
    lines.push('suggestions:');
    p.suggestions.forEach((s, i) => {
      const how = [s.pass ? `pass: ${s.pass}` : '', s.flags ? `flags: ${s.flags}` : ''].filter(Boolean).join('; ');
      lines.push(`  ${i + 1}. ${s.title} [${s.changes_numerics ? 'changes numerics' : 'keeps numerics'}]${s.ops.length ? ` (ops ${s.ops.slice(0, 8).map((x) => `#${x}`).join(', ')}${s.ops.length > 8 ? ', ...' : ''})` : ''}`);
      lines.push(`     ${s.detail}`);
      if (how) lines.push(`     ${how}`);
    });
  }
  return lines.join('\n') + '\n';
}
