// Erasing what a function-changing rewrite left dead, without touching anything that was dead before it ran.
import { Operation } from '../../src/ir/core.js';
import { Traits } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';

/**
 * Erases `ops` (last first) when their results are unused, then any constant they read that nothing else reads.
 * Passes that change a model on purpose use this instead of a general DCE, so they change only what they matched.
 */
export function eraseIfDead(rw: Rewriter, ops: readonly Operation[]): void {
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.parent === undefined || op.results.some((r) => r.hasUses())) continue;
    const inputs = op.operands.map((v) => v.producer).filter((p): p is Operation => p !== undefined);
    rw.eraseOp(op);
    for (const p of new Set(inputs)) {
      if (p.parent !== undefined && p.hasTrait(Traits.ConstantLike) && p.results.every((r) => !r.hasUses())) rw.eraseOp(p);
    }
  }
}
