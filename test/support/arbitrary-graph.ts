// fast-check arbitrary of random well-typed tfl graphs (float or int8-quantized), built through the Builder.
import fc from 'fast-check';
import { Attr, dense, f32 as f32Attr, str } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';
import { Func, Module, Value } from '../../src/ir/core.js';
import { Loc, UnknownLoc, fusedLoc, nameLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { QuantParams, TensorType, numElements, perAxisQuant, perTensorQuant, tensorType, withQuant } from '../../src/ir/types.js';
import * as tfl from '../../dialects/tfl/index.js';
import { mulberry32 } from '../../src/interpreter/datasets/synthetic.js';

export const GRAPH_OPS = [
  'conv_2d', 'depthwise_conv_2d', 'fully_connected', 'add', 'mul', 'relu', 'relu6', 'logistic', 'reshape',
  'concatenation', 'max_pool_2d', 'average_pool_2d', 'mean', 'pad', 'softmax',
] as const;
export type GraphOp = (typeof GRAPH_OPS)[number];

export interface GraphOptions {
  /** Ops to draw from (default: all of GRAPH_OPS). */
  ops?: readonly GraphOp[];
  /** Number of graph steps (each adds one op plus its constants); default 1..12. */
  minSteps?: number;
  maxSteps?: number;
  /** Quantized int8 activations and per-channel weights: always, never (default) or drawn per graph. */
  quantized?: boolean | 'sometimes';
}

export interface GraphStep {
  readonly op: GraphOp;
  /** Small choices, interpreted per op (which value, sizes, padding, strides, activation). */
  readonly pick: number;
  readonly pick2: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

export interface GraphInput {
  readonly rank4: boolean;
  readonly h: number;
  readonly w: number;
  readonly ch: number;
}

/** Plain data describing a graph: what fast-check generates and shrinks; `buildGraph` turns it into IR. */
export interface GraphRecipe {
  readonly seed: number;
  readonly quantized: boolean;
  readonly inputs: readonly GraphInput[];
  readonly steps: readonly GraphStep[];
}

export function graphRecipe(opts: GraphOptions = {}): fc.Arbitrary<GraphRecipe> {
  const ops = opts.ops ?? GRAPH_OPS;
  const small = fc.nat(15);
  return fc.record({
    seed: fc.integer(),
    quantized: opts.quantized === 'sometimes' ? fc.boolean() : fc.constant(opts.quantized === true),
    inputs: fc.array(
      fc.record({ rank4: fc.nat(3).map((x) => x !== 0), h: fc.integer({ min: 1, max: 8 }), w: fc.integer({ min: 1, max: 8 }), ch: fc.integer({ min: 1, max: 8 }) }),
      { minLength: 1, maxLength: 3 },
    ),
    steps: fc.array(fc.record({ op: fc.constantFrom(...ops), pick: small, pick2: small, a: small, b: small, c: small }), {
      minLength: opts.minSteps ?? 1,
      maxLength: opts.maxSteps ?? 12,
    }),
  });
}

/** Random well-typed tfl graphs as Modules (one func @main). */
export function tflGraph(opts: GraphOptions = {}): fc.Arbitrary<Module> {
  return graphRecipe(opts).map((r) => buildGraph(r));
}

/** One deterministic random graph, e.g. for benchmarks: the same seed and options give the same module. */
export function randomTflGraph(opts: GraphOptions & { seed: number; maxOps?: number }): Module {
  const [recipe] = fc.sample(graphRecipe(opts), { seed: opts.seed, numRuns: 1 });
  return buildGraph(recipe!, opts.maxOps);
}

/** Values may not grow beyond this many elements, so graphs stay small and fast to print and check. */
const MAX_ELEMS = 4096;

/** mulberry32: a tiny deterministic PRNG for weights. */
const prng = mulberry32;

const SPECIALS = [-0, 1e-7, 3.4e38, -1e-40, NaN, Infinity, -Infinity, 0.1];

class GraphBuilder {
  readonly b: Builder;
  readonly pool: Value[] = [];
  private readonly rand: () => number;
  private stepIndex = 0;

  constructor(
    readonly func: Func,
    readonly quantized: boolean,
    seed: number,
  ) {
    this.b = new Builder(func);
    this.rand = prng(seed);
  }

  shape(v: Value): number[] {
    return [...v.type.shape!];
  }

  /** A recent value (graphs are mostly chains with some fan-out). */
  pick(n: number, pred: (v: Value) => boolean = () => true): Value | undefined {
    const cands = this.pool.filter(pred);
    if (cands.length === 0) return undefined;
    return cands[cands.length - 1 - (n % Math.min(cands.length, 4))];
  }

  loc(kind: string): Loc {
    const i = this.stepIndex;
    const r = i % 5;
    if (r === 3) return UnknownLoc;
    if (r === 4) return fusedLoc([nameLoc(`n${i}/${kind}`), nameLoc(`n${i}/act`)]);
    return nameLoc(`n${i}/${kind}`);
  }

  actQuant(): QuantParams {
    return perTensorQuant('i8', 0.001 + this.rand() * 0.1, Math.floor(this.rand() * 256) - 128);
  }

  floatConst(shape: number[]): Value {
    const n = shape.reduce((x, y) => x * y, 1);
    const special = this.rand() < 0.2;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = special && this.rand() < 0.3 ? SPECIALS[Math.floor(this.rand() * SPECIALS.length)]! : this.rand() * 2 - 1;
    // Some constants are splats: one stored value for the whole shape.
    const splat = n > 1 && this.rand() < 0.1;
    return this.b.constant(dense(tensorType(shape, 'f32'), splat ? data.slice(0, 1) : data), this.loc('const'));
  }

  /** A weight constant: float, or int8 (per-axis along `axis` when given) in quantized graphs. */
  weight(shape: number[], axis?: number): Value {
    if (!this.quantized) return this.floatConst(shape);
    const n = shape.reduce((x, y) => x * y, 1);
    const data = new Int8Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.floor(this.rand() * 255) - 127;
    const q = axis === undefined ? this.actQuant() : perAxisQuant('i8', axis, Array.from({ length: shape[axis]! }, () => 0.001 + this.rand() * 0.05), undefined, true);
    return this.b.constant(dense(tensorType(shape, 'f32', q), data), this.loc('weight'));
  }

  bias(n: number, input: Value, filter: Value): Value {
    if (!this.quantized) return this.floatConst([n]);
    const inScale = input.type.quant?.scales[0] ?? 1;
    const scales = Array.from({ length: n }, (_, i) => inScale * (filter.type.quant?.scales[i] ?? filter.type.quant?.scales[0] ?? 1));
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.floor(this.rand() * 2000) - 1000;
    return this.b.constant(dense(tensorType([n], 'f32', perAxisQuant('i32', 0, scales)), data), this.loc('bias'));
  }

  ints(values: number[], shape: number[] = [values.length]): Value {
    return this.b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(values)), this.loc('const'));
  }

  /** Creates an op (types inferred), quantizes its result in quantized graphs, adds it to the pool. */
  emit(def: OpDef, operands: Value[], attrs: Record<string, Attr>, kind: string, types?: TensorType[]): Value {
    const op = this.b.create(def, operands, attrs, types, this.loc(kind));
    const r = op.result(0);
    if (this.quantized) r.type = withQuant(r.type, this.actQuant());
    this.pool.push(r);
    return r;
  }

  step(s: GraphStep, index: number): void {
    this.stepIndex = index;
    if (!this.tryStep(s)) {
      const x = this.pick(s.pick)!;
      this.emit(tfl.Relu, [x], {}, 'relu');
    }
  }

  private tryStep(s: GraphStep): boolean {
    const rank4 = (v: Value): boolean => v.type.shape!.length === 4;
    const hasRank = (v: Value): boolean => v.type.shape!.length > 0;
    const act = str(['NONE', 'RELU', 'RELU6'][s.c % 3]!);
    switch (s.op) {
      case 'conv_2d':
      case 'depthwise_conv_2d': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const [n, h, w, c] = this.shape(x) as [number, number, number, number];
        const kh = 1 + (s.a % 3);
        const kw = 1 + (s.b % 3);
        const padding = s.c % 2 === 0 || kh > h || kw > w ? 'SAME' : 'VALID';
        const stride = 1 + ((s.c >> 1) % 2);
        const depthwise = s.op === 'depthwise_conv_2d';
        const out = depthwise ? c * (1 + (s.a % 2)) : 1 + (s.pick2 % 8);
        if (n * h * w * out > MAX_ELEMS || out * kh * kw * c > MAX_ELEMS) return false;
        const filter = depthwise ? this.weight([1, kh, kw, out], 3) : this.weight([out, kh, kw, c], 0);
        const operands = [x, filter];
        if (s.b % 4 !== 3) operands.push(this.bias(out, x, filter));
        const attrs = { padding: str(padding), stride_h: { kind: 'int', value: stride, width: 32 }, stride_w: { kind: 'int', value: stride, width: 32 }, fused_activation_function: act } as const;
        if (depthwise) this.emit(tfl.DepthwiseConv2D, operands, { ...attrs, depth_multiplier: { kind: 'int', value: out / c, width: 32 } }, 'dwconv');
        else this.emit(tfl.Conv2D, operands, attrs, 'conv');
        return true;
      }
      case 'fully_connected': {
        const x = this.pick(s.pick, hasRank);
        if (x === undefined) return false;
        const shape = this.shape(x);
        const inner = shape[shape.length - 1]!;
        const units = 1 + (s.a % 16);
        if (inner === 0 || units * inner > MAX_ELEMS) return false;
        const filter = this.weight([units, inner], 0);
        const operands = [x, filter];
        if (s.b % 2 === 0) operands.push(this.bias(units, x, filter));
        this.emit(tfl.FullyConnected, operands, { fused_activation_function: act }, 'fc');
        return true;
      }
      case 'add':
      case 'mul': {
        const x = this.pick(s.pick)!;
        const shape = this.shape(x);
        const same = this.pool.filter((v) => v !== x && v.type.shape!.length === shape.length && v.type.shape!.every((d, i) => d === shape[i]));
        const y = same.length > 0 && s.a % 2 === 0 ? same[s.pick2 % same.length]! : this.weight(s.b % 2 === 0 || shape.length === 0 ? shape : [shape[shape.length - 1]!]);
        this.emit(s.op === 'add' ? tfl.Add : tfl.Mul, s.c % 2 === 0 ? [x, y] : [y, x], { fused_activation_function: act }, s.op);
        return true;
      }
      case 'relu':
      case 'relu6':
      case 'logistic': {
        const def = s.op === 'relu' ? tfl.Relu : s.op === 'relu6' ? tfl.Relu6 : tfl.Logistic;
        this.emit(def, [this.pick(s.pick)!], {}, s.op);
        return true;
      }
      case 'softmax':
        this.emit(tfl.Softmax, [this.pick(s.pick)!], s.a % 2 === 0 ? {} : { beta: f32Attr(0.5 + (s.b % 4)) }, 'softmax');
        return true;
      case 'reshape': {
        const x = this.pick(s.pick)!;
        const shape = this.shape(x);
        const total = shape.reduce((p, d) => p * d, 1);
        const target = shape.length === 4 ? (s.a % 2 === 0 ? [1, total] : [shape[0]!, shape[1]! * shape[2]!, shape[3]!]) : [1, 1, 1, total];
        if (s.b % 3 === 0) target[target.length - 1] = -1; // resolved by shape inference
        this.emit(tfl.Reshape, [x, this.ints(target)], {}, 'reshape');
        return true;
      }
      case 'concatenation': {
        const x = this.pick(s.pick, hasRank);
        if (x === undefined) return false;
        const shape = this.shape(x);
        if (2 * (numElements(x.type) ?? MAX_ELEMS) > MAX_ELEMS) return false;
        const same = this.pool.filter((v) => v.type.shape!.length === shape.length && v.type.shape!.every((d, i) => d === shape[i]));
        const y = same[s.pick2 % same.length]!;
        const axis = s.a % 2 === 0 ? shape.length - 1 : -1;
        this.emit(tfl.Concatenation, [x, y], { axis: { kind: 'int', value: axis, width: 32 }, fused_activation_function: act }, 'concat');
        return true;
      }
      case 'max_pool_2d':
      case 'average_pool_2d': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const [, h, w] = this.shape(x) as [number, number, number, number];
        const fh = Math.min(h, 1 + (s.a % 3));
        const fw = Math.min(w, 1 + (s.b % 3));
        const i32 = (v: number) => ({ kind: 'int', value: v, width: 32 }) as const;
        const attrs = { padding: str(s.c % 2 === 0 ? 'VALID' : 'SAME'), filter_height: i32(fh), filter_width: i32(fw), stride_h: i32(1 + (s.pick2 % 2)), stride_w: i32(1 + (s.pick2 % 2)), fused_activation_function: act };
        this.emit(s.op === 'max_pool_2d' ? tfl.MaxPool2D : tfl.AveragePool2D, [x], attrs, 'pool');
        return true;
      }
      case 'mean': {
        const x = this.pick(s.pick, hasRank);
        if (x === undefined) return false;
        const r = x.type.shape!.length;
        const axes = r === 4 ? [1, 2] : [r - 1];
        this.emit(tfl.Mean, [x, this.ints(axes)], { keep_dims: { kind: 'bool', value: s.a % 2 === 0 } }, 'mean');
        return true;
      }
      case 'pad': {
        const x = this.pick(s.pick)!;
        const shape = this.shape(x);
        const pads = shape.flatMap((_, i) => (i === 0 || i === shape.length - 1 ? [0, 0] : [s.a % 2, s.b % 2]));
        const grown = shape.reduce((p, d, i) => p * (d + pads[2 * i]! + pads[2 * i + 1]!), 1);
        if (grown > MAX_ELEMS) return false;
        this.emit(tfl.Pad, [x, this.ints(pads, [shape.length, 2])], {}, 'pad');
        return true;
      }
    }
  }
}

