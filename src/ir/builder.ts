// Builder: creates ops at an insertion point, inferring result types from the op definition when asked.
import { Attr, DenseAttr } from './attributes.js';
import { ConstantOp } from './builtin-ops.js';
import { Block, Func, Operation, Value } from './core.js';
import { Loc, UnknownLoc } from './loc.js';
import { OpDef } from './opdef.js';
import { TensorType } from './types.js';

export type AttrInit = Readonly<Record<string, Attr>> | Iterable<[string, Attr]>;

function attrEntries(a: AttrInit | undefined): [string, Attr][] {
  if (a === undefined) return [];
  if (Symbol.iterator in a) return [...(a as Iterable<[string, Attr]>)];
  return Object.entries(a as Record<string, Attr>);
}

export class Builder {
  block: Block;
  /** Ops are inserted before this op; at the block end when undefined. */
  before: Operation | undefined;
  loc: Loc = UnknownLoc;

  constructor(blockOrFunc: Block | Func, before?: Operation) {
    this.block = blockOrFunc instanceof Func ? blockOrFunc.body : blockOrFunc;
    this.before = before;
  }

  /** Moves the insertion point before `op` (in op's block). */
  setInsertionPoint(op: Operation): void {
    if (op.parent === undefined) throw new Error('internal: insertion point op is not in a block');
    this.block = op.parent;
    this.before = op;
  }
  setInsertionPointToEnd(block: Block): void {
    this.block = block;
    this.before = undefined;
  }
  /** Before the terminator of the block. */
  setInsertionPointBeforeTerminator(block: Block): void {
    this.block = block;
    this.before = block.last?.name === 'func.return' ? block.last : undefined;
  }

  /**
   * Creates an op. When `resultTypes` is omitted the definition's inferTypes hook computes them (it must exist).
   */
  create(def: OpDef, operands: readonly Value[], attrs?: AttrInit, resultTypes?: readonly TensorType[], loc?: Loc): Operation {
    const entries = attrEntries(attrs);
    let types = resultTypes;
    if (types === undefined) {
      const probe = new Operation(def.name, def, operands, [], entries, loc ?? this.loc);
      const inferred = def.spec.inferTypes?.(probe);
      probe.dropOperands();
      if (inferred === undefined) throw new Error(`internal: cannot infer result types of ${def.name}; pass them`);
      types = inferred;
    }
    const op = new Operation(def.name, def, operands, types, entries, loc ?? this.loc);
    this.insert(op);
    return op;
  }

  /** Inserts an already built op at the insertion point. */
  insert(op: Operation): Operation {
    this.block.insert(op, this.before);
    this.onInsert(op);
    return op;
  }

  constant(value: DenseAttr, loc?: Loc): Value {
    return this.create(ConstantOp, [], { value }, [value.type], loc).result(0);
  }

  /** Hook for the Rewriter to learn about new ops. */
  protected onInsert(_op: Operation): void {}
}
