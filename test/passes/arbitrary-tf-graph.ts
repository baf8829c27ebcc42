// fast-check arbitrary of random well-typed tf-dialect graphs as Keras/TF 1 export them: conv/depthwise/matmul with
// BiasAdd, inference batch norms, activations, pools, reductions, Keras Flatten shape arithmetic, data movement.
import fc from 'fast-check';
import { Attr, bool, dense, f32, i64, i64s, str } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';
import { Func, Module, Value } from '../../src/ir/core.js';
import { nameLoc } from '../../src/ir/loc.js';
import { OpDef } from '../../src/ir/opdef.js';
import { TensorType, tensorType } from '../../src/ir/types.js';
import * as tfd from '../../dialects/tf/index.js';

export const TF_STEPS = ['conv', 'depthwise', 'matmul', 'batchnorm', 'act', 'binary', 'pool', 'reduce', 'flatten', 'pad', 'concat', 'softmax', 'transpose', 'squeeze'] as const;
export type TfStep = (typeof TF_STEPS)[number];

export interface TfGraphStep {
  readonly op: TfStep;
  readonly pick: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

export interface TfGraphRecipe {
  readonly seed: number;
  readonly h: number;
  readonly w: number;
  readonly ch: number;
  readonly steps: readonly TfGraphStep[];
}

export function tfGraphRecipe(opts: { minSteps?: number; maxSteps?: number; ops?: readonly TfStep[] } = {}): fc.Arbitrary<TfGraphRecipe> {
  const small = fc.nat(15);
  return fc.record({
    seed: fc.integer({ min: 1, max: 1 << 30 }),
    h: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 7 }),
    ch: fc.integer({ min: 1, max: 4 }),
    steps: fc.array(fc.record({ op: fc.constantFrom(...(opts.ops ?? TF_STEPS)), pick: small, a: small, b: small, c: small }), {
      minLength: opts.minSteps ?? 1,
      maxLength: opts.maxSteps ?? 10,
    }),
  });
}

/** What the built graph holds, for tests that predict what legalize-tf makes of it. */
export interface TfGraph {
  readonly module: Module;
  /** BiasAdd/AddV2 of a per-channel constant whose other operand is a conv/depthwise/matmul result used only there. */
  readonly layerBiases: number;
}

const MAX_ELEMS = 2048;

class TfGraphBuilder {
  readonly b: Builder;
  readonly pool: Value[] = [];
  private s: number;
  private index = 0;

  constructor(f: Func, seed: number) {
    this.b = new Builder(f);
    this.s = seed >>> 0 || 1;
  }

  rand(): number {
    this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0;
    return this.s / 2 ** 32;
  }

  shape(v: Value): number[] {
    return [...v.type.shape!];
  }

  pick(n: number, pred: (v: Value) => boolean = () => true): Value | undefined {
    const cands = this.pool.filter(pred);
    return cands.length === 0 ? undefined : cands[cands.length - 1 - (n % Math.min(cands.length, 4))];
  }

  floats(shape: number[], lo = -1, hi = 1): Value {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * this.rand();
    return this.b.constant(dense(tensorType(shape, 'f32'), data), nameLoc(`c${this.index}`));
  }

  ints(values: number[], shape: number[] = [values.length], elem: 'i32' | 'i64' = 'i32'): Value {
    const data = elem === 'i64' ? BigInt64Array.from(values.map(BigInt)) : Int32Array.from(values);
    return this.b.constant(dense(tensorType(shape, elem), data), nameLoc(`c${this.index}`));
  }

  emit(def: OpDef, operands: Value[], attrs: Record<string, Attr> = {}, types?: TensorType[]): Value {
    const op = this.b.create(def, operands, attrs, types, nameLoc(`n${this.index}/${def.name.slice(3)}`));
    const r = op.result(0);
    this.pool.push(r);
    return r;
  }

  step(s: TfGraphStep, index: number): void {
    this.index = index;
    if (!this.tryStep(s)) this.emit(tfd.Relu, [this.pick(s.pick)!]);
  }

  private bias(layer: Value, channels: number, s: TfGraphStep): void {
    const kind = s.c % 4;
    if (kind === 3) return;
    if (kind === 0) this.emit(tfd.BiasAdd, [layer, this.floats([channels])]);
    else {
      const rank = layer.type.shape!.length;
      const c = this.floats(kind === 1 ? [channels] : [...new Array<number>(rank - 1).fill(1), channels]);
      this.emit(tfd.AddV2, s.b % 2 === 0 ? [layer, c] : [c, layer]);
    }
  }