/** Builds the graph of a recipe; stops adding steps once the func has `maxOps` ops. */
export function buildGraph(recipe: GraphRecipe, maxOps = Infinity): Module {
  const m = new Module();
  m.attrs.set('tfl.schema_version', { kind: 'int', value: 3, width: 32 });
  const argTypes: TensorType[] = recipe.inputs.map((i) => tensorType(i.rank4 ? [1, i.h, i.w, i.ch] : [1, i.h * i.ch], 'f32'));
  const f = new Func('main', argTypes, []);
  f.attrs.set('tf.entry_function', { kind: 'unit' });
  f.args.forEach((_, i) => f.argAttrs[i]!.set('tf.name', str(`input_${i}`)));
  m.addFunc(f);
  const g = new GraphBuilder(f, recipe.quantized, recipe.seed);
  for (const a of f.args) {
    if (!recipe.quantized) g.pool.push(a);
    else g.emit(tfl.Quantize, [a], {}, 'quantize', [a.type]); // quantize has no type inference
  }
  recipe.steps.forEach((s, i) => {
    if (f.body.size < maxOps) g.step(s, i);
  });
  const args = new Set<Value>(f.args);
  const outputs = g.pool.filter((v) => !v.hasUses() && !args.has(v));
  if (outputs.length === 0) outputs.push(g.pool[g.pool.length - 1]!);
  const results = outputs.map((v) => (recipe.quantized ? g.b.create(tfl.Dequantize, [v], {}, [tensorType(v.type.shape, 'f32')], g.loc('dequantize')).result(0) : v));
  g.b.create(ReturnOp, results, {}, [], UnknownLoc);
  f.resultTypes = results.map((v) => v.type);
  results.forEach((_, i) => f.resultAttrs.push(new Map([['tf.name', str(`output_${i}`)]])));
  return m;
}
