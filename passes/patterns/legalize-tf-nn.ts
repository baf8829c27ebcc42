// legalize-tf patterns for TF's layers: Conv2D/DepthwiseConv2dNative/MatMul (+ bias), BiasAdd, batch norm, pools, softmax.
import { DenseAttr, bool, dense, denseGet, f32, i32, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Operation, Value } from '../../src/ir/core.js';
import { fusedLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { tensorType } from '../../src/ir/types.js';
import { Pattern } from '../../src/rewrite/pattern.js';
import * as tfd from '../../dialects/tf/index.js';
import { windowOf } from '../../dialects/tf/util.js';
import * as tfl from '../../dialects/tfl/index.js';
import { Emitter, LegalizePattern, NONE, act, isF32, perChannel, soleUser } from './legalize-tf-util.js';

type LayerKind = 'conv' | 'depthwise' | 'matmul';

function layerKind(op: Operation | undefined): LayerKind | undefined {
  if (op?.isa(tfd.Conv2D)) return 'conv';
  if (op?.isa(tfd.DepthwiseConv2dNative)) return 'depthwise';
  if (op?.isa(tfd.MatMul)) return 'matmul';
  return undefined;
}

/** Output channels of a conv/depthwise/matmul with a static weight shape, or a reason it has none. */
function outChannels(op: Operation, kind: LayerKind): number | string {
  const s = op.operand(1).type.shape;
  if (kind === 'matmul') {
    if (s === null || s.length !== 2) return 'b is not a ranked matrix';
    const n = op.flag('transpose_b') ? s[0]! : s[1]!;
    return n >= 0 ? n : 'the number of output units is not static';
  }
  if (s === null || s.length !== 4 || s.some((d) => d < 0)) return 'the filter shape is not static';
  return kind === 'depthwise' ? s[2]! * s[3]! : s[3]!;
}

/** A BiasAdd, or an Add of a per-channel constant, that uses `layer`'s result and nothing else does. */
function biasOf(layer: Operation, user: Operation, channels: number): DenseAttr | undefined {
  const r = layer.result(0);
  if (soleUser(layer) !== user || user.results.length !== 1) return undefined;
  let other: Value | undefined;
  if (user.isa(tfd.BiasAdd) && user.operand(0) === r) other = user.operand(1);
  else if ((user.isa(tfd.Add) || user.isa(tfd.AddV2)) && user.operand(0) !== user.operand(1)) other = user.operand(user.operand(0) === r ? 1 : 0);
  const rs = r.type.shape;
  const us = user.result(0).type.shape;
  // The add must not broadcast the layer's result to a bigger shape.
  if (other === undefined || rs === null || us === null || rs.length !== us.length || rs.some((d, i) => d !== us[i])) return undefined;
  return perChannel(other, channels, rs.length);
}

/** Rewrites a conv/depthwise/matmul (and its bias add, when given) into one tfl op; returns a reason when it cannot. */
function legalizeLayer(layer: Operation, rw: Rewriter, bias?: { user: Operation; values: DenseAttr }): string | undefined {
  const kind = layerKind(layer)!;
  const channels = outChannels(layer, kind);
  if (typeof channels === 'string') return channels;
  if (!isF32(layer.operand(0)) || !isF32(layer.operand(1))) return 'only float32 layers are legalized';
  const anchor = bias?.user ?? layer;
  rw.setInsertionPoint(anchor);
  const e = new Emitter(rw, bias ? fusedLoc([layer.loc, bias.user.loc]) : layer.loc);
  const type = anchor.result(0).type;
  let created: Value;
  if (kind === 'matmul') {
    const a = layer.flag('transpose_a') ? e.transposed(layer.operand(0), [1, 0])! : layer.operand(0);
    const w = layer.flag('transpose_b') ? layer.operand(1) : e.transposed(layer.operand(1), [1, 0])!;
    const b = bias ? [e.constant(bias.values)] : [];
    const attrs = { ...act, weights_format: str('DEFAULT'), keep_num_dims: bool(false), asymmetric_quantize_inputs: bool(false) };
    created = e.value(tfl.FullyConnected, [a, w, ...b], attrs, type);
  } else {
    const f = layer.operand(1);
    const fs = f.type.shape!;
    const win = windowOf(layer);
    let x = layer.operand(0);
    let padding: string = win.padding;
    if (padding === 'EXPLICIT') {
      const [t, bt, l, r] = win.explicit;
      const xs = x.type.shape;
      const padded = xs === null ? null : xs.map((d, i) => (d < 0 ? -1 : i === 1 ? d + t + bt : i === 2 ? d + l + r : d));
      x = e.value(tfl.Pad, [x, e.i32([0, 0, t, bt, l, r, 0, 0], [4, 2])], {}, tensorType(padded, x.type.elem));
      padding = 'VALID';
    }
    // TF's HWIO filter → TFLite's OHWI; TF's depthwise [H, W, C, M] is TFLite's [1, H, W, C*M] with the same bytes.
    const w = kind === 'depthwise' ? e.reshaped(f, [1, fs[0]!, fs[1]!, channels]) : e.transposed(f, [3, 0, 1, 2])!;
    const b = e.constant(bias?.values ?? dense(tensorType([channels], 'f32'), new Float32Array(channels)));
    const attrs = {
      padding: str(padding),
      stride_h: i32(win.strides[0]),
      stride_w: i32(win.strides[1]),
      dilation_h_factor: i32(win.dilations[0]),
      dilation_w_factor: i32(win.dilations[1]),
      ...act,
      ...(kind === 'depthwise' ? { depth_multiplier: i32(fs[3]!) } : {}),
    };
    created = e.value(kind === 'depthwise' ? tfl.DepthwiseConv2D : tfl.Conv2D, [x, w, b], attrs, type);
  }
  if (bias) {
    rw.replaceOp(bias.user, [created]);
    rw.eraseOp(layer);
  } else rw.replaceOp(layer, [created]);
  return undefined;
}

/** Conv2D → tfl.conv_2d, DepthwiseConv2dNative → tfl.depthwise_conv_2d, MatMul → tfl.fully_connected (+ bias). */
class LegalizeLayer extends LegalizePattern {
  constructor(readonly root: OpDef) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const user = soleUser(op);
    const channels = outChannels(op, layerKind(op)!);
    const values = user !== undefined && typeof channels === 'number' ? biasOf(op, user, channels) : undefined;
    const why = legalizeLayer(op, rw, values && user ? { user, values } : undefined);
    return why === undefined ? true : rw.fail(op, why);
  }
}

