// Greedy pattern driver: a worklist over ops with folding, dead-code removal and an iteration cap.
import { DenseAttr } from '../ir/attributes.js';
import { constantValue } from '../ir/builtin-ops.js';
import { Func, Module, Operation, Value } from '../ir/core.js';
import { fusedLoc } from '../ir/loc.js';
import { Traits } from '../ir/opdef.js';
import { Rewriter } from '../ir/rewriter.js';
import { typesEqual } from '../ir/types.js';
import { PatternSet } from './pattern.js';

export interface GreedyOptions {
  /** Fold ops through their definitions' fold hooks (default true). */
  fold?: boolean;
  /** Erase pure ops whose results are unused (default true). */
  dce?: boolean;
  /** Upper bound on rewrites per func, against pattern sets that never settle. Default 20 x ops + 1000. */
  maxRewrites?: number;
  /** Keep why patterns failed (for --debug-patterns and tests). */
  recordFailures?: boolean;
}

export interface GreedyResult {
  /** True when a fixed point was reached before the cap. */
  converged: boolean;
  changed: boolean;
  rewrites: number;
  folded: number;
  erased: number;
  /** Pattern name → times it fired. */
  fired: Map<string, number>;
  failures: { op: string; reason: string }[];
}

function isDead(op: Operation): boolean {
  return op.hasTrait(Traits.Pure) && !op.hasTrait(Traits.Terminator) && op.results.every((r) => !r.hasUses());
}

/** Worklist with O(1) membership; LIFO like MLIR's driver so new ops are revisited first. */
class Worklist {
  private readonly stack: Operation[] = [];
  private readonly members = new Set<Operation>();
  push(op: Operation): void {
    if (this.members.has(op)) return;
    this.members.add(op);
    this.stack.push(op);
  }
  pop(): Operation | undefined {
    const op = this.stack.pop();
    if (op !== undefined) this.members.delete(op);
    return op;
  }
  remove(op: Operation): void {
    // Lazy removal: erased ops are skipped when popped (their parent is undefined).
    this.members.delete(op);
  }
}

function tryFold(op: Operation, rw: Rewriter): boolean {
  const fold = op.def?.spec.fold;
  if (fold === undefined || op.def?.traits.has(Traits.ConstantLike)) return false;
  const consts: (DenseAttr | undefined)[] = op.operands.map((v) => constantValue(v.producer));
  // Elided data (printed as dense_resource<__elided__>, parsed back as zeros) must not become real-looking results.
  if (consts.some((c) => c?.elided === true)) return false;
  const out = fold(op, consts);
  if (out === undefined || out.length !== op.results.length) return false;
  rw.setInsertionPoint(op);
  const replacements: Value[] = [];
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    if (r instanceof Value) {
      if (r.type.elem !== op.result(i).type.elem) return false;
      replacements.push(r);
    } else {
      // Folded constants take the declared result type when shapes agree (keeps dynamic-dim info consistent).
      const want = op.result(i).type;
      if (!typesEqual(r.type, want) && want.shape !== null && want.shape.some((d) => d < 0)) return false;
      replacements.push(rw.constant(r, fusedLoc([op.loc])));
    }
  }
  rw.replaceOp(op, replacements);
  return true;
}

export function applyPatternsGreedily(func: Func, patterns: PatternSet, opts: GreedyOptions = {}): GreedyResult {
  const result: GreedyResult = { converged: true, changed: false, rewrites: 0, folded: 0, erased: 0, fired: new Map(), failures: [] };
  const work = new Worklist();
  const pushUsersAndProducers = (op: Operation): void => {
    for (const r of op.results) for (const u of r.users()) work.push(u);
    for (const v of op.operands) if (v.producer) work.push(v.producer);
  };
  const rw = new Rewriter(func, {
    onOpInserted: (op) => {
      work.push(op);
      result.changed = true;
    },
    onOpErased: (op) => {
      work.remove(op);
      result.changed = true;
    },
    onOpModified: (op) => {
      work.push(op);
      result.changed = true;
    },
    onOpReplaced: (op) => {
      for (const r of op.results) for (const u of r.users()) work.push(u);
    },
  });
  rw.recordFailures = opts.recordFailures ?? false;
  // Seed in reverse so the LIFO worklist visits ops in program order.
  const ops = func.body.opList();
  for (let i = ops.length - 1; i >= 0; i--) work.push(ops[i]!);
  const cap = opts.maxRewrites ?? 20 * ops.length + 1000;
  const doFold = opts.fold ?? true;
  const doDce = opts.dce ?? true;

  for (let op = work.pop(); op !== undefined; op = work.pop()) {
    if (op.parent === undefined) continue;
    if (doDce && isDead(op)) {
      for (const v of op.operands) if (v.producer) work.push(v.producer);
      rw.eraseOp(op);
      result.erased++;
      continue;
    }
    if (result.rewrites >= cap) {
      result.converged = false;
      break;
    }
    if (doFold && tryFold(op, rw)) {
      result.folded++;
      result.rewrites++;
      continue;
    }
    for (const p of patterns.forOp(op.name)) {
      rw.setInsertionPoint(op);
      if (p.matchAndRewrite(op, rw)) {
        result.rewrites++;
        result.fired.set(p.name, (result.fired.get(p.name) ?? 0) + 1);
        result.changed = true;
        if (op.parent !== undefined) pushUsersAndProducers(op);
        break;
      }
    }
  }
  result.failures = rw.failures.map((f) => ({ op: f.op.name, reason: f.reason }));
  return result;
}

/** Runs the driver on every func of a module and merges the results. */
export function applyPatternsToModule(m: Module, patterns: PatternSet, opts: GreedyOptions = {}): GreedyResult {
  const total: GreedyResult = { converged: true, changed: false, rewrites: 0, folded: 0, erased: 0, fired: new Map(), failures: [] };
  for (const f of m.funcs) {
    const r = applyPatternsGreedily(f, patterns, opts);
    total.converged &&= r.converged;
    total.changed ||= r.changed;
    total.rewrites += r.rewrites;
    total.folded += r.folded;
    total.erased += r.erased;
    for (const [k, v] of r.fired) total.fired.set(k, (total.fired.get(k) ?? 0) + v);
    total.failures.push(...r.failures);
  }
  return total;
}
