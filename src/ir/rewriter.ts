// Rewriter: the only way passes change IR, so drivers (and their worklists) see every change.
import { Builder, AttrInit } from './builder.js';
import { Func, Operation, Value } from './core.js';
import { Loc } from './loc.js';
import { OpDef } from './opdef.js';
import { TensorType } from './types.js';

export interface RewriteListener {
  onOpInserted?(op: Operation): void;
  onOpErased?(op: Operation): void;
  onOpModified?(op: Operation): void;
  /** Called before the uses of `op`'s results move to the replacement values. */
  onOpReplaced?(op: Operation, replacement: readonly Value[]): void;
}

export class Rewriter extends Builder {
  listener: RewriteListener | undefined;
  /** Why the last patterns did not match (kept when `recordFailures` is on). */
  readonly failures: { op: Operation; reason: string }[] = [];
  recordFailures = false;

  constructor(func: Func, listener?: RewriteListener) {
    super(func);
    this.listener = listener;
  }

  protected override onInsert(op: Operation): void {
    this.listener?.onOpInserted?.(op);
  }

  /** Replaces every use of op's results with `values` and erases op. */
  replaceOp(op: Operation, values: readonly Value[]): void {
    if (values.length !== op.results.length) throw new Error(`internal: replacing ${op.name} with ${values.length} values, it has ${op.results.length} results`);
    this.listener?.onOpReplaced?.(op, values);
    op.results.forEach((r, i) => {
      const users = r.users();
      r.replaceAllUsesWith(values[i]!);
      for (const u of users) this.listener?.onOpModified?.(u);
    });
    this.eraseOp(op);
  }

  /** Creates a new op before `op`, with op's location unless given, and replaces op with it. */
  replaceOpWithNewOp(op: Operation, def: OpDef, operands: readonly Value[], attrs?: AttrInit, resultTypes?: readonly TensorType[], loc?: Loc): Operation {
    this.setInsertionPoint(op);
    const created = this.create(def, operands, attrs, resultTypes ?? op.results.map((r) => r.type), loc ?? op.loc);
    this.replaceOp(op, created.results);
    return created;
  }

  /** Erases an op whose results have no uses. */
  eraseOp(op: Operation): void {
    for (const r of op.results) if (r.hasUses()) throw new Error(`internal: erasing ${op.name} whose result still has uses`);
    const producers = op.operands.map((v) => v.producer).filter((p): p is Operation => p !== undefined);
    op.dropOperands();
    op.remove();
    this.listener?.onOpErased?.(op);
    // Producers may have become dead: tell the driver.
    for (const p of producers) this.listener?.onOpModified?.(p);
  }

  /** Runs `fn` that changes op's attributes/operands/types in place, and notifies the driver. */
  modifyInPlace(op: Operation, fn: () => void): void {
    fn();
    this.listener?.onOpModified?.(op);
  }

  /** Records why a pattern did not apply; always returns false so patterns can `return rw.fail(...)`. */
  fail(op: Operation, reason: string): false {
    if (this.recordFailures) this.failures.push({ op, reason });
    return false;
  }
}
