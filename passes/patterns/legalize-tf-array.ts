// legalize-tf patterns for data movement and shapes: Reshape, Squeeze, ExpandDims, Pad*, ConcatV2, Transpose,
// StridedSlice (masks made dense), Pack, Cast, Shape, Fill, Range, Identity.
import { denseGet, i32, i64s, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Operation, Value } from '../../src/ir/core.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { normalizeAxis } from '../../src/ir/shape.js';
import { numElements, tensorType } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfd from '../../dialects/tf/index.js';
import * as tfl from '../../dialects/tfl/index.js';
import { Emitter, LegalizePattern, act, i32Operand } from './legalize-tf-util.js';

/** A tf op whose integer operands (shape, dim, perm, paddings...) become i32 for the tfl op. */
class WithIntOperands extends LegalizePattern {
  constructor(
    readonly root: OpDef,
    private readonly target: OpDef,
    private readonly intOperands: readonly number[],
  ) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const e = new Emitter(rw, op.loc);
    const operands: Value[] = [];
    for (let i = 0; i < op.numOperands; i++) {
      if (!this.intOperands.includes(i)) {
        operands.push(op.operand(i));
        continue;
      }
      const v = i32Operand(e, op.operand(i));
      if (v === undefined) return rw.fail(op, `operand ${i} is neither constant nor an i32 tensor`);
      operands.push(v);
    }
    rw.replaceOpWithNewOp(op, this.target, operands, {});
    return true;
  }
}

class LegalizeIdentity extends LegalizePattern {
  readonly root = tfd.Identity;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    rw.replaceOp(op, [op.operand(0)]);
    return true;
  }
}

class LegalizeSqueeze extends LegalizePattern {
  readonly root = tfd.Squeeze;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    rw.replaceOpWithNewOp(op, tfl.Squeeze, [op.operand(0)], { squeeze_dims: i64s(op.ints('squeeze_dims')) });
    return true;
  }
}

/** PadV2 with a zero fill is a plain pad. */
class LegalizePadV2 extends LegalizePattern {
  readonly root = tfd.PadV2;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const e = new Emitter(rw, op.loc);
    const p = i32Operand(e, op.operand(1));
    if (p === undefined) return rw.fail(op, 'paddings are neither constant nor an i32 tensor');
    const c = constantValue(op.operand(2).producer);
    const zero = c !== undefined && !c.elided && numElements(c.type) === 1 && Object.is(denseGet(c, 0), 0);
    if (zero) rw.replaceOpWithNewOp(op, tfl.Pad, [op.operand(0), p], {});
    else rw.replaceOpWithNewOp(op, tfl.PadV2, [op.operand(0), p, op.operand(2)], {});
    return true;
  }
}

class LegalizeMirrorPad extends LegalizePattern {
  readonly root = tfd.MirrorPad;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const p = i32Operand(new Emitter(rw, op.loc), op.operand(1));
    if (p === undefined) return rw.fail(op, 'paddings are neither constant nor an i32 tensor');
    rw.replaceOpWithNewOp(op, tfl.MirrorPad, [op.operand(0), p], { mode: str(op.str('mode')) });
    return true;
  }
}

class LegalizeConcat extends LegalizePattern {
  readonly root = tfd.ConcatV2;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const axis = constantValue(op.operand(op.numOperands - 1).producer);
    if (axis === undefined || numElements(axis.type) !== 1) return rw.fail(op, 'axis is not a constant scalar');
    const r = op.result(0).type.shape?.length;
    const a = denseGet(axis, 0);
    rw.replaceOpWithNewOp(op, tfl.Concatenation, op.operands.slice(0, -1), { axis: i32(r === undefined ? a : normalizeAxis(a, r)), ...act });
    return true;
  }
}

class LegalizePack extends LegalizePattern {
  readonly root = tfd.Pack;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const r = op.result(0).type.shape?.length;
    const a = op.int('axis');
    rw.replaceOpWithNewOp(op, tfl.Pack, op.operands, { values_count: i32(op.numOperands), axis: i32(r === undefined ? a : normalizeAxis(a, r)) });
    return true;
  }
}

