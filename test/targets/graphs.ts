// Small int8 and float tfl graphs for target tests, built with the Builder (named locations, quantized types).
import * as tfl from '../../dialects/tfl/index.js';
import { registry } from '../../dialects/registry.js';
import { Attr, dense, f32, i32, i32s, str } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { Func, Module, Value } from '../../src/ir/core.js';
import { nameLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { TensorType, perAxisQuant, perTensorQuant, tensorType } from '../../src/ir/types.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';
import { verifyModule } from '../../src/ir/verifier.js';

export type Kind = 'i8' | 'f32';

/** int8 activations (per-tensor) or float32. */
export function act(kind: Kind, shape: number[]): TensorType {
  return kind === 'i8' ? tensorType(shape, 'f32', perTensorQuant('i8', 0.05, -3)) : tensorType(shape, 'f32');
}

function seeded(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

/** A graph under construction: `add` appends an op with a TF-style node name; `finish` returns and verifies. */
export class GraphBuilder {
  readonly m = new Module();
  readonly f: Func;
  readonly b: Builder;
  private seed = 1;

  constructor(
    readonly kind: Kind,
    inputs: { name: string; type: TensorType }[],
  ) {
    this.f = this.m.addFunc(new Func('main', inputs.map((i) => i.type), []));
    inputs.forEach((i, k) => this.f.argAttrs[k]!.set('tf.name', str(i.name)));
    this.b = new Builder(this.f);
  }

  get args(): Value[] {
    return this.f.args;
  }

  /** Weights: int8 per-channel (narrow range) or float32. */
  weights(shape: number[], axis = 0): Value {
    const n = shape.reduce((a, d) => a * d, 1);
    const r = seeded(n, this.seed++);
    if (this.kind === 'f32') return this.b.constant(dense(tensorType(shape, 'f32'), Float32Array.from(r, (x) => x * 2 - 1)));
    const ch = shape[axis]!;
    const q = perAxisQuant('i8', axis, Array.from({ length: ch }, () => 0.01), undefined, true);
    return this.b.constant(dense(tensorType(shape, 'f32', q), Int8Array.from(r, (x) => Math.round(x * 254) - 127)));
  }

  bias(n: number): Value {
    if (this.kind === 'f32') return this.b.constant(dense(tensorType([n], 'f32'), new Float32Array(n)));
    const q = perAxisQuant('i32', 0, Array.from({ length: n }, () => 0.0005));
    return this.b.constant(dense(tensorType([n], 'f32', q), new Int32Array(n)));
  }

  ints(values: number[], shape = [values.length]): Value {
    return this.b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(values)));
  }

  add(def: OpDef, loc: string, operands: Value[], attrs: Record<string, Attr>, result: TensorType | TensorType[]): Value {
    const types = Array.isArray(result) ? result : [result];
    return this.b.create(def, operands, attrs, types, nameLoc(loc)).result(0);
  }

  conv(loc: string, x: Value, outC: number, k = 1, act6 = 'NONE'): Value {
    const s = x.type.shape!;
    const w = this.weights([outC, k, k, s[3]!]);
    const attrs = { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), fused_activation_function: str(act6) };
    return this.add(tfl.Conv2D, loc, [x, w, this.bias(outC)], attrs, act(this.kind, [s[0]!, s[1]!, s[2]!, outC]));
  }

  unary(def: OpDef, loc: string, x: Value): Value {
    return this.add(def, loc, [x], {}, act(this.kind, [...x.type.shape!]));
  }

  reshape(loc: string, x: Value, shape: number[]): Value {
    return this.add(tfl.Reshape, loc, [x, this.ints(shape)], {}, act(this.kind, shape));
  }

  finish(...outs: Value[]): Module {
    this.f.resultTypes = outs.map((v) => v.type);
    outs.forEach((_, i) => {
      if (this.f.resultAttrs[i] === undefined) this.f.resultAttrs.push(new Map());
      this.f.resultAttrs[i]!.set('tf.name', str(`output_${i}`));
    });
    this.b.create(ReturnOp, outs, {}, []);
    const errs = verifyModule(this.m, { registry, checkInferredTypes: false });
    if (errs.length) throw new Error(`test graph does not verify: ${errs.map((e) => e.format()).join('; ')}`);
    return this.m;
  }
}

/**
 * int8 classifier with a HARD_SWISH in the middle:
 * #0 conv(relu6) #1 hard_swish #2 conv #3 add(#2, #0) #4 average_pool #5 reshape #6 fully_connected #7 softmax.
 */
