// Folding per-channel scale/offset (batch norm, bias adds) into conv_2d / depthwise_conv_2d / fully_connected weights.
import { DenseAttr, denseGet, str } from '../../src/ir/attributes.js';
import { Operation, Value } from '../../src/ir/core.js';
import { fusedLoc, Loc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { TensorType } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfl from '../../dialects/tfl/index.js';
import { ConvLike, affineBias, allFinite, convLike, isPlainF32, outputAxis, perChannelValues, sameType, scaleAlongAxis } from './per-channel.js';

/** Builds a copy of `conv` with new input/filter/bias and activation, at the rewriter's insertion point. */
function rebuildConv(rw: Rewriter, conv: ConvLike, input: Value, filter: DenseAttr, bias: DenseAttr | undefined, act: string, type: TensorType, loc: Loc): Operation {
  const attrs = new Map(conv.op.attrs);
  attrs.set('fused_activation_function', str(act));
  const operands = [input, filter === conv.filter ? conv.op.operand(1) : rw.constant(filter, loc)];
  if (bias !== undefined) operands.push(bias === conv.bias ? conv.op.input('bias')! : rw.constant(bias, loc));
  return rw.create(conv.op.def!, operands, attrs, [type], loc);
}

export interface AffineAfterOptions {
  /** Fold `conv * s` into the filter (batch norm's scale). */
  readonly scales: boolean;
  /** Fold `conv + t` / `conv - t` into the bias. */
  readonly offsets: boolean;
}

/**
 * `mul(conv, s)`, `add(conv, t)` or `sub(conv, t)` with s, t constant per output channel → one conv with a new
 * filter (each output channel scaled) and bias (b*s + t). Only when the conv result has no other user (else the
 * unscaled conv would still be needed) and the conv has no fused activation yet (the affine step comes before it).
 */
export class FoldAffineAfterConv extends Pattern {
  constructor(
    readonly root: OpDef,
    private readonly label: string,
  ) {
    super();
  }
  override get name(): string {
    return this.label;
  }

  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (!isPlainF32(op.result(0).type)) return rw.fail(op, 'not a float32 op');
    const sides = op.isa(tfl.Sub) ? [0] : [0, 1];
    let reason = 'no operand is a conv-like op with constant weights';
    for (const side of sides) {
      const conv = convLike(op.operand(side).producer);
      if (conv === undefined) continue;
      if (conv.op.str('fused_activation_function') !== 'NONE') return rw.fail(op, 'conv already has a fused activation');
      if (!conv.op.result(0).hasOneUse()) return rw.fail(op, 'conv result has other users');
      if (!sameType(op.result(0), conv.op.result(0))) return rw.fail(op, 'broadcast changes the conv result type');
      const rank = op.result(0).type.shape!.length;
      const values = perChannelValues(op.operand(1 - side), conv.outChannels, rank);
      if (values === undefined) {
        reason = 'other operand is not a per-channel constant';
        continue;
      }
      if (!allFinite(values)) return rw.fail(op, 'per-channel constant has non-finite values');
      const n = conv.outChannels;
      let filter = conv.filter;
      let bias: DenseAttr | undefined;
      if (op.isa(tfl.Mul)) {
        filter = scaleAlongAxis(conv.filter, outputAxis(conv.kind), (i) => values[i]!);
        bias = conv.bias === undefined ? undefined : affineBias(conv.bias, n, values);
      } else {
        const offset = op.isa(tfl.Sub) ? values.map((x) => -x) : values;
        bias = affineBias(conv.bias, n, undefined, offset);
      }
      const loc = fusedLoc([conv.op.loc, op.loc]);
      const created = rebuildConv(rw, conv, conv.op.operand(0), filter, bias, op.str('fused_activation_function'), op.result(0).type, loc);
      rw.replaceOp(op, created.results);
      return true;
    }
    return rw.fail(op, reason);
  }
}

/** Output size of a window with SAME padding adds no padding (VALID, or SAME whose padding amount is 0). */
export function windowPadsNothing(op: Operation): boolean {
  if (op.str('padding') === 'VALID') return true;
  const x = op.operand(0).type.shape;
  const w = op.operand(1).type.shape;
  if (x === null || w === null) return false;
  const dims: [number, number, number, number][] = [
    [x[1]!, w[1]!, op.int('stride_h'), op.int('dilation_h_factor')],
    [x[2]!, w[2]!, op.int('stride_w'), op.int('dilation_w_factor')],
  ];
  return dims.every(([input, k, stride, dilation]) => {
    if (input < 0) return false;
    const out = Math.ceil(input / stride);
    return (out - 1) * stride + (k - 1) * dilation + 1 - input <= 0;
  });
}

