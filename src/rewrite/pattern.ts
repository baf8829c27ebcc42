// Rewrite patterns: a root op, a benefit, and matchAndRewrite; PatternSet groups them by root and benefit.
import { Operation } from '../ir/core.js';
import { OpDef } from '../ir/opdef.js';
import { Rewriter } from '../ir/rewriter.js';

export abstract class Pattern {
  /** The op this pattern is tried on; undefined means any op. */
  abstract readonly root: OpDef | undefined;
  readonly benefit: number = 1;
  /** Name used in reports; defaults to the class name. */
  get name(): string {
    return this.constructor.name;
  }
  /** Rewrites `op` through `rw` and returns true, or returns `rw.fail(op, reason)`. */
  abstract matchAndRewrite(op: Operation, rw: Rewriter): boolean;
}

/** A pattern from a function, for small one-off rewrites. */
export function pattern(name: string, root: OpDef | undefined, fn: (op: Operation, rw: Rewriter) => boolean, benefit = 1): Pattern {
  return new (class extends Pattern {
    readonly root = root;
    override readonly benefit = benefit;
    override get name(): string {
      return name;
    }
    matchAndRewrite(op: Operation, rw: Rewriter): boolean {
      return fn(op, rw);
    }
  })();
}

export class PatternSet {
  private readonly byRoot = new Map<string, Pattern[]>();
  private readonly anyRoot: Pattern[] = [];
  readonly all: Pattern[] = [];

  constructor(patterns: Iterable<Pattern> = []) {
    for (const p of patterns) this.add(p);
  }

  add(p: Pattern): this {
    this.all.push(p);
    const list = p.root === undefined ? this.anyRoot : this.byRoot.get(p.root.name) ?? [];
    list.push(p);
    // Stable sort keeps insertion order among equal benefits, so results are deterministic.
    list.sort((a, b) => b.benefit - a.benefit);
    if (p.root !== undefined) this.byRoot.set(p.root.name, list);
    return this;
  }

  /** Patterns to try on an op named `name`, highest benefit first. */
  forOp(name: string): readonly Pattern[] {
    const specific = this.byRoot.get(name);
    if (this.anyRoot.length === 0) return specific ?? [];
    return [...(specific ?? []), ...this.anyRoot].sort((a, b) => b.benefit - a.benefit);
  }
}