  private tryStep(s: TfGraphStep): boolean {
    const rank4 = (v: Value): boolean => v.type.shape!.length === 4;
    const rank2 = (v: Value): boolean => v.type.shape!.length === 2;
    const elems = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
    switch (s.op) {
      case 'conv':
      case 'depthwise': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const [n, h, w, c] = this.shape(x) as [number, number, number, number];
        const kh = 1 + (s.a % 3);
        const kw = 1 + ((s.a >> 2) % 3);
        const padding = ['SAME', 'VALID', 'EXPLICIT'][s.c % 3]!;
        // No SAME at stride 2: the interpreter's tf.Conv2D/DepthwiseConv2dNative kernels pass 'same' to tfjs, whose
        // wasm backend mis-pads it at stride > 1 (the tfl kernels make the padding explicit), so the reference
        // would be wrong. EXPLICIT and VALID cover stride 2.
        const stride = padding === 'SAME' ? 1 : 1 + (s.b % 2);
        const dilation = stride === 1 ? 1 + ((s.b >> 1) % 2) : 1;
        const ext = [(kh - 1) * dilation + 1, (kw - 1) * dilation + 1];
        const explicit = [0, 0, s.a % 2, (s.a >> 1) % 2, s.b % 2, (s.c >> 1) % 2, 0, 0];
        const [ph, pw] = padding === 'EXPLICIT' ? [h + explicit[2]! + explicit[3]!, w + explicit[4]! + explicit[5]!] : [h, w];
        if (padding !== 'SAME' && (ext[0]! > ph || ext[1]! > pw)) return false;
        const depthwise = s.op === 'depthwise';
        const m = 1 + (s.pick % 2);
        const out = depthwise ? c * m : 1 + (s.c % 6);
        if (n * h * w * out > MAX_ELEMS) return false;
        const filter = this.floats(depthwise ? [kh, kw, c, m] : [kh, kw, c, out], -0.5, 0.5);
        const attrs: Record<string, Attr> = { strides: i64s([1, stride, stride, 1]), padding: str(padding), dilations: i64s([1, dilation, dilation, 1]) };
        if (padding === 'EXPLICIT') attrs['explicit_paddings'] = i64s(explicit);
        const y = this.emit(depthwise ? tfd.DepthwiseConv2dNative : tfd.Conv2D, [x, filter], attrs);
        this.bias(y, out, s);
        return true;
      }
      case 'matmul': {
        const x = this.pick(s.pick, rank2);
        if (x === undefined) return false;
        const [, inner] = this.shape(x) as [number, number];
        const units = 1 + (s.a % 8);
        const tb = s.b % 2 === 1;
        const y = this.emit(tfd.MatMul, [x, this.floats(tb ? [units, inner] : [inner, units], -0.5, 0.5)], tb ? { transpose_b: bool(true) } : {});
        this.bias(y, units, s);
        return true;
      }
      case 'batchnorm': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const c = this.shape(x)[3]!;
        const operands = [x, this.floats([c], 0.5, 1.5), this.floats([c]), this.floats([c]), this.floats([c], 0.1, 2)];
        const def = [tfd.FusedBatchNormV3, tfd.FusedBatchNormV2, tfd.FusedBatchNorm][s.a % 3]!;
        this.emit(def, operands, { epsilon: f32([1e-3, 1e-5, 0.01][s.b % 3]!), is_training: bool(false) });
        return true;
      }
      case 'act': {
        const defs = [tfd.Relu, tfd.Relu6, tfd.Sigmoid, tfd.Tanh, tfd.Elu, tfd.LeakyRelu];
        const def = defs[s.a % defs.length]!;
        this.emit(def, [this.pick(s.pick)!], def === tfd.LeakyRelu ? { alpha: f32(0.1 + (s.b % 3) * 0.1) } : {});
        return true;
      }
      case 'binary': {
        const x = this.pick(s.pick)!;
        const shape = this.shape(x);
        const defs = [tfd.AddV2, tfd.Sub, tfd.Mul, tfd.Maximum, tfd.Minimum, tfd.SquaredDifference, tfd.Add];
        const def = defs[s.a % defs.length]!;
        const same = this.pool.filter((v) => v !== x && v.type.shape!.length === shape.length && v.type.shape!.every((d, i) => d === shape[i]));
        const y = same.length > 0 && s.b % 2 === 0 ? same[s.c % same.length]! : this.floats(s.c % 2 === 0 || shape.length === 0 ? shape : [shape[shape.length - 1]!]);
        this.emit(def, s.c % 3 === 0 ? [y, x] : [x, y]);
        return true;
      }
      case 'pool': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const [, h, w] = this.shape(x) as [number, number, number];
        const k = [Math.min(h, 1 + (s.a % 3)), Math.min(w, 1 + (s.b % 3))];
        const stride = 1 + (s.c % 2);
        this.emit(s.c % 4 < 2 ? tfd.MaxPool : tfd.AvgPool, [x], { ksize: i64s([1, k[0]!, k[1]!, 1]), strides: i64s([1, stride, stride, 1]), padding: str(s.a % 2 === 0 ? 'SAME' : 'VALID') });
        return true;
      }
      case 'reduce': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const axes = [[1, 2], [2, 1], [-3, -2], [3]][s.a % 4]!;
        this.emit(s.b % 3 === 2 ? tfd.Sum : tfd.Mean, [x, this.ints(axes, [axes.length], s.c % 2 === 0 ? 'i32' : 'i64')], { keep_dims: bool(s.c % 3 === 0) });
        return true;
      }
      case 'flatten': {
        const x = this.pick(s.pick, rank4);
        if (x === undefined) return false;
        const shape = this.shape(x);
        const rest = elems(shape.slice(1));
        if (s.a % 2 === 0) {
          // Keras Flatten: reshape(x, pack(shape(x)[0], -1)).
          const sh = this.b.create(tfd.Shape, [x], {}, undefined, nameLoc(`n${this.index}/Shape`)).result(0);
          const one = this.ints([1]);
          const batch = this.b.create(tfd.StridedSlice, [sh, this.ints([0]), one, one], { shrink_axis_mask: i64(1) }, undefined, nameLoc(`n${this.index}/strided_slice`)).result(0);
          const target = this.b.create(tfd.Pack, [batch, this.ints([-1], [])], {}, undefined, nameLoc(`n${this.index}/Pack`)).result(0);
          this.emit(tfd.Reshape, [x, target]);
        } else this.emit(tfd.Reshape, [x, this.ints([-1, rest])]);
        return true;
      }
      case 'pad': {
        const x = this.pick(s.pick)!;
        const shape = this.shape(x);
        const pads = shape.flatMap((_, i) => (i === 0 ? [0, 0] : [(s.a >> i) & 1, (s.b >> i) & 1]));
        if (elems(shape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!)) > MAX_ELEMS) return false;
        this.emit(tfd.Pad, [x, this.ints(pads, [shape.length, 2])]);
        return true;
      }
      case 'concat': {
        const x = this.pick(s.pick, (v) => v.type.shape!.length > 0);
        if (x === undefined || 2 * elems(this.shape(x)) > MAX_ELEMS) return false;
        const shape = this.shape(x);
        const same = this.pool.filter((v) => v.type.shape!.length === shape.length && v.type.shape!.every((d, i) => d === shape[i]));
        const axis = s.a % 2 === 0 ? -1 : shape.length - 1;
        this.emit(tfd.ConcatV2, [x, same[s.b % same.length]!, this.ints([axis], [])]);
        return true;
      }
      case 'softmax': {
        const x = this.pick(s.pick, rank2);
        if (x === undefined) return false;
        this.emit(tfd.Softmax, [x]);
        return true;
      }
      case 'transpose': {
        const x = this.pick(s.pick, (v) => v.type.shape!.length > 1);
        if (x === undefined) return false;
        const r = x.type.shape!.length;
        const perm = [...Array(r).keys()].sort((p, q) => ((p * 5 + s.a) % 7) - ((q * 5 + s.a) % 7));
        this.emit(tfd.Transpose, [x, this.ints(perm)]);
        return true;
      }
      case 'squeeze': {
        const x = this.pick(s.pick)!;
        const shape = this.shape(x);
        const ones = shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
        if (ones.length > 0 && s.a % 2 === 0) this.emit(tfd.Squeeze, [x], { squeeze_dims: i64s([ones[s.b % ones.length]!]) });
        else if (shape.length < 4) this.emit(tfd.ExpandDims, [x, this.ints([s.b % (shape.length + 1)], [])]);
        else return false;
        return true;
      }
    }
  }
}