export function hardSwishInTheMiddle(): Module {
  const g = new GraphBuilder('i8', [{ name: 'image', type: act('i8', [1, 16, 16, 8]) }]);
  const c0 = g.conv('block_0/conv', g.args[0]!, 16, 3, 'RELU6');
  const hs = g.unary(tfl.HardSwish, 'block_1/hard_swish', c0);
  const c2 = g.conv('block_2/conv', hs, 16);
  const sum = g.add(tfl.Add, 'block_2/add', [c2, c0], { fused_activation_function: str('NONE') }, act('i8', [1, 16, 16, 16]));
  const pool = g.add(tfl.AveragePool2D, 'head/pool', [sum], { padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(16), filter_width: i32(16), fused_activation_function: str('NONE') }, act('i8', [1, 1, 1, 16]));
  const flat = g.reshape('head/reshape', pool, [1, 16]);
  const fc = g.add(tfl.FullyConnected, 'head/fc', [flat, g.weights([10, 16]), g.bias(10)], { fused_activation_function: str('NONE') }, act('i8', [1, 10]));
  const sm = g.add(tfl.Softmax, 'head/softmax', [fc], { beta: f32(1) }, tensorType([1, 10], 'f32', perTensorQuant('i8', 1 / 256, -128)));
  return g.finish(sm);
}

/** int8: #0 conv, #1 reshape to a 5-D [1,2,8,8,8], #2 reshape back, #3 conv. */
export function fiveDimReshapeInTheMiddle(): Module {
  const g = new GraphBuilder('i8', [{ name: 'features', type: act('i8', [1, 8, 8, 16]) }]);
  const c0 = g.conv('stem/conv', g.args[0]!, 16);
  const r1 = g.reshape('attention/split_heads', c0, [1, 2, 8, 8, 8]);
  const r2 = g.reshape('attention/merge_heads', r1, [1, 8, 8, 16]);
  const c3 = g.conv('head/conv', r2, 16);
  return g.finish(c3);
}

/** float input → QUANTIZE → int8 conv → DEQUANTIZE → float output (the converter's float-I/O layout). */
export function floatIoAroundInt8(): Module {
  const g = new GraphBuilder('i8', [{ name: 'pixels', type: tensorType([1, 8, 8, 4], 'f32') }]);
  const q = g.add(tfl.Quantize, 'input/quantize', [g.args[0]!], {}, act('i8', [1, 8, 8, 4]));
  const c = g.conv('body/conv', q, 8);
  const c2 = g.conv('body/conv_1', c, 8);
  const dq = g.add(tfl.Dequantize, 'output/dequantize', [c2], {}, tensorType([1, 8, 8, 8], 'f32'));
  return g.finish(dq);
}

/** One op on an input of the given type: for single-rule tests. */
export function singleOp(kind: Kind, input: number[], build: (g: GraphBuilder, x: Value) => Value, inputName = 'x'): Module {
  const g = new GraphBuilder(kind, [{ name: inputName, type: act(kind, input) }]);
  return g.finish(build(g, g.args[0]!));
}

/** float32 CNN: conv(3→6, relu) → depthwise → average pool → reshape → fully connected (10) → softmax. */
export function floatCnn(): Module {
  const g = new GraphBuilder('f32', [{ name: 'image', type: act('f32', [1, 32, 32, 3]) }]);
  const c = g.conv('conv1/Conv2D', g.args[0]!, 6, 3, 'RELU');
  const dw = g.add(tfl.DepthwiseConv2D, 'conv2/depthwise', [c, g.weights([1, 3, 3, 6], 3), g.bias(6)], { padding: str('SAME'), stride_h: i32(1), stride_w: i32(1), depth_multiplier: i32(1), fused_activation_function: str('RELU6') }, act('f32', [1, 32, 32, 6]));
  const pool = g.add(tfl.AveragePool2D, 'pool/AvgPool', [dw], { padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), filter_height: i32(32), filter_width: i32(32), fused_activation_function: str('NONE') }, act('f32', [1, 1, 1, 6]));
  const flat = g.reshape('flatten/Reshape', pool, [1, 6]);
  const fc = g.add(tfl.FullyConnected, 'logits/MatMul', [flat, g.weights([10, 6]), g.bias(10)], { fused_activation_function: str('NONE') }, act('f32', [1, 10]));
  const sm = g.add(tfl.Softmax, 'probs/Softmax', [fc], { beta: f32(1) }, act('f32', [1, 10]));
  return g.finish(sm);
}

/** float32: #0 conv #1 relu #2 squeeze (no GPU kernel) #3 reshape #4..#6 conv: two GPU partitions of 2 and 4 ops. */
export function floatSqueezeSplit(): Module {
  const g = new GraphBuilder('f32', [{ name: 'image', type: act('f32', [1, 8, 8, 3]) }]);
  const c0 = g.conv('stem/conv', g.args[0]!, 4, 3);
  const r1 = g.unary(tfl.Relu, 'stem/relu', c0);
  const sq = g.add(tfl.Squeeze, 'stem/squeeze', [r1], { squeeze_dims: i32s([0]) }, act('f32', [8, 8, 4]));
  const back = g.reshape('body/reshape', sq, [1, 8, 8, 4]);
  let x = back;
  for (let i = 0; i < 3; i++) x = g.conv(`body/conv_${i}`, x, 4);
  return g.finish(x);
}
