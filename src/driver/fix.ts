// `litec compile --fix`: compile once, apply the target's repair suggestions that keep the model's function
// (import flags such as --batch-size 1 or --input-shape, and meaning-preserving passes such as unfuse-pool-activation),
// compile again; report what was applied and what was not.
import { passRegistry } from '../../passes/index.js';
import type { Suggestion } from '../../targets/target.js';
import type { Pass } from '../pass/pass.js';
import { parsePipeline, printPipeline } from '../pass/pipeline.js';
import { CompileOptions, CompileResult, compile } from './compile.js';
import { CompileHooks, defaultHooks } from './hooks.js';

export interface FixReport {
  /** `flags` for import options ('' for a pass), `pass` for a pipeline fragment (null for flags). */
  applied: { id: string; title: string; flags: string; pass: string | null }[];
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

/** The suggestion's pipeline fragment when every pass in it keeps the model's function (a repair --fix may run). */
function repairPasses(s: Suggestion): Pass[] | undefined {
  if (s.pass === null) return undefined;
  const passes = parsePipeline(s.pass, passRegistry);
  return passes.length > 0 && passes.every((p) => p.spec.preservesSemantics === true) ? passes : undefined;
}

/**
 * `pipeline` (what the first compile ran) with the repairs inserted before calibration and quantization, so the ops
 * a repair adds get calibrated ranges like any other, and before the cse/dce that precede them, so they tidy the
 * repairs' constants. A pipeline of 'none' (an already-quantized model) becomes the repairs alone.
 */
export function withRepairs(pipeline: string, repairs: readonly Pass[]): string {
  const run = pipeline.trim() === 'none' || pipeline.trim() === '' ? [] : parsePipeline(pipeline, passRegistry);
  let at = run.findIndex((p) => p.spec.name === 'calibrate' || p.spec.name === 'quantize');
  if (at < 0) at = run.length;
  while (at > 0 && (run[at - 1]!.spec.name === 'cse' || run[at - 1]!.spec.name === 'dce')) at--;
  const have = new Set(run.slice(0, at).map((p) => printPipeline([p])));
  const add = repairs.filter((p, i) => !have.has(printPipeline([p])) && repairs.findIndex((q) => printPipeline([q]) === printPipeline([p])) === i);
  return printPipeline([...run.slice(0, at), ...add, ...run.slice(at)]);
}

export async function compileWithFix(model: string, opts: CompileOptions, hooks: CompileHooks = defaultHooks): Promise<CompileResult & { fixes: FixReport }> {
  const first = await compile(model, { ...opts, checkRuntime: false }, hooks);
  const suggestions = ((first.report.placement as { suggestions?: Suggestion[] } | null)?.suggestions ?? []) as Suggestion[];
  const fixes: FixReport = { applied: [], not_applied: [] };
  let extra: Partial<CompileOptions> = {};
  const repairs: Pass[] = [];
  for (const s of suggestions) {
    const o = s.changes_numerics ? undefined : optionsFor(s);
    const passes = s.changes_numerics || o !== undefined ? undefined : repairPasses(s);
    if (o !== undefined) {
      extra = { ...extra, ...o, ...(o.inputShapes && extra.inputShapes ? { inputShapes: new Map([...extra.inputShapes, ...o.inputShapes]) } : {}) };
      fixes.applied.push({ id: s.id, title: s.title, flags: s.flags ?? '', pass: null });
    } else if (passes !== undefined) {
      repairs.push(...passes);
      fixes.applied.push({ id: s.id, title: s.title, flags: '', pass: s.pass });
    } else {
      const reason = s.changes_numerics ? 'changes the model\'s outputs: apply it deliberately' : 'no automatic form';
      fixes.not_applied.push({ id: s.id, title: s.title, reason, changes_numerics: s.changes_numerics, how: s.pass !== null ? `--passes ...,${s.pass}` : s.flags });
    }
  }
  if (repairs.length > 0) extra = { ...extra, passes: withRepairs(first.report.pipeline, repairs) };
  // The repaired pipeline already carries what --io-type chose (in the quantize pass's options).
  const { ioType: _chosen, ...base } = opts;
  const again = extra.passes !== undefined ? { ...base, ...extra } : { ...opts, ...extra };
  const result = fixes.applied.length === 0 && opts.checkRuntime === false ? first : await compile(model, again, hooks);
  if (result !== first) {
    // What is left to suggest is what the repaired model still needs.
    const left = ((result.report.placement as { suggestions?: Suggestion[] } | null)?.suggestions ?? []) as Suggestion[];
    const applied = new Set(fixes.applied.map((a) => a.id));
    // A repair that ran but left ops needing it (a quantized op, a dynamic shape the pass does not rewrite) did not fix them.
    const still = new Set(left.filter((s) => applied.has(s.id)).map((s) => s.id));
    fixes.applied = fixes.applied.filter((a) => !still.has(a.id));
    fixes.not_applied = left.map((s) => ({
      id: s.id,
      title: s.title,
      reason: still.has(s.id)
        ? `tried, but op${s.ops.length === 1 ? '' : 's'} #${s.ops.join(', #')} ${s.ops.length === 1 ? 'is' : 'are'} unchanged (the repair rewrites float ops with static shapes: start from the float model)`
        : s.changes_numerics ? 'changes the model\'s outputs: apply it deliberately'
          : repairPasses(s) !== undefined ? 'needed only after the other repairs: run --fix on the result' : 'no automatic form',
      changes_numerics: s.changes_numerics,
      how: s.pass !== null ? `--passes ...,${s.pass}` : s.flags,
    }));
  }
  return { ...result, fixes };
}

export function formatFixes(f: FixReport): string {
  const lines: string[] = [];
  for (const a of f.applied) lines.push(`fix applied: ${a.title} (${a.pass !== null ? `pass ${a.pass}` : a.flags}); keeps the model's function`);
  for (const n of f.not_applied) lines.push(`fix not applied: ${n.title}: ${n.reason}${n.how ? ` (${n.how})` : ''}`);
  return lines.length ? lines.join('\n') : 'fix: nothing to repair';
}
