// `litec compile --fix`: compile once, apply the target's repair suggestions that keep the model's function
// (import flags such as --batch-size 1 or --input-shape), compile again; report what was applied and what was not.
import type { Suggestion } from '../../targets/target.js';
import { CompileOptions, CompileResult, compile } from './compile.js';
import { CompileHooks, defaultHooks } from './hooks.js';

export interface FixReport {
  applied: { id: string; title: string; flags: string }[];
  /** Suggestions left to the user, with why (changes the function, or no automatic form). */
  not_applied: { id: string; title: string; reason: string; changes_numerics: boolean; how: string | null }[];
}

/** Import options a suggestion's flags stand for, or undefined when it has no automatic form. */
function optionsFor(s: Suggestion): Partial<CompileOptions> | undefined {
  if (s.flags === null) return undefined;
  if (s.flags === '--batch-size 1') return { batchSize: 1 };
  const shapes = [...s.flags.matchAll(/--input-shape (\S+)=(\S+)/g)];
  if (shapes.length > 0 && shapes.every((m) => /^\d+(,\d+)*$/.test(m[2]!))) {
    return { inputShapes: new Map(shapes.map((m) => [m[1]!, m[2]!.split(',').map(Number)])) };
  }
  return undefined;
}

export async function compileWithFix(model: string, opts: CompileOptions, hooks: CompileHooks = defaultHooks): Promise<CompileResult & { fixes: FixReport }> {
  const first = await compile(model, { ...opts, checkRuntime: false }, hooks);
  const suggestions = ((first.report.placement as { suggestions?: Suggestion[] } | null)?.suggestions ?? []) as Suggestion[];
  const fixes: FixReport = { applied: [], not_applied: [] };
  let extra: Partial<CompileOptions> = {};
  for (const s of suggestions) {
    const o = s.changes_numerics ? undefined : optionsFor(s);
    if (o !== undefined) {
      extra = { ...extra, ...o, ...(o.inputShapes && extra.inputShapes ? { inputShapes: new Map([...extra.inputShapes, ...o.inputShapes]) } : {}) };
      fixes.applied.push({ id: s.id, title: s.title, flags: s.flags ?? '' });
    } else {
      const reason = s.changes_numerics ? 'changes the model\'s outputs: apply it deliberately' : 'no automatic form';
      fixes.not_applied.push({ id: s.id, title: s.title, reason, changes_numerics: s.changes_numerics, how: s.pass !== null ? `--passes ...,${s.pass}` : s.flags });
    }
  }
  const result = fixes.applied.length === 0 && opts.checkRuntime === false ? first : await compile(model, { ...opts, ...extra }, hooks);
  if (result !== first) {
    // What is left to suggest is what the repaired model still needs.
    const left = ((result.report.placement as { suggestions?: Suggestion[] } | null)?.suggestions ?? []) as Suggestion[];
    const applied = new Set(fixes.applied.map((a) => a.id));
    fixes.not_applied = left.filter((s) => !applied.has(s.id)).map((s) => ({
      id: s.id,
      title: s.title,
      reason: s.changes_numerics ? 'changes the model\'s outputs: apply it deliberately' : 'no automatic form',
      changes_numerics: s.changes_numerics,
      how: s.pass !== null ? `--passes ...,${s.pass}` : s.flags,
    }));
  }
  return { ...result, fixes };
}

export function formatFixes(f: FixReport): string {
  const lines: string[] = [];
  for (const a of f.applied) lines.push(`fix applied: ${a.title} (${a.flags}); keeps the model's function`);
  for (const n of f.not_applied) lines.push(`fix not applied: ${n.title}: ${n.reason}${n.how ? ` (${n.how})` : ''}`);
  return lines.length ? lines.join('\n') : 'fix: nothing to repair';
}
