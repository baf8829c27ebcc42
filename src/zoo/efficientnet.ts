// Built-in EfficientNet / EfficientNet-Lite graphs in the tf dialect, laid out as the official TF builders do
// (unfolded batch norms, official variable and node names) so checkpoints map by name.
import * as tf from '../../dialects/tf/index.js';
import { Attr, arr, bool, dense, f32, i64, str } from '../ir/attributes.js';
import { Builder } from '../ir/builder.js';
import { ReturnOp } from '../ir/builtin-ops.js';
import { Func, Module, Value } from '../ir/core.js';
import { nameLoc } from '../ir/loc.js';
import { OpDef } from '../ir/opdef.js';
import { tensorType } from '../ir/types.js';
import { EfficientNetArch, MBConvBlock, efficientNetArch } from './efficientnet-arch.js';
import { WeightKind, WeightSource, seededWeights } from './weights.js';

const ints = (xs: number[]): Attr => arr(xs.map(i64));
/** Batch-norm epsilon of the official builders (batch_norm_epsilon=1e-3). */
const BN_EPSILON = 1e-3;

class GraphBuilder {
  readonly b: Builder;
  constructor(
    f: Func,
    readonly model: string,
    readonly weights: WeightSource,
  ) {
    this.b = new Builder(f);
  }

  weight(name: string, shape: number[], kind: WeightKind): Value {
    const full = `${this.model}/${name}`;
    return this.b.constant(dense(tensorType(shape, 'f32'), this.weights.get(full, shape, kind)), nameLoc(full));
  }

  op(def: OpDef, operands: Value[], attrs: Record<string, Attr>, node: string): Value {
    return this.b.create(def, operands, attrs, undefined, nameLoc(`${this.model}/${node}`)).result(0);
  }

  conv(x: Value, scope: string, k: number, out: number, stride: number): Value {
    const cin = x.type.shape![3]!;
    const w = this.weight(`${scope}/kernel`, [k, k, cin, out], 'kernel');
    return this.op(tf.Conv2D, [x, w], { strides: ints([1, stride, stride, 1]), padding: str('SAME'), data_format: str('NHWC'), dilations: ints([1, 1, 1, 1]) }, `${scope}/Conv2D`);
  }

  depthwise(x: Value, scope: string, k: number, stride: number): Value {
    const c = x.type.shape![3]!;
    const w = this.weight(`${scope}/depthwise_kernel`, [k, k, c, 1], 'depthwise');
    return this.op(tf.DepthwiseConv2dNative, [x, w], { strides: ints([1, stride, stride, 1]), padding: str('SAME'), data_format: str('NHWC'), dilations: ints([1, 1, 1, 1]) }, `${scope}/depthwise`);
  }

  batchNorm(x: Value, scope: string): Value {
    const c = x.type.shape![3]!;
    const v = (n: string, kind: WeightKind): Value => this.weight(`${scope}/${n}`, [c], kind);
    const operands = [x, v('gamma', 'gamma'), v('beta', 'beta'), v('moving_mean', 'mean'), v('moving_variance', 'variance')];
    const attrs = { epsilon: f32(BN_EPSILON), is_training: bool(false), data_format: str('NHWC') };
    return this.b.create(tf.FusedBatchNormV3, operands, attrs, undefined, nameLoc(`${this.model}/${scope}/FusedBatchNormV3`)).result(0);
  }

  activation(x: Value, kind: 'relu6' | 'swish', scope: string): Value {
    if (kind === 'relu6') return this.op(tf.Relu6, [x], {}, `${scope}/Relu6`);
    // tf.nn.swish as a graph: x * sigmoid(x).
    const s = this.op(tf.Sigmoid, [x], {}, `${scope}/swish/Sigmoid`);
    return this.op(tf.Mul, [x, s], {}, `${scope}/swish/mul`);
  }

  i32(values: number[], node: string): Value {
    return this.b.constant(dense(tensorType([values.length], 'i32'), Int32Array.from(values)), nameLoc(`${this.model}/${node}`));
  }
}

