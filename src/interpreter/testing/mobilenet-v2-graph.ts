// A MobileNetV2-shaped tfl graph with seeded weights (benchmarks and end-to-end tests of the interpreter and passes).
import * as tfl from '../../../dialects/tfl/index.js';
import { dense, f32, i32, str } from '../../ir/attributes.js';
import { Builder } from '../../ir/builder.js';
import { ReturnOp } from '../../ir/builtin-ops.js';
import { Func, Module, Value } from '../../ir/core.js';
import { nameLoc } from '../../ir/loc.js';
import { tensorType } from '../../ir/types.js';

export interface MobileNetV2Options {
  /** Input height and width (default 224). */
  readonly inputSize?: number;
  /** Leading dim of the input (default 1). */
  readonly batch?: number;
  readonly classes?: number;
  /** Channel width multiplier, as in the paper (default 1.0). */
  readonly alpha?: number;
  readonly seed?: number;
}

export interface MobileNetV2Graph {
  readonly module: Module;
  /** Number of weight and bias values. */
  readonly params: number;
  /** Inverted-residual blocks built (17 for MobileNetV2). */
  readonly blocks: number;
}

/** (expansion t, output channels c, repeats n, first stride s) per stage, from the MobileNetV2 paper. */
const STAGES: readonly [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/** Channels rounded to a multiple of 8, never below 90% of the request (the reference implementation's rule). */
function divisible(v: number): number {
  const r = Math.max(8, Math.floor(v + 4) - (Math.floor(v + 4) % 8));
  return r < 0.9 * v ? r + 8 : r;
}

/**
 * Builds @main(input [batch, size, size, 3]) → softmax [batch, classes]: conv 3x3/2 (32 ch, ReLU6), 17 inverted
 * residual blocks (expand 1x1 ReLU6 → depthwise 3x3 ReLU6 → project 1x1 linear, residual add when the shape is
 * kept; the first block has no expansion, as in the paper), conv 1x1 to 1280 (ReLU6), mean over H and W,
 * fully_connected to the classes, softmax. Batch norm is taken as folded into the seeded weights and biases.
 */
export function mobileNetV2Graph(opts: MobileNetV2Options = {}): MobileNetV2Graph {
  const size = opts.inputSize ?? 224;
  const batch = opts.batch ?? 1;
  const classes = opts.classes ?? 1000;
  const alpha = opts.alpha ?? 1;
  let seed = (opts.seed ?? 1) >>> 0 || 1;
  let params = 0;

  const m = new Module();
  const f = m.addFunc(new Func('main', [tensorType([batch, size, size, 3], 'f32')], []));
  f.argAttrs[0]!.set('tf.name', str('input'));
  const b = new Builder(f);

  // Uniform in [-limit, limit] from a 32-bit LCG: deterministic across platforms.
  const weights = (shape: number[], limit: number): Value => {
    const n = shape.reduce((a, x) => a * x, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      data[i] = ((seed / 2 ** 32) * 2 - 1) * limit;
    }
    params += n;
    return b.constant(dense(tensorType(shape, 'f32'), data));
  };
  const conv = (x: Value, out: number, k: number, stride: number, act: string, name: string): Value => {
    const inC = x.type.shape![3]!;
    const fanIn = k * k * inC;
    // He-style limits keep activations in range through ReLU6 layers; linear projections use half the variance.
    const w = weights([out, k, k, inC], Math.sqrt((act === 'NONE' ? 3 : 6) / fanIn));
    const bias = weights([out], 0.05);
    const attrs = { padding: str('SAME'), stride_h: i32(stride), stride_w: i32(stride), fused_activation_function: str(act) };
    return b.create(tfl.Conv2D, [x, w, bias], attrs, undefined, nameLoc(`${name}/Conv2D`)).result(0);
  };
  const depthwise = (x: Value, stride: number, name: string): Value => {
    const c = x.type.shape![3]!;
    const w = weights([1, 3, 3, c], Math.sqrt(6 / 9));
    const bias = weights([c], 0.05);
    const attrs = { padding: str('SAME'), stride_h: i32(stride), stride_w: i32(stride), depth_multiplier: i32(1), fused_activation_function: str('RELU6') };
    return b.create(tfl.DepthwiseConv2D, [x, w, bias], attrs, undefined, nameLoc(`${name}/depthwise`)).result(0);
  };

  let x = conv(f.args[0]!, divisible(32 * alpha), 3, 2, 'RELU6', 'stem');
  let blocks = 0;
  for (const [t, c, n, s] of STAGES) {
    const out = divisible(c * alpha);
    for (let r = 0; r < n; r++) {
      const name = `block_${blocks}`;
      const inC = x.type.shape![3]!;
      const stride = r === 0 ? s : 1;
      let y = t === 1 ? x : conv(x, inC * t, 1, 1, 'RELU6', `${name}/expand`);
      y = depthwise(y, stride, name);
      y = conv(y, out, 1, 1, 'NONE', `${name}/project`);
      if (stride === 1 && inC === out) y = b.create(tfl.Add, [x, y], { fused_activation_function: str('NONE') }, undefined, nameLoc(`${name}/add`)).result(0);
      x = y;
      blocks++;
    }
  }
  x = conv(x, alpha > 1 ? divisible(1280 * alpha) : 1280, 1, 1, 'RELU6', 'head');
  const axes = b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, 2])));
  x = b.create(tfl.Mean, [x, axes], { keep_dims: { kind: 'bool', value: false } }, undefined, nameLoc('pool/Mean')).result(0);
  const fcW = weights([classes, x.type.shape![1]!], Math.sqrt(3 / x.type.shape![1]!));
  const fcB = weights([classes], 0.05);
  x = b.create(tfl.FullyConnected, [x, fcW, fcB], {}, undefined, nameLoc('logits/MatMul')).result(0);
  x = b.create(tfl.Softmax, [x], { beta: f32(1) }, undefined, nameLoc('predictions/Softmax')).result(0);
  f.resultTypes = [x.type];
  f.resultAttrs.push(new Map([['tf.name', str('predictions')]]));
  b.create(ReturnOp, [x], {}, []);
  return { module: m, params, blocks };
}
