// conv_2d, depthwise_conv_2d and fully_connected integer kernels vs plain nested-loop references, bit for bit.
//
// The references below follow TFLite's reference_integer_ops::ConvPerChannel / DepthwiseConvPerChannel /
// FullyConnected and reference_ops::Conv / DepthwiseConv (uint8) literally: one output element at a time, the
// window points outside the image skipped, acc += (filter + filter_offset) * (input + input_offset), acc += bias,
// MultiplyByQuantizedMultiplier in BigInt, + output zero point, clamp. Only the prepare-time numbers (multiplier
// quantization, activation range) come from quant-math, whose own tests check them against TFLite's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { bool, i32, str, type Attr } from '../../src/ir/attributes.js';
import type { Builder } from '../../src/ir/builder.js';
import type { Value } from '../../src/ir/core.js';
import type { OpDef } from '../../src/ir/opdef.js';
import type { TensorType } from '../../src/ir/types.js';
import { Int8Interpreter, type Int8InputArray } from '../../src/interpreter/int8/index.js';
import { calculateActivationRangeQuantized, quantizeMultiplier, type FusedActivation } from '../../src/interpreter/quant-math.js';
import { newFunc } from '../support/build.js';
import { fill, multiplyByQuantizedMultiplierRef, prng, wrap32 } from './int8-reference.js';
import { qconst, qt, qtAxis } from './int8-support.js';

interface QuantCase {
  storage: 'i8' | 'u8';
  inScale: number;
  inZp: number;
  filterScales: number[]; // one (per tensor) or one per output channel
  filterZp: number;
  outScale: number;
  outZp: number;
  act: FusedActivation;
}

/** Per-channel (multiplier, shift) as PopulateConvolutionQuantizationParams / the legacy uint8 path compute them. */
function multipliers(q: QuantCase, channels: number, legacyPerTensor: boolean): { m: number[]; shift: number[] } {
  const perChannel = q.filterScales.length > 1;
  const m: number[] = [];
  const shift: number[] = [];
  for (let c = 0; c < channels; c++) {
    const fs = q.filterScales[perChannel ? c : 0]!;
    const real = !perChannel && legacyPerTensor ? Math.fround(q.inScale * fs) / q.outScale : (q.inScale * fs) / q.outScale;
    const r = quantizeMultiplier(real);
    m.push(r.multiplier);
    shift.push(r.shift);
  }
  return { m, shift };
}

function finish(acc: bigint, bias: number[] | undefined, c: number, mult: { m: number[]; shift: number[] }, q: QuantCase): number {
  const a = Number(wrap32(acc + BigInt(bias?.[c] ?? 0)));
  const v = multiplyByQuantizedMultiplierRef(a, mult.m[c]!, mult.shift[c]!) + q.outZp;
  const range = calculateActivationRangeQuantized(q.act, q.outScale, q.outZp, q.storage === 'i8' ? { min: -128, max: 127 } : { min: 0, max: 255 });
  return Math.min(range.max, Math.max(range.min, v));
}

interface Window {
  stride: [number, number];
  dilation: [number, number];
  padding: 'SAME' | 'VALID';
}

/** TFLite ComputeOutSize + ComputePaddingWithOffset (the part before the data). */
function outAndPad(inSize: number, k: number, stride: number, dil: number, padding: 'SAME' | 'VALID'): [number, number] {
  const eff = (k - 1) * dil + 1;
  const out = padding === 'SAME' ? Math.ceil(inSize / stride) : Math.floor((inSize - eff) / stride) + 1;
  const total = Math.max((out - 1) * stride + eff - inSize, 0);
  return [out, Math.floor(total / 2)];
}