/** Per output channel: the sum over the window of filter * t[input channel] (what a constant input offset adds). */
function filterDotOffset(conv: ConvLike, t: Float64Array): Float64Array {
  const f = conv.filter;
  const shape = f.type.shape!;
  const out = new Float64Array(conv.outChannels);
  if (conv.kind === 'depthwise') {
    const k = shape[3]!;
    const m = conv.op.int('depth_multiplier');
    const taps = shape[1]! * shape[2]!;
    for (let p = 0; p < taps; p++) for (let c = 0; c < k; c++) out[c] = out[c]! + denseGet(f, p * k + c) * t[Math.floor(c / m)]!;
    return out;
  }
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const cin = shape[shape.length - 1]!;
  for (let o = 0; o < conv.outChannels; o++) {
    let acc = 0;
    for (let j = 0; j < inner; j++) acc += denseGet(f, o * inner + j) * t[j % cin]!;
    out[o] = acc;
  }
  return out;
}

/**
 * `conv(x * s)` → conv with each input channel of the filter scaled; `conv(x + t)` → conv(x) with bias
 * b + Σ W·t. The offset case needs every window tap to read a real input element: with SAME padding the
 * border windows read padding zeros, which the offset never reached (0 ≠ 0 + t), so it only applies to
 * VALID (or SAME that pads nothing). Scaling is safe under any padding (0 * s = 0). Only when the scale/offset
 * result feeds nothing else, and for plain (not grouped) convolutions.
 */
export class FoldAffineBeforeConv extends Pattern {
  constructor(readonly root: OpDef) {
    super();
  }
  override get name(): string {
    return `fold-affine-before-${this.root.name.slice(4)}`;
  }

  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const conv = convLike(op);
    if (conv === undefined) return rw.fail(op, 'weights are not constant float32');
    const x = op.operand(0);
    const p = x.producer;
    if (p === undefined || !(p.isa(tfl.Mul) || p.isa(tfl.Add) || p.isa(tfl.Sub))) return rw.fail(op, 'input is not a mul/add/sub');
    if (!isPlainF32(x.type) || p.str('fused_activation_function') !== 'NONE') return rw.fail(op, 'input op is not a plain float affine step');
    if (!x.hasOneUse()) return rw.fail(op, 'scaled input has other users');
    const cin = x.type.shape![x.type.shape!.length - 1]!;
    const fs = conv.filter.type.shape!;
    const m = conv.kind === 'depthwise' ? op.int('depth_multiplier') : 1;
    const filterIn = conv.kind === 'depthwise' ? fs[3]! / m : fs[fs.length - 1]!;
    if (cin !== filterIn) return rw.fail(op, 'input channels do not match the filter (grouped or flattened input)');
    for (const side of p.isa(tfl.Sub) ? [0] : [0, 1]) {
      const input = p.operand(side);
      if (!sameType(input, x)) continue;
      const values = perChannelValues(p.operand(1 - side), cin, x.type.shape!.length);
      if (values === undefined || !allFinite(values)) continue;
      let filter = conv.filter;
      let bias = conv.bias;
      if (p.isa(tfl.Mul)) {
        const axis = conv.kind === 'fc' ? 1 : 3;
        filter = scaleAlongAxis(conv.filter, axis, (i) => values[Math.floor(i / m)]!);
      } else {
        if (conv.kind !== 'fc' && !windowPadsNothing(op)) return rw.fail(op, 'SAME padding would see the offset at the borders');
        const t = p.isa(tfl.Sub) ? values.map((v) => -v) : values;
        bias = affineBias(conv.bias, conv.outChannels, undefined, filterDotOffset(conv, t));
      }
      const loc = fusedLoc([p.loc, op.loc]);
      const created = rebuildConv(rw, conv, input, filter, bias, op.str('fused_activation_function'), op.result(0).type, loc);
      rw.replaceOp(op, created.results);
      return true;
    }
    return rw.fail(op, 'input op is not by a per-channel constant');
  }
}

/** The patterns fold-batchnorm uses (fuse-bias uses the offset-after ones only). */
export function affineAfterConvPatterns(opts: AffineAfterOptions): Pattern[] {
  const out: Pattern[] = [];
  if (opts.scales) out.push(new FoldAffineAfterConv(tfl.Mul, 'fold-scale-into-conv'));
  if (opts.offsets) out.push(new FoldAffineAfterConv(tfl.Add, 'fold-offset-into-conv'), new FoldAffineAfterConv(tfl.Sub, 'fold-negative-offset-into-conv'));
  return out;
}

export function affineBeforeConvPatterns(): Pattern[] {
  return [new FoldAffineBeforeConv(tfl.Conv2D), new FoldAffineBeforeConv(tfl.DepthwiseConv2D), new FoldAffineBeforeConv(tfl.FullyConnected)];
}