function mbconv(g: GraphBuilder, x: Value, blk: MBConvBlock, act: 'relu6' | 'swish'): Value {
  const scope = `blocks_${blk.index}`;
  let h = x;
  let conv = 0;
  let bn = 0;
  const convName = (): string => `${scope}/conv2d${conv++ === 0 ? '' : `_${conv - 1}`}`;
  const bnName = (): string => `${scope}/tpu_batch_normalization${bn++ === 0 ? '' : `_${bn - 1}`}`;
  const expanded = blk.inputFilters * blk.expand;
  if (blk.expand !== 1) {
    h = g.conv(h, convName(), 1, expanded, 1);
    h = g.activation(g.batchNorm(h, bnName()), act, `${scope}/expand`);
  }
  h = g.depthwise(h, `${scope}/depthwise_conv2d`, blk.kernel, blk.stride);
  h = g.activation(g.batchNorm(h, bnName()), act, `${scope}/depthwise`);
  if (blk.seFilters > 0) {
    const pooled = g.op(tf.Mean, [h, g.i32([1, 2], `${scope}/se/Mean/reduction_indices`)], { keep_dims: bool(true) }, `${scope}/se/Mean`);
    const reduceW = g.weight(`${scope}/se/conv2d/kernel`, [1, 1, expanded, blk.seFilters], 'kernel');
    let s = g.op(tf.Conv2D, [pooled, reduceW], { strides: ints([1, 1, 1, 1]), padding: str('SAME'), data_format: str('NHWC'), dilations: ints([1, 1, 1, 1]) }, `${scope}/se/conv2d/Conv2D`);
    s = g.op(tf.BiasAdd, [s, g.weight(`${scope}/se/conv2d/bias`, [blk.seFilters], 'bias')], { data_format: str('NHWC') }, `${scope}/se/conv2d/BiasAdd`);
    s = g.activation(s, 'swish', `${scope}/se`);
    const expandW = g.weight(`${scope}/se/conv2d_1/kernel`, [1, 1, blk.seFilters, expanded], 'kernel');
    s = g.op(tf.Conv2D, [s, expandW], { strides: ints([1, 1, 1, 1]), padding: str('SAME'), data_format: str('NHWC'), dilations: ints([1, 1, 1, 1]) }, `${scope}/se/conv2d_1/Conv2D`);
    s = g.op(tf.BiasAdd, [s, g.weight(`${scope}/se/conv2d_1/bias`, [expanded], 'bias')], { data_format: str('NHWC') }, `${scope}/se/conv2d_1/BiasAdd`);
    const gate = g.op(tf.Sigmoid, [s], {}, `${scope}/se/Sigmoid`);
    h = g.op(tf.Mul, [gate, h], {}, `${scope}/se/mul`);
  }
  h = g.conv(h, convName(), 1, blk.outputFilters, 1);
  h = g.batchNorm(h, bnName());
  if (blk.skip) h = g.op(tf.AddV2, [h, x], {}, `${scope}/add`);
  return h;
}

export interface ZooOptions {
  weights?: WeightSource;
  numClasses?: number;
  batch?: number;
}

/** Builds the graph of a built-in EfficientNet(-Lite) as the official builder lays it out. */
export function buildEfficientNet(name: string, opts: ZooOptions = {}): { module: Module; arch: EfficientNetArch } {
  const arch = efficientNetArch(name, opts.numClasses ?? 1000);
  const weights = opts.weights ?? seededWeights();
  const r = arch.params.resolution;
  const module = new Module();
  const f = module.addFunc(new Func('main', [tensorType([opts.batch ?? 1, r, r, 3], 'f32')], []));
  f.argAttrs[0]!.set('tf.name', str('images'));
  const g = new GraphBuilder(f, name, weights);
  let h = g.conv(f.args[0]!, 'stem/conv2d', 3, arch.stemFilters, 2);
  h = g.activation(g.batchNorm(h, 'stem/tpu_batch_normalization'), arch.activation, 'stem');
  for (const blk of arch.blocks) h = mbconv(g, h, blk, arch.activation);
  h = g.conv(h, 'head/conv2d', 1, arch.headFilters, 1);
  h = g.activation(g.batchNorm(h, 'head/tpu_batch_normalization'), arch.activation, 'head');
  h = g.op(tf.Mean, [h, g.i32([1, 2], 'head/global_average_pooling2d/Mean/reduction_indices')], { keep_dims: bool(false) }, 'head/global_average_pooling2d/Mean');
  const kernel = g.weight('head/dense/kernel', [arch.headFilters, arch.params.numClasses], 'kernel');
  h = g.op(tf.MatMul, [h, kernel], { transpose_a: bool(false), transpose_b: bool(false) }, 'head/dense/MatMul');
  h = g.op(tf.BiasAdd, [h, g.weight('head/dense/bias', [arch.params.numClasses], 'bias')], { data_format: str('NHWC') }, 'head/dense/BiasAdd');
  h = g.op(tf.Softmax, [h], {}, 'head/Softmax');
  f.resultTypes = [h.type];
  f.resultAttrs.push(new Map([['tf.name', str('probabilities')]]));
  new Builder(f).create(ReturnOp, [h], {}, []);
  module.attrs.set('tf.format', str('built-in'));
  module.attrs.set('litec.model', str(name));
  if (weights.synthetic) module.attrs.set('litec.synthetic_weights', bool(true));
  module.attrs.set('litec.weights', str(weights.description));
  return { module, arch };
}