/** reference conv: input [n,h,w,ic], filter [oc,kh,kw,ic]. */
function convRef(x: ArrayLike<number>, xs: number[], f: ArrayLike<number>, fs: number[], bias: number[] | undefined, win: Window, q: QuantCase): { out: number[]; shape: number[] } {
  const [n, h, w, ic] = xs as [number, number, number, number];
  const [oc, kh, kw] = fs as [number, number, number, number];
  const [oh, padT] = outAndPad(h, kh, win.stride[0], win.dilation[0], win.padding);
  const [ow, padL] = outAndPad(w, kw, win.stride[1], win.dilation[1], win.padding);
  const mult = multipliers(q, oc, q.storage === 'u8');
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let c = 0; c < oc; c++) {
          let acc = 0n;
          for (let ky = 0; ky < kh; ky++) {
            for (let kx = 0; kx < kw; kx++) {
              for (let i = 0; i < ic; i++) {
                const iy = oy * win.stride[0] - padT + ky * win.dilation[0];
                const ix = ox * win.stride[1] - padL + kx * win.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                const xv = x[((b * h + iy) * w + ix) * ic + i]! - q.inZp;
                const fv = f[((c * kh + ky) * kw + kx) * ic + i]! - q.filterZp;
                acc = wrap32(acc + BigInt(xv * fv));
              }
            }
          }
          out.push(finish(acc, bias, c, mult, q));
        }
      }
    }
  }
  return { out, shape: [n, oh, ow, oc] };
}

/** reference depthwise conv: input [n,h,w,ic], filter [1,kh,kw,ic*mult]; output channel i*mult+m reads input channel i. */
function depthwiseRef(x: ArrayLike<number>, xs: number[], f: ArrayLike<number>, fs: number[], bias: number[] | undefined, win: Window, q: QuantCase): { out: number[]; shape: number[] } {
  const [n, h, w, ic] = xs as [number, number, number, number];
  const [, kh, kw, oc] = fs as [number, number, number, number];
  const depthMult = oc / ic;
  const [oh, padT] = outAndPad(h, kh, win.stride[0], win.dilation[0], win.padding);
  const [ow, padL] = outAndPad(w, kw, win.stride[1], win.dilation[1], win.padding);
  const mult = multipliers(q, oc, q.storage === 'u8');
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let i = 0; i < ic; i++) {
          for (let m = 0; m < depthMult; m++) {
            const c = i * depthMult + m;
            let acc = 0n;
            for (let ky = 0; ky < kh; ky++) {
              for (let kx = 0; kx < kw; kx++) {
                const iy = oy * win.stride[0] - padT + ky * win.dilation[0];
                const ix = ox * win.stride[1] - padL + kx * win.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                const xv = x[((b * h + iy) * w + ix) * ic + i]! - q.inZp;
                const fv = f[(ky * kw + kx) * oc + c]! - q.filterZp;
                acc = wrap32(acc + BigInt(xv * fv));
              }
            }
            out.push(finish(acc, bias, c, mult, q));
          }
        }
      }
    }
  }
  return { out, shape: [n, oh, ow, oc] };
}

/** reference fully connected: input flattened to [batches, depth], filter [units, depth]. */
function fullyConnectedRef(x: ArrayLike<number>, f: ArrayLike<number>, units: number, depth: number, bias: number[] | undefined, q: QuantCase): number[] {
  const mult = multipliers(q, units, true);
  const out: number[] = [];
  for (let b = 0; b < x.length / depth; b++) {
    for (let u = 0; u < units; u++) {
      let acc = 0n;
      for (let k = 0; k < depth; k++) acc = wrap32(acc + BigInt((x[b * depth + k]! - q.inZp) * (f[u * depth + k]! - q.filterZp)));
      out.push(finish(acc, bias, u, mult, q));
    }
  }
  return out;
}

// ---- running one op through the interpreter

type Data = Int8Array | Uint8Array;

