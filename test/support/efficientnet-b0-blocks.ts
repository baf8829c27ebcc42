// A small EfficientNet-B0-style float tfl graph (stem, MBConv blocks with SE and swish, head) with seeded weights.
import { Attr, dense, i32, str } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { Module, Value } from '../../src/ir/core.js';
import { nameLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { tensorType } from '../../src/ir/types.js';
import * as tfl from '../../dialects/tfl/index.js';
import { f32t, newFunc, seededConst } from './build.js';

export interface B0Options {
  /** Weight seed (default 1). */
  readonly seed?: number;
  /** Input height and width (default 32). */
  readonly size?: number;
  /** Global pooling of the head: average_pool_2d over the whole image (default) or mean over H, W. */
  readonly head?: 'avgpool' | 'mean';
  /** Classifier outputs (default 10). */
  readonly classes?: number;
  /** Build the squeeze-and-excite blocks (default true); without them the rest is identical, weights included. */
  readonly se?: boolean;
  /** The activation: swish as x * logistic(x) (default, B0) or relu6 (what EfficientNet-Lite uses). */
  readonly activation?: 'swish' | 'relu6';
}

/** An MBConv block: expand ratio, depthwise kernel and stride, output channels (as in B0's table, scaled down). */
interface BlockSpec {
  readonly expand: number;
  readonly kernel: number;
  readonly stride: number;
  readonly out: number;
}

const STEM_CHANNELS = 8;
const HEAD_CHANNELS = 32;
const BLOCKS: readonly BlockSpec[] = [
  { expand: 1, kernel: 3, stride: 1, out: 8 },
  { expand: 6, kernel: 3, stride: 2, out: 12 },
  { expand: 6, kernel: 5, stride: 1, out: 12 },
];
const SE_RATIO = 0.25;

export interface B0Blocks {
  readonly module: Module;
  /** Squeeze-and-excite blocks in the graph (one per MBConv block, or none). */
  readonly seBlocks: number;
  /** x * logistic(x) activations, those inside SE blocks included. */
  readonly swishes: number;
  /** Swish activations inside SE blocks (they disappear with the blocks). */
  readonly seSwishes: number;
  /** Batch norms (mul + add pairs) in the graph. */
  readonly batchNorms: number;
}

/** Project convs (the linear bottleneck) have no activation; their location names end like this. */
export const PROJECT_CONV_SUFFIX = '/project_conv';

/** A seed per layer name, so variants of the graph (without SE, with relu6) share every other weight. */
function layerSeed(base: number, name: string): number {
  let h = (2166136261 ^ base) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return h || 1;
}

/** Builds the graph; locations name every op like Keras' EfficientNet layers ("block2/expand_conv"). */
export function efficientNetB0Blocks(opts: B0Options = {}): B0Blocks {
  const size = opts.size ?? 32;
  const classes = opts.classes ?? 10;
  const base = opts.seed ?? 1;
  const withSe = opts.se ?? true;
  const relu6 = opts.activation === 'relu6';
  const t = newFunc([f32t(1, size, size, 3)]);
  const b: Builder = t.b;
  t.f.argAttrs[0]!.set('tf.name', str('images'));
  const counts = { swishes: 0, seSwishes: 0, batchNorms: 0 };
  let layer = '';
  const at = (name: string): void => {
    b.loc = nameLoc(name);
    layer = name;
  };
  const weight = (shape: number[], fanIn: number, tag = 'kernel'): Value => seededConst(b, shape, layerSeed(base, `${layer}/${tag}`), 1 / Math.sqrt(fanIn));
  const op = (def: OpDef, operands: Value[], attrs: Record<string, Attr> = {}): Value => b.create(def, operands, attrs).result(0);
  const none = { fused_activation_function: str('NONE') };
  const window = (stride: number) => ({ padding: str('SAME'), stride_h: i32(stride), stride_w: i32(stride), ...none });
  const conv = (name: string, x: Value, out: number, k: number, stride: number, bias: boolean): Value => {
    at(name);
    const cin = x.type.shape![3]!;
    const operands = [x, weight([out, k, k, cin], k * k * cin)];
    if (bias) operands.push(weight([out], 4, 'bias'));
    return op(tfl.Conv2D, operands, window(stride));
  };
  const depthwise = (name: string, x: Value, k: number, stride: number): Value => {
    at(name);
    const c = x.type.shape![3]!;
    return op(tfl.DepthwiseConv2D, [x, weight([1, k, k, c], k * k)], { ...window(stride), depth_multiplier: i32(1) });
  };
  // Inference batch norm as legalize-tf emits it: x * (gamma / sqrt(var + eps)) + (beta - mean * scale).
  const batchNorm = (name: string, x: Value): Value => {
    at(name);
    counts.batchNorms++;
    const c = x.type.shape![x.type.shape!.length - 1]!;
    const seed = layerSeed(base, name) % 1000;
    const scale = new Float32Array(c);
    const offset = new Float32Array(c);
    for (let i = 0; i < c; i++) {
      const gamma = 0.8 + 0.4 * Math.abs(Math.sin(seed * 7 + i));
      const variance = 0.5 + Math.abs(Math.cos(seed * 3 + i));
      const mean = 0.2 * Math.sin(seed + 5 * i);
      const beta = 0.1 * Math.cos(seed * 11 + i);
      scale[i] = gamma / Math.sqrt(variance + 1e-3);
      offset[i] = beta - mean * scale[i]!;
    }
    const s = b.constant(dense(tensorType([c], 'f32'), scale));
    const o = b.constant(dense(tensorType([c], 'f32'), offset));
    return op(tfl.Add, [op(tfl.Mul, [x, s], none), o], none);
  };
  const swish = (name: string, x: Value, inSe = false): Value => {
    at(name);
    if (relu6) return op(tfl.Relu6, [x]);
    counts.swishes++;
    if (inSe) counts.seSwishes++;
    return op(tfl.Mul, [x, op(tfl.Logistic, [x])], none);
  };
  const squeezeExcite = (name: string, x: Value, reduced: number): Value => {
    at(`${name}/se_squeeze`);
    const axes = b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, 2])));
    const pooled = op(tfl.Mean, [x, axes], { keep_dims: { kind: 'bool', value: true } });
    const c = x.type.shape![3]!;
    const r = swish(`${name}/se_reduce_swish`, conv(`${name}/se_reduce`, pooled, reduced, 1, 1, true), true);
    const e = conv(`${name}/se_expand`, r, c, 1, 1, true);
    at(`${name}/se_excite`);
    const gate = op(tfl.Logistic, [e]);
    return op(tfl.Mul, [x, gate], none);
  };

  let x = swish('stem_activation', batchNorm('stem_bn', conv('stem_conv', t.args[0]!, STEM_CHANNELS, 3, 2, false)));
  BLOCKS.forEach((spec, i) => {
    const name = `block${i + 1}`;
    const input = x;
    const cin = x.type.shape![3]!;
    let h = x;
    if (spec.expand !== 1) h = swish(`${name}/expand_activation`, batchNorm(`${name}/expand_bn`, conv(`${name}/expand_conv`, h, cin * spec.expand, 1, 1, false)));
    h = swish(`${name}/activation`, batchNorm(`${name}/bn`, depthwise(`${name}/dwconv`, h, spec.kernel, spec.stride)));
    if (withSe) h = squeezeExcite(name, h, Math.max(1, Math.floor(cin * SE_RATIO)));
    h = batchNorm(`${name}/project_bn`, conv(`${name}${PROJECT_CONV_SUFFIX}`, h, spec.out, 1, 1, false));
    if (spec.stride === 1 && cin === spec.out) {
      at(`${name}/add`);
      h = op(tfl.Add, [h, input], none);
    }
    x = h;
  });
  x = swish('top_activation', batchNorm('top_bn', conv('top_conv', x, HEAD_CHANNELS, 1, 1, false)));
  at('avg_pool');
  const [, hh, ww] = x.type.shape!;
  if (opts.head === 'mean') {
    x = op(tfl.Mean, [x, b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, 2])))], { keep_dims: { kind: 'bool', value: false } });
  } else {
    const pool = op(tfl.AveragePool2D, [x], { padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(hh!), filter_width: i32(ww!), ...none });
    x = op(tfl.Reshape, [pool, b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, HEAD_CHANNELS])))]);
  }
  at('predictions');
  const logits = op(tfl.FullyConnected, [x, weight([classes, HEAD_CHANNELS], HEAD_CHANNELS), weight([classes], 4, 'bias')], none);
  t.ret(op(tfl.Softmax, [logits]));
  t.f.resultAttrs[0]!.set('tf.name', str('probabilities'));
  return { module: t.m, seBlocks: withSe ? BLOCKS.length : 0, ...counts };
}