/** Layer results used only by a per-channel bias add that does not broadcast them (what legalize-tf fuses). */
function countLayerBiases(m: Module): number {
  let n = 0;
  for (const op of m.main().body.opList()) {
    if (!(op.isa(tfd.Conv2D) || op.isa(tfd.DepthwiseConv2dNative) || op.isa(tfd.MatMul))) continue;
    const r = op.result(0);
    if (!r.hasOneUse()) continue;
    const user = r.uses[0]!.op;
    const other = user.isa(tfd.BiasAdd) ? (user.operand(0) === r ? user.operand(1) : undefined) : user.isa(tfd.AddV2) || user.isa(tfd.Add) ? user.operand(user.operand(0) === r ? 1 : 0) : undefined;
    const c = other?.producer?.name === 'arith.constant' ? other.type.shape! : undefined;
    const channels = r.type.shape![r.type.shape!.length - 1]!;
    if (c !== undefined && c.slice(0, -1).every((d) => d === 1) && c[c.length - 1] === channels) n++;
  }
  return n;
}

export function buildTfGraph(r: TfGraphRecipe): TfGraph {
  const m = new Module();
  const f = new Func('main', [tensorType([1, r.h, r.w, r.ch], 'f32')], []);
  m.addFunc(f);
  const g = new TfGraphBuilder(f, r.seed);
  g.pool.push(f.args[0]!);
  r.steps.forEach((s, i) => g.step(s, i));
  const outputs = g.pool.filter((v) => !v.hasUses() && v !== f.args[0]);
  if (outputs.length === 0) outputs.push(g.emit(tfd.Relu, [f.args[0]!]));
  g.b.create(ReturnOp, outputs, {}, []);
  f.resultTypes = outputs.map((v) => v.type);
  outputs.forEach(() => f.resultAttrs.push(new Map()));
  return { module: m, layerBiases: countLayerBiases(m) };
}