/** One-op module; with `constWeights` false the filter and bias are func arguments (the kernels' run-time path). */
function runOne(
  def: OpDef,
  q: QuantCase,
  x: Data,
  xShape: number[],
  filter: Data,
  filterType: TensorType,
  bias: number[] | undefined,
  biasType: TensorType | undefined,
  outShape: number[],
  attrs: Record<string, Attr>,
  constWeights: boolean,
): number[] {
  const inType = qt(xShape, q.storage, q.inScale, q.inZp);
  const argTypes = [inType];
  const inputs: Int8InputArray[] = [x];
  if (!constWeights) {
    argTypes.push(filterType);
    inputs.push(filter);
    if (bias !== undefined) {
      argTypes.push(biasType!);
      inputs.push(Int32Array.from(bias));
    }
  }
  const { m, b, args, ret } = newFunc(argTypes);
  const operands: Value[] = [args[0]!];
  if (constWeights) {
    operands.push(qconst(b as Builder, filterType, Array.from(filter)));
    if (bias !== undefined) operands.push(qconst(b as Builder, biasType!, bias));
  } else {
    operands.push(...args.slice(1));
  }
  const op = b.create(def, operands, attrs, [qt(outShape, q.storage, q.outScale, q.outZp)]);
  ret(op.result(0));
  return Array.from(Int8Interpreter.create(m).run(inputs)[0]! as ArrayLike<number>);
}

// ---- generators

const f32 = (v: number): number => Math.fround(v);

const quantArb = (channels: number, canPerChannel: boolean): fc.Arbitrary<QuantCase> =>
  fc.record({
    storage: fc.constantFrom<'i8' | 'u8'>('i8', 'i8', 'u8'),
    perChannel: fc.boolean(),
    inScale: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    inZp: fc.integer({ min: -128, max: 127 }),
    filterScale: fc.double({ min: 1e-4, max: 0.05, noNaN: true }),
    spread: fc.array(fc.double({ min: 0.25, max: 4, noNaN: true }), { minLength: channels, maxLength: channels }),
    filterZp: fc.integer({ min: 0, max: 255 }),
    // log2 of (input scale * filter scale / output scale): right shifts down to -20, left shifts up to 3
    log2Real: fc.double({ min: -20, max: 3, noNaN: true }),
    outZp: fc.integer({ min: -128, max: 127 }),
    act: fc.constantFrom<FusedActivation>('NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'),
    // Powers of two make the real multipliers exact powers of two (m = 2^30): then accumulators land exactly on
    // SRDHM's and RoundingDivideByPOT's ties, which random scales almost never do.
    pow2: fc.boolean(),
  }).map((r) => {
    const u8 = r.storage === 'u8';
    const perChannel = !u8 && canPerChannel && r.perChannel && channels > 1;
    const p2 = (v: number): number => (r.pow2 ? 2 ** Math.round(Math.log2(v)) : v);
    const inScale = f32(p2(r.inScale));
    const filterScales = perChannel ? r.spread.map((s) => f32(p2(r.filterScale * s))) : [f32(p2(r.filterScale))];
    return {
      storage: r.storage,
      inScale,
      inZp: u8 ? r.inZp + 128 : r.inZp,
      filterScales,
      filterZp: u8 ? r.filterZp : 0,
      outScale: f32((inScale * filterScales[0]!) / 2 ** (r.pow2 ? Math.round(r.log2Real) : r.log2Real)),
      outZp: u8 ? r.outZp + 128 : r.outZp,
      act: r.act,
    };
  });

const filterQuantType = (shape: number[], q: QuantCase, axis: number): TensorType =>
  q.filterScales.length > 1 ? qtAxis(shape, 'i8', axis, q.filterScales) : qt(shape, q.storage, q.filterScales[0]!, q.filterZp);

const biasQuantType = (channels: number, q: QuantCase): TensorType =>
  q.filterScales.length > 1 ? qtAxis([channels], 'i32', 0, q.filterScales.map((s) => q.inScale * s)) : qt([channels], 'i32', q.inScale * q.filterScales[0]!, 0);

/** Weights and biases: small, typical or saturating, so both lanes of a packed accumulator see extremes. */
function weightsFor(n: number, q: QuantCase, rnd: () => number, heavy: boolean): Data {
  if (q.storage === 'u8') return Uint8Array.from(heavy ? fill(n, rnd, 0, 255, 1) : fill(n, rnd, 0, 255));
  return Int8Array.from(heavy ? fill(n, rnd, -127, 127, 1) : fill(n, rnd, -127, 127));
}
const inputFor = (n: number, q: QuantCase, rnd: () => number): Data =>
  q.storage === 'u8' ? Uint8Array.from(fill(n, rnd, 0, 255)) : Int8Array.from(fill(n, rnd, -128, 127));