/** TF's masks resolved against the input rank: one begin/end/stride per input dim, plus a reshape for new axes. */
class LegalizeStridedSlice extends LegalizePattern {
  readonly root = tfd.StridedSlice;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const r = tfd.stridedSliceOf(op);
    if (r === undefined) return rw.fail(op, 'begin, end and strides are not constant, or the input is unranked');
    if (typeof r === 'string') return rw.fail(op, r);
    const begin: number[] = [];
    const end: number[] = [];
    const strides: number[] = [];
    let beginMask = 0;
    let endMask = 0;
    let shrinkMask = 0;
    const dims = op.operand(0).type.shape!;
    for (let d = 0; d < r.dims.length; d++) {
      const s = r.dims[d]!;
      if (d >= 31) return rw.fail(op, 'the input has more than 31 dims');
      const dynamic = dims[d]! < 0;
      strides.push(s.stride);
      if (s.shrink) {
        if (dynamic && s.rawBegin < 0) return rw.fail(op, 'a negative index into a dynamic dim');
        const b = dynamic ? s.rawBegin : s.begin;
        begin.push(b);
        end.push(b + 1);
        shrinkMask |= 1 << d;
        continue;
      }
      // Static dims use canonical bounds; masks cover whole ranges and ends past the front of a reversed slice.
      const b = dynamic ? s.rawBegin : s.begin;
      const stop = dynamic ? s.rawEnd : s.begin + s.size * s.stride;
      begin.push(s.beginMasked && dynamic ? 0 : b);
      end.push(s.endMasked && dynamic ? 0 : stop);
      if (s.beginMasked && dynamic) beginMask |= 1 << d;
      if ((s.endMasked && dynamic) || (!dynamic && stop < 0)) endMask |= 1 << d;
    }
    const sliced = r.dims.filter((s) => !s.shrink).map((s) => s.size);
    const e = new Emitter(rw, op.loc);
    const n = r.dims.length;
    const attrs = { begin_mask: i32(beginMask), end_mask: i32(endMask), ellipsis_mask: i32(0), new_axis_mask: i32(0), shrink_axis_mask: i32(shrinkMask) };
    const out = op.result(0).type;
    const hasNewAxes = r.sources.includes(-1);
    const sliceType = hasNewAxes ? tensorType(sliced, out.elem) : out;
    let y = e.value(tfl.StridedSlice, [op.operand(0), e.i32(begin, [n]), e.i32(end, [n]), e.i32(strides, [n])], attrs, sliceType);
    if (hasNewAxes) {
      const target = r.shape.map((d) => (d < 0 ? -1 : d));
      if (target.filter((d) => d < 0).length > 1) return rw.fail(op, 'new axes on a slice with more than one dynamic dim');
      y = e.value(tfl.Reshape, [y, e.i32(target)], {}, out);
    }
    rw.replaceOp(op, [y]);
    return true;
  }
}

class ToTypedResult extends LegalizePattern {
  constructor(
    readonly root: OpDef,
    private readonly target: OpDef,
  ) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    rw.replaceOpWithNewOp(op, this.target, op.operands, {});
    return true;
  }
}

export function legalizeArrayPatterns(): Pattern[] {
  return [
    new LegalizeIdentity(),
    new WithIntOperands(tfd.Reshape, tfl.Reshape, [1]),
    new LegalizeSqueeze(),
    new WithIntOperands(tfd.ExpandDims, tfl.ExpandDims, [1]),
    new WithIntOperands(tfd.Pad, tfl.Pad, [1]),
    new LegalizePadV2(),
    new LegalizeMirrorPad(),
    new LegalizeConcat(),
    new WithIntOperands(tfd.Transpose, tfl.Transpose, [1]),
    new LegalizeStridedSlice(),
    new LegalizePack(),
    new ToTypedResult(tfd.Cast, tfl.Cast),
    new ToTypedResult(tfd.Shape, tfl.Shape),
    new WithIntOperands(tfd.Fill, tfl.Fill, [0]),
    new ToTypedResult(tfd.Range, tfl.Range),
  ];
}