/** A bias add visited before its layer: legalizes the layer with the bias folded in. */
class FuseBiasIntoLayer extends LegalizePattern {
  override readonly benefit = 2;
  constructor(readonly root: OpDef) {
    super();
  }
  override get name(): string {
    return `fuse-${this.root.name.slice(3)}-into-layer`;
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    const layer = op.operands.map((v) => v.producer).find((p) => layerKind(p) !== undefined);
    if (layer === undefined) return rw.fail(op, 'no conv/depthwise/matmul operand');
    const channels = outChannels(layer, layerKind(layer)!);
    const values = typeof channels === 'number' ? biasOf(layer, op, channels) : undefined;
    if (values === undefined) return rw.fail(op, 'not a per-channel constant bias of a layer with no other user');
    const why = legalizeLayer(layer, rw, { user: op, values });
    return why === undefined ? true : rw.fail(op, why);
  }
}

/** A BiasAdd on its own is an add of a [C] vector along the last axis. */
class LegalizeBiasAdd extends LegalizePattern {
  readonly root = tfd.BiasAdd;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    rw.replaceOpWithNewOp(op, tfl.Add, [op.operand(0), op.operand(1)], act);
    return true;
  }
}

/** Inference batch norm → x * scale' + offset' with scale' = gamma / sqrt(var + eps), offset' = beta - mean * scale'. */
class LegalizeFusedBatchNorm extends LegalizePattern {
  constructor(readonly root: OpDef) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (op.flag('is_training')) return rw.fail(op, 'is_training = true');
    const [x, gamma, beta, mean, variance] = op.operands as [Value, Value, Value, Value, Value];
    if (!op.operands.every(isF32)) return rw.fail(op, 'only float32 batch norms are legalized');
    if (op.results[5]?.hasUses()) return rw.fail(op, 'reserve_space_3 is used');
    const eps = op.float('epsilon');
    const e = new Emitter(rw, op.loc);
    const consts = [gamma, beta, mean, variance].map((v) => constantValue(v.producer));
    let scale: Value;
    let offset: Value;
    if (consts.every((c) => c !== undefined && !c.elided && c.type.shape?.length === 1)) {
      const [g, b, m, v] = consts as DenseAttr[];
      const n = g!.type.shape![0]!;
      const s = new Float32Array(n);
      const o = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = denseGet(g!, i) / Math.sqrt(denseGet(v!, i) + eps);
        o[i] = denseGet(b!, i) - denseGet(m!, i) * s[i]!;
      }
      scale = e.constant(dense(tensorType([n], 'f32'), s));
      offset = e.constant(dense(tensorType([n], 'f32'), o));
    } else {
      const vt = variance.type;
      const inv = e.value(tfl.Rsqrt, [e.value(tfl.Add, [variance, e.f32([eps], [])], act, vt)], {}, vt);
      scale = e.value(tfl.Mul, [gamma, inv], act, vt);
      offset = e.value(tfl.Sub, [beta, e.value(tfl.Mul, [mean, scale], act, vt)], act, vt);
    }
    const y = e.value(tfl.Add, [e.value(tfl.Mul, [x, scale], act, x.type), offset], act, op.result(0).type);
    // In inference mode TF's side outputs are the population statistics.
    rw.replaceOp(op, [y, mean, variance, mean, variance, y].slice(0, op.results.length));
    return true;
  }
}