function biasFor(n: number, rnd: () => number, kind: number): number[] | undefined {
  if (kind === 0) return undefined;
  if (kind === 3) return fill(n, rnd, -2147483648, 2147483647, 0.3); // wraps the int32 accumulator
  return fill(n, rnd, -(1 << 18), 1 << 18);
}

const windowArb = fc.record({
  stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  dilation: fc.oneof(fc.constant<[number, number]>([1, 1]), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))),
  padding: fc.constantFrom<'SAME' | 'VALID'>('SAME', 'VALID'),
});

const convShapeArb = fc.record({
  n: fc.integer({ min: 1, max: 2 }),
  h: fc.integer({ min: 1, max: 9 }),
  w: fc.integer({ min: 1, max: 9 }),
  ic: fc.integer({ min: 1, max: 12 }),
  oc: fc.integer({ min: 1, max: 21 }),
  kh: fc.integer({ min: 1, max: 5 }),
  kw: fc.integer({ min: 1, max: 5 }),
});

/** VALID windows larger than the image have no output: fall back to SAME for those draws. */
function fitWindow(win: Window, h: number, w: number, kh: number, kw: number): Window {
  const fits = (h >= (kh - 1) * win.dilation[0] + 1) && (w >= (kw - 1) * win.dilation[1] + 1);
  return win.padding === 'VALID' && !fits ? { ...win, padding: 'SAME' } : win;
}

const windowAttrs = (win: Window, act: FusedActivation): Record<string, Attr> => ({
  padding: str(win.padding),
  stride_h: i32(win.stride[0]),
  stride_w: i32(win.stride[1]),
  dilation_h_factor: i32(win.dilation[0]),
  dilation_w_factor: i32(win.dilation[1]),
  fused_activation_function: str(act),
});

const RUNS = 150;

test('conv_2d matches the nested-loop reference on random shapes, strides, dilations, paddings and quantizations', () => {
  const arb = convShapeArb.chain((s) =>
    fc.record({ s: fc.constant(s), q: quantArb(s.oc, true), win: windowArb, seed: fc.integer(), biasKind: fc.integer({ min: 0, max: 3 }), constWeights: fc.boolean(), heavy: fc.boolean() }),
  );
  fc.assert(
    fc.property(arb, ({ s, q, win: win0, seed, biasKind, constWeights, heavy }) => {
      const win = fitWindow(win0, s.h, s.w, s.kh, s.kw);
      const rnd = prng(seed);
      const xShape = [s.n, s.h, s.w, s.ic];
      const fShape = [s.oc, s.kh, s.kw, s.ic];
      const x = inputFor(s.n * s.h * s.w * s.ic, q, rnd);
      const f = weightsFor(s.oc * s.kh * s.kw * s.ic, q, rnd, heavy);
      const bias = biasFor(s.oc, rnd, biasKind);
      const ref = convRef(x, xShape, f, fShape, bias, win, q);
      const ours = runOne(tfl.Conv2D, q, x, xShape, f, filterQuantType(fShape, q, 0), bias, biasQuantType(s.oc, q), ref.shape, windowAttrs(win, q.act), constWeights);
      assert.deepEqual(ours, ref.out);
    }),
    { numRuns: RUNS, seed: 41 },
  );
});

test('1x1 conv_2d (the pointwise path) on wider images and deeper channels', () => {
  const arb = fc.record({
    n: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 13 }),
    w: fc.integer({ min: 1, max: 13 }),
    ic: fc.integer({ min: 1, max: 70 }),
    oc: fc.integer({ min: 1, max: 40 }),
    stride: fc.integer({ min: 1, max: 2 }),
  }).chain((s) => fc.record({ s: fc.constant(s), q: quantArb(s.oc, true), seed: fc.integer(), biasKind: fc.integer({ min: 0, max: 3 }), heavy: fc.boolean() }));
  fc.assert(
    fc.property(arb, ({ s, q, seed, biasKind, heavy }) => {
      const win: Window = { stride: [s.stride, s.stride], dilation: [1, 1], padding: 'SAME' };
      const rnd = prng(seed);
      const xShape = [s.n, s.h, s.w, s.ic];
      const fShape = [s.oc, 1, 1, s.ic];
      const x = inputFor(s.n * s.h * s.w * s.ic, q, rnd);
      const f = weightsFor(s.oc * s.ic, q, rnd, heavy);
      const bias = biasFor(s.oc, rnd, biasKind);
      const ref = convRef(x, xShape, f, fShape, bias, win, q);
      const ours = runOne(tfl.Conv2D, q, x, xShape, f, filterQuantType(fShape, q, 0), bias, biasQuantType(s.oc, q), ref.shape, windowAttrs(win, q.act), true);
      assert.deepEqual(ours, ref.out);
    }),
    { numRuns: RUNS, seed: 42 },
  );
});

