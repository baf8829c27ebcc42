// PassManager: runs a pipeline with verify-after-each-pass, per-pass timing and IR printing.
import { Diagnostic, LitecError } from '../diag/diagnostic.js';
import { Module } from '../ir/core.js';
import { printModule } from '../ir/printer.js';
import { verifyModule } from '../ir/verifier.js';
import { Pass, PassContext } from './pass.js';
import { parsePipeline, printPipeline } from './pipeline.js';
import { PassRegistry } from './registry.js';

export interface PassManagerOptions {
  /** Verify the IR after every pass (default true). */
  verifyEach?: boolean;
  /** Print the IR after these passes ('all' for every pass). */
  printIrAfter?: ReadonlySet<string> | 'all';
  /** Where printed IR goes (default: stderr). */
  out?: (text: string) => void;
}

export interface PassTiming {
  readonly pass: string;
  readonly ms: number;
  readonly opsBefore: number;
  readonly opsAfter: number;
}

export interface PassRunResult {
  readonly timings: PassTiming[];
  readonly context: PassContext;
  readonly totalMs: number;
}

function countOps(m: Module): number {
  let n = 0;
  for (const f of m.funcs) n += f.body.size;
  return n;
}

export class PassManager {
  readonly passes: Pass[] = [];
  private readonly opts: PassManagerOptions;

  constructor(opts: PassManagerOptions = {}) {
    this.opts = opts;
  }

  static fromPipeline(text: string, registry: PassRegistry, opts: PassManagerOptions = {}): PassManager {
    const pm = new PassManager(opts);
    for (const p of parsePipeline(text, registry)) pm.add(p);
    return pm;
  }

  add(p: Pass): this {
    this.passes.push(p);
    return this;
  }

  pipelineText(): string {
    return printPipeline(this.passes);
  }

  async run(module: Module, ctx: PassContext = new PassContext()): Promise<PassRunResult> {
    const timings: PassTiming[] = [];
    const t0 = performance.now();
    const out = this.opts.out ?? ((s: string) => process.stderr.write(s));
    for (const p of this.passes) {
      ctx.currentPass = p.spec.name;
      const before = countOps(module);
      const start = performance.now();
      await p.spec.run(module, ctx, p.options);
      const ms = performance.now() - start;
      timings.push({ pass: p.spec.name, ms, opsBefore: before, opsAfter: countOps(module) });
      if (this.opts.verifyEach !== false) {
        const errs = verifyModule(module);
        if (errs.length > 0) {
          // A pass that breaks the IR is a bug in litec, not in the user's model.
          const first = errs[0]!;
          throw new Error(`internal: IR does not verify after pass '${p.spec.name}': ${first.format()}${errs.length > 1 ? ` (+${errs.length - 1} more)` : ''}`);
        }
      }
      const pia = this.opts.printIrAfter;
      if (pia === 'all' || pia?.has(p.spec.name)) out(`// -----// IR Dump After ${p.spec.name} //----- //\n${printModule(module)}\n`);
    }
    ctx.currentPass = '';
    return { timings, context: ctx, totalMs: performance.now() - t0 };
  }
}

/** Formats timings as an aligned table (for --timing and compile reports). */
export function formatTimings(timings: readonly PassTiming[]): string {
  const total = timings.reduce((a, t) => a + t.ms, 0);
  const lines = ['  time (ms)   share  ops before → after  pass'];
  for (const t of timings) {
    const share = total > 0 ? ((100 * t.ms) / total).toFixed(1) : '0.0';
    lines.push(`  ${t.ms.toFixed(2).padStart(9)}  ${share.padStart(5)}%  ${String(t.opsBefore).padStart(10)} → ${String(t.opsAfter).padEnd(6)}  ${t.pass}`);
  }
  lines.push(`  ${total.toFixed(2).padStart(9)}  100.0%  ${''.padStart(19)}  total`);
  return lines.join('\n');
}

/** Turns error diagnostics a pass collected into a thrown user error. */
export function throwIfErrors(ctx: PassContext): void {
  const errs = ctx.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  if (errs.length > 0) throw new LitecError(errs);
}

