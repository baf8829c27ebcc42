// Canonicalization patterns for tfl ops: algebraic identities, reshape/transpose chains, operand order.
import { DenseAttr, denseGet, dense } from '../../src/ir/attributes.js';
import { Operation } from '../../src/ir/core.js';
import { Traits } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { numElements, tensorType, typesEqual } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfl from '../../dialects/tfl/index.js';
import { constOperand, constInts } from '../../dialects/common.js';
import { UnfuseActivation } from './activation.js';

/** True when every element of a float/int constant equals v. */
function allEqual(c: DenseAttr | undefined, v: number): boolean {
  if (c === undefined || c.type.quant !== undefined) return false;
  for (let i = 0; i < c.data.length; i++) if (denseGet(c, i) !== v) return false;
  return true;
}

/**
 * Rerouting an operand does not tell the driver that the old producer may be dead (it was visited already), so
 * patterns that reroute erase it themselves; otherwise a second canonicalize would still find work.
 */
function eraseIfUnused(op: Operation, rw: Rewriter): void {
  if (op.results.every((r) => !r.hasUses())) rw.eraseOp(op);
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
    eraseIfUnused(inner, rw);
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

/** Ops that only change a tensor's shape (the data order stays). */
const SHAPE_ONLY = [tfl.Reshape, tfl.Squeeze, tfl.ExpandDims];
const isShapeOnly = (op: Operation | undefined): op is Operation => op !== undefined && SHAPE_ONLY.some((d) => op.isa(d));

/** squeeze(expand_dims(x)), expand_dims(squeeze(x)), reshape(squeeze(x))... back to x's own static type → x. */
class ShapeRoundTrip extends Pattern {
  override readonly benefit = 3;
  constructor(readonly root: typeof tfl.Squeeze) {
    super();
  }
  override get name(): string {
    return `${this.root.name.slice(4)}-round-trip`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const want = op.result(0).type;
    if (numElements(want) === undefined) return rw.fail(op, 'result shape is not static');
    // Walk up the chain of shape-only ops (bounded) looking for a value that already has the result's type.
    let inner = op.operand(0).producer;
    for (let depth = 0; depth < 8 && isShapeOnly(inner); depth++) {
      const x = inner.operand(0);
      if (typesEqual(x.type, want)) {
        rw.replaceOp(op, [x]);
        return true;
      }
      inner = x.producer;
    }
    return rw.fail(op, 'no shape-only chain back to the same type');
  }
}

/** A squeeze that removes no dimension is a no-op. */
class IdentitySqueeze extends Pattern {
  readonly root = tfl.Squeeze;
  override readonly benefit = 2;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (numElements(op.operand(0).type) === undefined || !typesEqual(op.operand(0).type, op.result(0).type)) return rw.fail(op, 'shape changes');
    rw.replaceOp(op, [op.operand(0)]);
    return true;
  }
}

/** reshape(squeeze(x)) and reshape(expand_dims(x)) → reshape(x): the reshape alone decides the shape. */
class ReshapeOfShapeOp extends Pattern {
  readonly root = tfl.Reshape;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const inner = op.operand(0).producer;
    if (!inner?.isa(tfl.Squeeze) && !inner?.isa(tfl.ExpandDims)) return rw.fail(op, 'input is not squeeze/expand_dims');
    rw.modifyInPlace(op, () => op.setOperand(0, inner.operand(0)));
    eraseIfUnused(inner, rw);
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
    new ShapeRoundTrip(tfl.Squeeze),
    new ShapeRoundTrip(tfl.ExpandDims),
    new ShapeRoundTrip(tfl.Reshape),
    new IdentitySqueeze(),
    new ReshapeOfShapeOp(),
    // TFLite's CONCATENATION kernel refuses a fused activation: the canonical form keeps it a separate op.
    new UnfuseActivation(tfl.Concatenation, true),
  ];
}