test('depthwise_conv_2d matches the nested-loop reference (depth multipliers 1..3)', () => {
  const arb = fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 1, max: 10 }),
      w: fc.integer({ min: 1, max: 10 }),
      ic: fc.integer({ min: 1, max: 20 }),
      mult: fc.constantFrom(1, 1, 1, 2, 3),
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
    })
    .chain((s) =>
      fc.record({ s: fc.constant(s), q: quantArb(s.ic * s.mult, true), win: windowArb, seed: fc.integer(), biasKind: fc.integer({ min: 0, max: 3 }), constWeights: fc.boolean(), heavy: fc.boolean() }),
    );
  fc.assert(
    fc.property(arb, ({ s, q, win: win0, seed, biasKind, constWeights, heavy }) => {
      const win = fitWindow(win0, s.h, s.w, s.kh, s.kw);
      const oc = s.ic * s.mult;
      const rnd = prng(seed);
      const xShape = [s.n, s.h, s.w, s.ic];
      const fShape = [1, s.kh, s.kw, oc];
      const x = inputFor(s.n * s.h * s.w * s.ic, q, rnd);
      const f = weightsFor(s.kh * s.kw * oc, q, rnd, heavy);
      const bias = biasFor(oc, rnd, biasKind);
      const ref = depthwiseRef(x, xShape, f, fShape, bias, win, q);
      const attrs = { ...windowAttrs(win, q.act), depth_multiplier: i32(s.mult) };
      const ours = runOne(tfl.DepthwiseConv2D, q, x, xShape, f, filterQuantType(fShape, q, 3), bias, biasQuantType(oc, q), ref.shape, attrs, constWeights);
      assert.deepEqual(ours, ref.out);
    }),
    { numRuns: RUNS, seed: 43 },
  );
});

test('fully_connected matches the nested-loop reference (batches, keep_num_dims, per-channel weights)', () => {
  const arb = fc
    .record({
      batch: fc.integer({ min: 1, max: 6 }),
      inner: fc.integer({ min: 1, max: 3 }),
      depth: fc.integer({ min: 1, max: 300 }),
      units: fc.integer({ min: 1, max: 30 }),
      keep: fc.boolean(),
    })
    .chain((s) => fc.record({ s: fc.constant(s), q: quantArb(s.units, true), seed: fc.integer(), biasKind: fc.integer({ min: 0, max: 3 }), constWeights: fc.boolean(), heavy: fc.boolean() }));
  fc.assert(
    fc.property(arb, ({ s, q, seed, biasKind, constWeights, heavy }) => {
      const rnd = prng(seed);
      const xShape = [s.batch, s.inner, s.depth];
      const x = inputFor(s.batch * s.inner * s.depth, q, rnd);
      const f = weightsFor(s.units * s.depth, q, rnd, heavy);
      const bias = biasFor(s.units, rnd, biasKind);
      const out = fullyConnectedRef(x, f, s.units, s.depth, bias, q);
      const outShape = s.keep ? [s.batch, s.inner, s.units] : [s.batch * s.inner, s.units];
      const attrs = { fused_activation_function: str(q.act), keep_num_dims: bool(s.keep) };
      const ours = runOne(tfl.FullyConnected, q, x, xShape, f, filterQuantType([s.units, s.depth], q, 0), bias, biasQuantType(s.units, q), outShape, attrs, constWeights);
      assert.deepEqual(ours, out);
    }),
    { numRuns: RUNS, seed: 44 },
  );
});

