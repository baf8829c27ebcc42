// Constant evaluation of tfl data-movement ops without fold hooks (the shape arithmetic of imported graphs).
import { DenseAttr, DenseData, allocData, dense, denseGet, floatToHalf } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Operation } from '../../src/ir/core.js';
import { fusedLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { normalizeAxis, product, stridesOf } from '../../src/ir/shape.js';
import { ElementType, TensorType, isStatic, numElements, tensorType } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfl from '../../dialects/tfl/index.js';

/** Inputs an evaluator accepts: constant, static, not quantized (quantized data movement needs per-axis care), not elided. */
function usable(c: DenseAttr | undefined): c is DenseAttr {
  return c !== undefined && !c.elided && c.type.quant === undefined && isStatic(c.type);
}

/** Element i of a constant in its storage representation (number, bigint or string; splat-aware). */
function raw(c: DenseAttr, i: number): number | bigint | string {
  return c.data[c.data.length === 1 ? 0 : i]!;
}

/** Builds a constant of `shape` whose element i is source element `index(i)` (same element type). */
function gatherElements(src: DenseAttr, shape: readonly number[], index: (i: number) => number): DenseAttr {
  const n = product(shape);
  const out = allocData(src.type.elem, n) as unknown as (number | bigint | string)[];
  for (let i = 0; i < n; i++) out[i] = raw(src, index(i));
  return dense(tensorType(shape, src.type.elem), out as unknown as DenseData);
}

/** Multi-index of flat position i in a row-major shape. */
function unravel(i: number, strides: readonly number[]): number[] {
  const idx = new Array<number>(strides.length);
  let rem = i;
  for (let d = 0; d < strides.length; d++) {
    idx[d] = Math.floor(rem / strides[d]!);
    rem -= idx[d]! * strides[d]!;
  }
  return idx;
}

type Evaluator = (op: Operation, c: readonly DenseAttr[]) => DenseAttr | undefined;

const ints = (c: DenseAttr): number[] => Array.from({ length: numElements(c.type)! }, (_, i) => denseGet(c, i));

const transpose: Evaluator = (op, [x, p]) => {
  const perm = ints(p!);
  const xs = x!.type.shape!;
  if (perm.length !== xs.length || [...perm].sort().some((v, i) => v !== i)) return undefined;
  const shape = perm.map((a) => xs[a]!);
  const xStrides = stridesOf(xs);
  const oStrides = stridesOf(shape);
  return gatherElements(x!, shape, (i) => unravel(i, oStrides).reduce((acc, v, d) => acc + v * xStrides[perm[d]!]!, 0));
};

/** Concatenation (and pack, which is concatenation along a new axis). */
function joinAlong(values: readonly DenseAttr[], axis: number, shapes: readonly (readonly number[])[]): DenseAttr | undefined {
  const first = shapes[0]!;
  if (values.some((v) => v.type.elem !== values[0]!.type.elem)) return undefined;
  const outer = product(first.slice(0, axis));
  const chunks = shapes.map((s) => product(s.slice(axis)));
  const shape = [...first];
  shape[axis] = shapes.reduce((a, s) => a + s[axis]!, 0);
  const total = chunks.reduce((a, b) => a + b, 0);
  const out = allocData(values[0]!.type.elem, outer * total) as unknown as (number | bigint | string)[];
  let pos = 0;
  for (let o = 0; o < outer; o++) {
    values.forEach((v, k) => {
      for (let j = 0; j < chunks[k]!; j++) out[pos++] = raw(v, o * chunks[k]! + j);
    });
  }
  return dense(tensorType(shape, values[0]!.type.elem), out as unknown as DenseData);
}

const concatenation: Evaluator = (op, cs) => {
  if (op.str('fused_activation_function') !== 'NONE') return undefined;
  const r = cs[0]!.type.shape!.length;
  return joinAlong(cs, normalizeAxis(op.int('axis'), r), cs.map((c) => c.type.shape!));
};

const pack: Evaluator = (op, cs) => {
  const s = cs[0]!.type.shape!;
  const axis = normalizeAxis(op.int('axis'), s.length + 1);
  const shapes = cs.map((c) => [...c.type.shape!.slice(0, axis), 1, ...c.type.shape!.slice(axis)]);
  return joinAlong(cs, axis, shapes);
};

/** Shape-only ops share the constant's data under the result type (no copy). */
const retype: Evaluator = (op, [x]) => dense(tensorType(op.result(0).type.shape, x!.type.elem), x!.data);

const pad: Evaluator = (op, [x, p]) => {
  const pads = ints(p!);
  const xs = x!.type.shape!;
  if (pads.length !== 2 * xs.length || pads.some((v) => v < 0)) return undefined;
  const shape = xs.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
  const n = product(shape);
  const out = allocData(x!.type.elem, n) as unknown as (number | bigint | string)[];
  const zero = x!.type.elem === 'i64' ? 0n : x!.type.elem === 'string' ? '' : 0;
  const oStrides = stridesOf(shape);
  const xStrides = stridesOf(xs);
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, oStrides).map((v, d) => v - pads[2 * d]!);
    out[i] = idx.every((v, d) => v >= 0 && v < xs[d]!) ? raw(x!, idx.reduce((a, v, d) => a + v * xStrides[d]!, 0)) : zero;
  }
  return dense(tensorType(shape, x!.type.elem), out as unknown as DenseData);
};

