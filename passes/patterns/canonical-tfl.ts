// Canonicalization patterns for tfl ops: algebraic identities, reshape/transpose chains, operand order.
import { DenseAttr, denseGet, dense } from '../../src/ir/attributes.js';
import { Operation } from '../../src/ir/core.js';
import { Traits } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { numElements, tensorType, typesEqual } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfl from '../../dialects/tfl/index.js';
import { constOperand, constInts } from '../../dialects/common.js';

/** True when every element of a float/int constant equals v. */
function allEqual(c: DenseAttr | undefined, v: number): boolean {
  if (c === undefined || c.type.quant !== undefined) return false;
  for (let i = 0; i < c.data.length; i++) if (denseGet(c, i) !== v) return false;
  return true;
}

/** x op c → x when c is the identity of op and broadcasting does not change x's type. */
class IdentityOperand extends Pattern {
  constructor(readonly root: typeof tfl.Add, private readonly identity: number, private readonly rhsOnly: boolean) {
    super();
  }
  override get name(): string {
    return `${this.root.name.slice(4)}-identity`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (op.str('fused_activation_function') !== 'NONE') return rw.fail(op, 'has a fused activation');
    const sides = this.rhsOnly ? [1] : [1, 0];
    for (const s of sides) {
      if (!allEqual(constOperand(op.operand(s)), this.identity)) continue;
      const other = op.operand(1 - s);
      if (!typesEqual(other.type, op.result(0).type)) return rw.fail(op, 'broadcast changes the shape');
      rw.replaceOp(op, [other]);
      return true;
    }
    return rw.fail(op, 'no identity constant operand');
  }
}

/** Constants go to the right-hand side of commutative ops, so later patterns look in one place. */
class ConstantToRhs extends Pattern {
  readonly root = undefined;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (!op.hasTrait(Traits.Commutative) || op.numOperands !== 2) return rw.fail(op, 'not commutative');
    if (constOperand(op.operand(0)) === undefined || constOperand(op.operand(1)) !== undefined) return rw.fail(op, 'lhs is not the only constant');
    const [a, b] = [op.operand(0), op.operand(1)];
    rw.modifyInPlace(op, () => op.setOperands([b, a]));
    return true;
  }
}

/** reshape(reshape(x)) → reshape(x). */
class ReshapeChain extends Pattern {
  readonly root = tfl.Reshape;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const inner = op.operand(0).producer;
    if (!inner?.isa(tfl.Reshape)) return rw.fail(op, 'input is not a reshape');
    rw.modifyInPlace(op, () => op.setOperand(0, inner.operand(0)));
    return true;
  }
}

/** transpose(transpose(x, p), q) → transpose(x, p∘q), or x when the composition is the identity. */
class TransposeChain extends Pattern {
  readonly root = tfl.Transpose;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const inner = op.operand(0).producer;
    if (!inner?.isa(tfl.Transpose)) return rw.fail(op, 'input is not a transpose');
    const p = constInts(inner.operand(1));
    const q = constInts(op.operand(1));
    if (p === undefined || q === undefined) return rw.fail(op, 'permutation is not constant');
    const composed = q.map((i) => p[i]!);
    if (composed.every((v, i) => v === i)) {
      rw.replaceOp(op, [inner.operand(0)]);
      return true;
    }
    const perm = rw.constant(dense(tensorType([composed.length], 'i32'), Int32Array.from(composed)), op.loc);
    rw.replaceOpWithNewOp(op, tfl.Transpose, [inner.operand(0), perm]);
    return true;
  }
}

/** A reshape to the input's own static shape is a no-op (covers shapes fold cannot see as equal). */
class IdentityReshape extends Pattern {
  readonly root = tfl.Reshape;
  override readonly benefit = 2;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const x = op.operand(0).type;
    const y = op.result(0).type;
    if (numElements(x) === undefined || !typesEqual(x, y)) return rw.fail(op, 'shape changes');
    rw.replaceOp(op, [op.operand(0)]);
    return true;
  }
}

export function canonicalTflPatterns(): Pattern[] {
  return [
    new IdentityOperand(tfl.Add, 0, false),
    new IdentityOperand(tfl.Sub, 0, true),
    new IdentityOperand(tfl.Mul, 1, false),
    new IdentityOperand(tfl.Div, 1, true),
    new ConstantToRhs(),
    new ReshapeChain(),
    new TransposeChain(),
    new IdentityReshape(),
  ];
}