test('33x33 / 47x47 depthwise windows of saturated weights (too large to pack two pixels per float64) stay exact', () => {
  fc.assert(
    fc.property(fc.constantFrom<'i8' | 'u8'>('i8', 'u8'), fc.integer(), (storage, seed) => {
      const rnd = prng(seed);
      // sum |w| per channel must pass 2^18: 33x33 uint8 weights near 255, 47x47 int8 weights near 127.
      const [k, size, ic] = storage === 'u8' ? [33, 34, 2] : [47, 48, 2];
      const q: QuantCase = { storage, inScale: f32(0.02), inZp: storage === 'u8' ? 250 : -128, filterScales: [f32(0.001)], filterZp: 0, outScale: f32(100), outZp: storage === 'u8' ? 128 : 0, act: 'NONE' };
      const x = storage === 'u8' ? Uint8Array.from(fill(size * size * ic, rnd, 0, 20)) : Int8Array.from(fill(size * size * ic, rnd, 90, 127, 0.5));
      const f = storage === 'u8' ? Uint8Array.from(fill(k * k * ic, rnd, 245, 255)) : Int8Array.from(fill(k * k * ic, rnd, 120, 127));
      const bias = fill(ic, rnd, -1000, 1000);
      const win: Window = { stride: [1, 1], dilation: [1, 1], padding: 'VALID' };
      const xShape = [1, size, size, ic];
      const fShape = [1, k, k, ic];
      const ref = depthwiseRef(x, xShape, f, fShape, bias, win, q);
      const attrs = { ...windowAttrs(win, 'NONE'), depth_multiplier: i32(1) };
      assert.deepEqual(runOne(tfl.DepthwiseConv2D, q, x, xShape, f, filterQuantType(fShape, q, 3), bias, biasQuantType(ic, q), ref.shape, attrs, true), ref.out);
    }),
    { numRuns: 6, seed: 48 },
  );
});

test('deep dot products of saturated weights (sums too large to pack two per float64) stay exact', () => {
  // 2300 weights of magnitude 127-255 against inputs of magnitude up to 255: |sum| reaches 2^27 and more.
  fc.assert(
    fc.property(fc.constantFrom<'i8' | 'u8'>('i8', 'u8'), fc.integer(), fc.boolean(), (storage, seed, pointwise) => {
      const rnd = prng(seed);
      const depth = 2300;
      const units = 9;
      const q: QuantCase = { storage, inScale: f32(0.02), inZp: storage === 'u8' ? 255 : -128, filterScales: [f32(0.001)], filterZp: storage === 'u8' ? 0 : 0, outScale: f32(300), outZp: storage === 'u8' ? 128 : 0, act: 'NONE' };
      const x = storage === 'u8' ? Uint8Array.from(fill(depth * 2, rnd, 0, 40)) : Int8Array.from(fill(depth * 2, rnd, 80, 127, 0.5));
      const f = storage === 'u8' ? Uint8Array.from(fill(units * depth, rnd, 250, 255)) : Int8Array.from(fill(units * depth, rnd, 120, 127));
      const bias = fill(units, rnd, -1000, 1000);
      if (pointwise) {
        const xShape = [1, 1, 2, depth];
        const fShape = [units, 1, 1, depth];
        const win: Window = { stride: [1, 1], dilation: [1, 1], padding: 'VALID' };
        const ref = convRef(x, xShape, f, fShape, bias, win, q);
        assert.deepEqual(runOne(tfl.Conv2D, q, x, xShape, f, filterQuantType(fShape, q, 0), bias, biasQuantType(units, q), ref.shape, windowAttrs(win, 'NONE'), true), ref.out);
      } else {
        const out = fullyConnectedRef(x, f, units, depth, bias, q);
        const attrs = { fused_activation_function: str('NONE'), keep_num_dims: bool(false) };
        assert.deepEqual(runOne(tfl.FullyConnected, q, x, [2, depth], f, filterQuantType([units, depth], q, 0), bias, biasQuantType(units, q), [2, units], attrs, true), out);
      }
    }),
    { numRuns: 12, seed: 45 },
  );
});