const gather: Evaluator = (op, [params, indices]) => {
  if (op.int('batch_dims') !== 0) return undefined;
  const ps = params!.type.shape!;
  const axis = normalizeAxis(op.int('axis'), ps.length);
  const idx = ints(indices!);
  if (idx.some((v) => !Number.isInteger(v) || v < 0 || v >= ps[axis]!)) return undefined;
  const inner = product(ps.slice(axis + 1));
  const shape = [...ps.slice(0, axis), ...indices!.type.shape!, ...ps.slice(axis + 1)];
  const per = idx.length * inner;
  return gatherElements(params!, shape, (i) => {
    const o = Math.floor(i / per);
    const rem = i - o * per;
    const k = Math.floor(rem / inner);
    return (o * ps[axis]! + idx[k]!) * inner + (rem - k * inner);
  });
};

/** strided_slice with begin/end/shrink masks (no ellipsis or new axes), by TensorFlow's clamping rules. */
const stridedSlice: Evaluator = (op, [x, b, e, s]) => {
  if (op.int('ellipsis_mask') !== 0 || op.int('new_axis_mask') !== 0 || op.flag('offset')) return undefined;
  const xs = x!.type.shape!;
  const [begin, end, strides] = [ints(b!), ints(e!), ints(s!)];
  if (begin.length > xs.length || end.length !== begin.length || strides.length !== begin.length) return undefined;
  const starts: number[] = [];
  const steps: number[] = [];
  const counts: number[] = [];
  const kept: number[] = [];
  for (let d = 0; d < xs.length; d++) {
    const dim = xs[d]!;
    const st = d < begin.length ? strides[d]! : 1;
    if (st === 0) return undefined;
    const bit = (mask: string) => d < begin.length && ((op.int(mask) >> d) & 1) === 1;
    const clamp = (v: number) => (st > 0 ? Math.min(Math.max(v, 0), dim) : Math.min(Math.max(v, -1), dim - 1));
    let lo = d >= begin.length || bit('begin_mask') ? (st > 0 ? 0 : dim - 1) : begin[d]! < 0 ? begin[d]! + dim : begin[d]!;
    const hiRaw = d >= begin.length || bit('end_mask') ? (st > 0 ? dim : -1) : end[d]! < 0 ? end[d]! + dim : end[d]!;
    if (bit('shrink_axis_mask')) {
      // TensorFlow rejects a shrunk axis with a stride other than 1 ("only stride 1 allowed on non-range indexing").
      if (st !== 1 || lo < 0 || lo >= dim) return undefined;
      starts.push(lo), steps.push(1), counts.push(1);
      continue;
    }
    lo = clamp(lo);
    const hi = clamp(hiRaw);
    const count = Math.max(0, Math.ceil((hi - lo) / st));
    starts.push(lo), steps.push(st), counts.push(count);
    kept.push(count);
  }
  const xStrides = stridesOf(xs);
  const cStrides = stridesOf(counts);
  const flat = gatherElements(x!, counts, (i) => unravel(i, cStrides).reduce((a, v, d) => a + (starts[d]! + v * steps[d]!) * xStrides[d]!, 0));
  return dense(tensorType(kept, x!.type.elem), flat.data);
};

const NUMERIC: ReadonlySet<ElementType> = new Set(['f32', 'f64', 'i1', 'i8', 'u8', 'i16', 'i32', 'i64', 'f16']);

/** Casts between numeric types as TFLite's static_cast does: truncation toward zero, bool as x != 0. */
const cast: Evaluator = (op, [x]) => {
  const to = op.result(0).type.elem;
  if (!NUMERIC.has(x!.type.elem) || !NUMERIC.has(to) || x!.type.elem === 'f16') return undefined;
  const n = numElements(x!.type)!;
  const out = allocData(to, n);
  for (let i = 0; i < n; i++) {
    const v = denseGet(x!, i);
    if (out instanceof BigInt64Array) out[i] = BigInt(Math.trunc(v));
    else if (to === 'i1') (out as Uint8Array)[i] = v !== 0 ? 1 : 0;
    else if (to === 'f16') (out as Uint16Array)[i] = floatToHalf(v);
    else if (to === 'f32' || to === 'f64') (out as Float32Array)[i] = v;
    else (out as Int32Array)[i] = Math.trunc(v);
  }
  return dense(tensorType(x!.type.shape, to), out);
};

const EVALUATORS: readonly [OpDef, Evaluator][] = [
  [tfl.Transpose, transpose],
  [tfl.Concatenation, concatenation],
  [tfl.Pack, pack],
  [tfl.Squeeze, retype],
  [tfl.ExpandDims, retype],
  [tfl.Pad, pad],
  [tfl.Gather, gather],
  [tfl.StridedSlice, stridedSlice],
  [tfl.Cast, cast],
];

/** Evaluates one op with all-constant operands; the result must have exactly the op's declared (static) shape. */
class EvaluateConstantOp extends Pattern {
  constructor(
    readonly root: OpDef,
    private readonly evaluate: Evaluator,
    private readonly maxElements: number,
  ) {
    super();
  }
  override get name(): string {
    return `evaluate-${this.root.name.slice(4)}`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const consts = op.operands.map((v) => constantValue(v.producer));
    if (consts.length === 0 || !consts.every(usable)) return rw.fail(op, 'operands are not all usable constants');
    const want: TensorType = op.result(0).type;
    const n = numElements(want);
    if (op.results.length !== 1 || n === undefined || want.quant !== undefined || n > this.maxElements) return rw.fail(op, 'result is not small, static and float/int');
    const r = this.evaluate(op, consts);
    if (r === undefined || r.type.elem !== want.elem || r.type.shape!.length !== want.shape!.length || r.type.shape!.some((d, i) => d !== want.shape![i])) {
      return rw.fail(op, 'evaluation does not give the declared result type');
    }
    rw.replaceOp(op, [rw.constant(r, fusedLoc([op.loc]))]);
    return true;
  }
}

export function constantEvaluationPatterns(maxElements: number): Pattern[] {
  return EVALUATORS.map(([def, fn]) => new EvaluateConstantOp(def, fn, maxElements));
}