/** MaxPool/AvgPool → tfl pools; EXPLICIT max-pool padding becomes a -inf pad_v2 and a VALID pool. */
class LegalizePool extends LegalizePattern {
  constructor(
    readonly root: OpDef,
    private readonly target: OpDef,
  ) {
    super();
  }
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    if (!isF32(op.operand(0))) return rw.fail(op, 'only float32 pools are legalized');
    const k = op.ints('ksize');
    const w = windowOf(op);
    const e = new Emitter(rw, op.loc);
    let x = op.operand(0);
    let padding: string = w.padding;
    if (padding === 'EXPLICIT') {
      const [t, b, l, r] = w.explicit;
      const xs = x.type.shape;
      const padded = xs === null ? null : xs.map((d, i) => (d < 0 ? -1 : i === 1 ? d + t + b : i === 2 ? d + l + r : d));
      x = e.value(tfl.PadV2, [x, e.i32([0, 0, t, b, l, r, 0, 0], [4, 2]), e.f32([-Infinity], [])], {}, tensorType(padded, x.type.elem));
      padding = 'VALID';
    }
    const attrs = { padding: str(padding), stride_h: i32(w.strides[0]), stride_w: i32(w.strides[1]), filter_height: i32(k[1]!), filter_width: i32(k[2]!), fused_activation_function: NONE };
    rw.replaceOp(op, [e.value(this.target, [x], attrs, op.result(0).type)]);
    return true;
  }
}

class LegalizeSoftmax extends LegalizePattern {
  readonly root = tfd.Softmax;
  matchAndRewrite(op: Operation, rw: Rewriter): boolean {
    rw.replaceOpWithNewOp(op, tfl.Softmax, [op.operand(0)], { beta: f32(1) });
    return true;
  }
}

export function legalizeNnPatterns(): Pattern[] {
  return [
    new LegalizeLayer(tfd.Conv2D),
    new LegalizeLayer(tfd.DepthwiseConv2dNative),
    new LegalizeLayer(tfd.MatMul),
    new FuseBiasIntoLayer(tfd.BiasAdd),
    new FuseBiasIntoLayer(tfd.Add),
    new FuseBiasIntoLayer(tfd.AddV2),
    new LegalizeBiasAdd(),
    new LegalizeFusedBatchNorm(tfd.FusedBatchNorm),
    new LegalizeFusedBatchNorm(tfd.FusedBatchNormV2),
    new LegalizeFusedBatchNorm(tfd.FusedBatchNormV3),
    new LegalizePool(tfd.MaxPool, tfl.MaxPool2D),
    new LegalizePool(tfd.AvgPool, tfl.AveragePool2D),
    new LegalizeSoftmax(),
  ];
}
