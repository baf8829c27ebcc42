// Property tests: windowed float kernels agree with naive loops of TFLite's reference kernels on random shapes/data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { Attr, bool, i32, str } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { initBackend } from '../../src/interpreter/index.js';
import { assertClose, arg, cst, product, runOp, seeded } from './float-helpers.js';
import { Act, conv2dRef, depthwiseRef, fullyConnectedRef, outAndPad, poolRef, resizeBilinearRef, transposeConvRef } from './float-naive.js';

const backend = await initBackend();
const RUNS = { numRuns: 100 };
const TOL = 1e-5;

const acts: Act[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1', 'TANH'];
const actArb = fc.constantFrom(...acts);
const padArb = fc.constantFrom<'SAME' | 'VALID'>('SAME', 'VALID');

function windowAttrs(p: { sh: number; sw: number; dh: number; dw: number; padding: string; act: Act }): Record<string, Attr> {
  return {
    padding: str(p.padding),
    stride_h: i32(p.sh),
    stride_w: i32(p.sw),
    dilation_h_factor: i32(p.dh),
    dilation_w_factor: i32(p.dw),
    fused_activation_function: str(p.act),
  };
}

const convCase = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 9 }),
    w: fc.integer({ min: 1, max: 9 }),
    ci: fc.integer({ min: 1, max: 4 }),
    groups: fc.constantFrom(1, 1, 1, 2),
    perGroupOut: fc.integer({ min: 1, max: 4 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    dh: fc.integer({ min: 1, max: 2 }),
    dw: fc.integer({ min: 1, max: 2 }),
    padding: padArb,
    act: actArb,
    bias: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .filter((p) => outAndPad(p.h, p.kh, p.sh, p.dh, p.padding)[0] > 0 && outAndPad(p.w, p.kw, p.sw, p.dw, p.padding)[0] > 0);

test(`conv_2d matches the naive reference (strides, dilations, groups, padding, activations) [${backend.name}]`, async () => {
  await fc.assert(
    fc.asyncProperty(convCase, async (p) => {
      const xShape = [p.n, p.h, p.w, p.ci * p.groups];
      const o = p.perGroupOut * p.groups;
      const wShape = [o, p.kh, p.kw, p.ci];
      const x = seeded(product(xShape), p.seed);
      const w = seeded(product(wShape), p.seed + 1);
      const b = p.bias ? seeded(o, p.seed + 2) : undefined;
      const ops = [arg(xShape, x), cst(wShape, w), ...(b ? [cst([o], b)] : [])];
      const got = await runOp(tfl.Conv2D, ops, windowAttrs(p));
      const want = conv2dRef({ data: x, shape: xShape }, { data: w, shape: wShape }, b, p, p.act);
      assert.deepEqual(got.shape, want.shape);
      assertClose(got.data as Float32Array, want.data, TOL);
    }),
    RUNS,
  );
});

test('conv_2d with a computed (non-constant) filter gives the same result', async () => {
  const xShape = [1, 5, 5, 3];
  const wShape = [4, 3, 3, 3];
  const x = seeded(product(xShape), 11);
  const w = seeded(product(wShape), 12);
  const attrs = windowAttrs({ sh: 2, sw: 1, dh: 1, dw: 1, padding: 'SAME', act: 'NONE' });
  const got = await runOp(tfl.Conv2D, [arg(xShape, x), arg(wShape, w)], attrs);
  const want = conv2dRef({ data: x, shape: xShape }, { data: w, shape: wShape }, undefined, { sh: 2, sw: 1, padding: 'SAME' }, 'NONE');
  assertClose(got.data as Float32Array, want.data, TOL);
});

const depthwiseCase = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 9 }),
    w: fc.integer({ min: 1, max: 9 }),
    c: fc.integer({ min: 1, max: 5 }),
    m: fc.integer({ min: 1, max: 3 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    dh: fc.integer({ min: 1, max: 2 }),
    dw: fc.integer({ min: 1, max: 2 }),
    padding: padArb,
    act: actArb,
    bias: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .filter((p) => outAndPad(p.h, p.kh, p.sh, p.dh, p.padding)[0] > 0 && outAndPad(p.w, p.kw, p.sw, p.dw, p.padding)[0] > 0);

test(`depthwise_conv_2d matches the naive reference (multipliers, strides, dilations) [${backend.name}]`, async () => {
  await fc.assert(
    fc.asyncProperty(depthwiseCase, async (p) => {
      const xShape = [p.n, p.h, p.w, p.c];
      const wShape = [1, p.kh, p.kw, p.c * p.m];
      const x = seeded(product(xShape), p.seed);
      const w = seeded(product(wShape), p.seed + 1);
      const b = p.bias ? seeded(p.c * p.m, p.seed + 2) : undefined;
      const ops = [arg(xShape, x), cst(wShape, w), ...(b ? [cst([p.c * p.m], b)] : [])];
      const got = await runOp(tfl.DepthwiseConv2D, ops, { ...windowAttrs(p), depth_multiplier: i32(p.m) });
      const want = depthwiseRef({ data: x, shape: xShape }, { data: w, shape: wShape }, b, p, p.act);
      assert.deepEqual(got.shape, want.shape);
      assertClose(got.data as Float32Array, want.data, TOL);
    }),
    RUNS,
  );
});

const poolCase = fc
  .record({
    kind: fc.constantFrom<'avg' | 'max'>('avg', 'max'),
    n: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 9 }),
    w: fc.integer({ min: 1, max: 9 }),
    c: fc.integer({ min: 1, max: 4 }),
    fh: fc.integer({ min: 1, max: 4 }),
    fw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    padding: padArb,
    act: actArb,
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .filter((p) => outAndPad(p.h, p.fh, p.sh, 1, p.padding)[0] > 0 && outAndPad(p.w, p.fw, p.sw, 1, p.padding)[0] > 0);

test(`average/max pools match the naive reference (SAME averages count in-bounds elements only) [${backend.name}]`, async () => {
  await fc.assert(
    fc.asyncProperty(poolCase, async (p) => {
      const xShape = [p.n, p.h, p.w, p.c];
      const x = seeded(product(xShape), p.seed, -4, 4);
      const attrs: Record<string, Attr> = {
        padding: str(p.padding),
        stride_h: i32(p.sh),
        stride_w: i32(p.sw),
        filter_height: i32(p.fh),
        filter_width: i32(p.fw),
        fused_activation_function: str(p.act),
      };
      const got = await runOp(p.kind === 'avg' ? tfl.AveragePool2D : tfl.MaxPool2D, [arg(xShape, x)], attrs);
      const want = poolRef(p.kind, { data: x, shape: xShape }, p.fh, p.fw, p, p.act);
      assert.deepEqual(got.shape, want.shape);
      assertClose(got.data as Float32Array, want.data, TOL);
    }),
    RUNS,
  );
});

const fcCase = fc.record({
  lead: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
  depth: fc.integer({ min: 1, max: 40 }),
  units: fc.integer({ min: 1, max: 12 }),
  keep: fc.boolean(),
  act: actArb,
  bias: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

test(`fully_connected matches the naive reference (flattening, keep_num_dims, bias, activations) [${backend.name}]`, async () => {
  await fc.assert(
    fc.asyncProperty(fcCase, async (p) => {
      const xShape = [...p.lead, p.depth];
      const wShape = [p.units, p.depth];
      const x = seeded(product(xShape), p.seed);
      const w = seeded(product(wShape), p.seed + 1);
      const b = p.bias ? seeded(p.units, p.seed + 2) : undefined;
      const ops = [arg(xShape, x), cst(wShape, w), ...(b ? [cst([p.units], b)] : [])];
      const got = await runOp(tfl.FullyConnected, ops, { keep_num_dims: bool(p.keep), fused_activation_function: str(p.act) });
      const want = fullyConnectedRef({ data: x, shape: xShape }, { data: w, shape: wShape }, b, p.keep, p.act);
      assert.deepEqual(got.shape, want.shape);
      assertClose(got.data as Float32Array, want.data, TOL);
    }),
    RUNS,
  );
});

const transposeCase = fc.record({
  n: fc.integer({ min: 1, max: 2 }),
  h: fc.integer({ min: 1, max: 5 }),
  w: fc.integer({ min: 1, max: 5 }),
  ci: fc.integer({ min: 1, max: 3 }),
  o: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  padding: padArb,
  bias: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

test(`transpose_conv matches the naive reference (SAME: out = in * stride; VALID: (in - 1) * stride + k) [${backend.name}]`, async () => {
  await fc.assert(
    fc.asyncProperty(transposeCase, async (p) => {
      const xShape = [p.n, p.h, p.w, p.ci];
      const wShape = [p.o, p.kh, p.kw, p.ci];
      const oh = p.padding === 'SAME' ? p.h * p.sh : (p.h - 1) * p.sh + p.kh;
      const ow = p.padding === 'SAME' ? p.w * p.sw : (p.w - 1) * p.sw + p.kw;
      const outShape = [p.n, oh, ow, p.o];
      const x = seeded(product(xShape), p.seed);
      const w = seeded(product(wShape), p.seed + 1);
      const b = p.bias ? seeded(p.o, p.seed + 2) : undefined;
      const ops = [cst([4], outShape, 'i32'), cst(wShape, w), arg(xShape, x), ...(b ? [cst([p.o], b)] : [])];
      const attrs = { padding: str(p.padding), stride_h: i32(p.sh), stride_w: i32(p.sw), fused_activation_function: str('NONE') };
      const got = await runOp(tfl.TransposeConv, ops, attrs);
      const want = transposeConvRef({ data: x, shape: xShape }, { data: w, shape: wShape }, b, outShape, p);
      assert.deepEqual(got.shape, want.shape);
      assertClose(got.data as Float32Array, want.data, TOL);
    }),
    { numRuns: 60 },
  );
});

const resizeCase = fc.record({
  h: fc.integer({ min: 1, max: 6 }),
  w: fc.integer({ min: 1, max: 6 }),
  c: fc.integer({ min: 1, max: 3 }),
  oh: fc.integer({ min: 1, max: 12 }),
  ow: fc.integer({ min: 1, max: 12 }),
  mode: fc.constantFrom('plain', 'align_corners', 'half_pixel_centers'),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

test(`resize_bilinear matches TFLite's reference (plain, align_corners, half_pixel_centers) [${backend.name}]`, async () => {
  await fc.assert(
    fc.asyncProperty(resizeCase, async (p) => {
      const xShape = [1, p.h, p.w, p.c];
      const x = seeded(product(xShape), p.seed);
      const align = p.mode === 'align_corners';
      const half = p.mode === 'half_pixel_centers';
      const got = await runOp(tfl.ResizeBilinear, [arg(xShape, x), cst([2], [p.oh, p.ow], 'i32')], { align_corners: bool(align), half_pixel_centers: bool(half) });
      const want = resizeBilinearRef({ data: x, shape: xShape }, p.oh, p.ow, align, half);
      assert.deepEqual(got.shape, want.shape);
      assertClose(got.data as Float32Array, want.data, TOL);
    }),
    RUNS,
  );
});

test('the naive references themselves: a hand-computed 3x3 SAME conv and a SAME average pool corner', () => {
  // x = 1..9 on a 3x3 grid, one all-ones 3x3 filter: each output is the sum of its in-bounds neighbourhood.
  const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [1, 3, 3, 1] };
  const w = { data: new Float32Array(9).fill(1), shape: [1, 3, 3, 1] };
  const y = conv2dRef(x, w, undefined, { sh: 1, sw: 1, padding: 'SAME' }, 'NONE');
  assert.deepEqual([...y.data], [12, 21, 16, 27, 45, 33, 24, 39, 28]);
  const avg = poolRef('avg', x, 3, 3, { sh: 1, sw: 1, padding: 'SAME' }, 'NONE');
  assert.equal(avg.data[0], 12 / 4);
  assert.equal(avg.data[4], 5);
  assert.deepEqual(tensorType([1], 'f32').shape, [1]);
});
