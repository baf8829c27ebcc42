// Bias correction on the float interpreter: the mean output shift that quantizing each filter causes, per channel.
//
// A conv is linear in its filter, so (op with W) − (op with Wq) = op(x, W − Wq) without bias or activation, and its
// mean over output positions is Σ (W − Wq)[c, kh, kw, ci] · (mean input patch)[kh, kw, ci]. The mean patch is the
// input averaged over the positions each filter tap reads (zero padding included), accumulated over the data.
import type * as tf from '@tensorflow/tfjs-core';
import { denseToFloat32 } from '../ir/attributes.js';
import { constantValue } from '../ir/builtin-ops.js';
import { Module, Operation, Value } from '../ir/core.js';
import { PassContext } from '../pass/pass.js';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { BiasCorrectionKey, BiasCorrectionService } from '../../passes/quantize.js';
import { Interpreter } from '../interpreter/interpreter.js';
import type { Dataset, Sample } from '../interpreter/datasets/dataset.js';
import { progress } from '../interpreter/datasets/progress.js';
import { sampleRunShape } from './calibration.js';

export interface BiasCorrectionOptions {
  /** Samples to average over (default 100; 0: the whole dataset). */
  readonly samples?: number;
  /** Label of the TTY progress bar (default "bias correction"); null for none. */
  readonly progressLabel?: string | null;
}

const DEFAULT_SAMPLES = 100;

/** Geometry of a windowed op: which input rows/cols each tap reads for each output position. */
interface Window {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly oh: number;
  readonly ow: number;
  readonly padTop: number;
  readonly padLeft: number;
}

function intAttr(op: Operation, name: string, fallback: number): number {
  const a = op.attrs.get(name);
  return a?.kind === 'int' ? a.value : fallback;
}

function samePad(size: number, out: number, k: number, s: number, d: number): number {
  return Math.floor(Math.max(0, (out - 1) * s + (k - 1) * d + 1 - size) / 2);
}

function windowOf(op: Operation, inShape: readonly number[], filterShape: readonly number[]): Window {
  const out = op.result(0).type.shape!;
  const kh = filterShape[1]!;
  const kw = filterShape[2]!;
  const sh = intAttr(op, 'stride_h', 1);
  const sw = intAttr(op, 'stride_w', 1);
  const dh = intAttr(op, 'dilation_h_factor', 1);
  const dw = intAttr(op, 'dilation_w_factor', 1);
  const pad = op.attrs.get('padding');
  const same = pad?.kind === 'string' && pad.value === 'SAME';
  const oh = out[1]!;
  const ow = out[2]!;
  return {
    kh, kw, sh, sw, dh, dw, oh, ow,
    padTop: same ? samePad(inShape[1]!, oh, kh, sh, dh) : 0,
    padLeft: same ? samePad(inShape[2]!, ow, kw, sw, dw) : 0,
  };
}

/** Σ over batch and output positions of the input element each tap (kh, kw, ci) reads; zero where padded. */
function patchSums(x: ArrayLike<number>, shape: readonly number[], w: Window, into: Float64Array): void {
  const [n, h, wd, c] = shape as [number, number, number, number];
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < w.kh; i++) {
      for (let oy = 0; oy < w.oh; oy++) {
        const y = oy * w.sh + i * w.dh - w.padTop;
        if (y < 0 || y >= h) continue;
        for (let j = 0; j < w.kw; j++) {
          const base = (i * w.kw + j) * c;
          for (let ox = 0; ox < w.ow; ox++) {
            const xx = ox * w.sw + j * w.dw - w.padLeft;
            if (xx < 0 || xx >= wd) continue;
            const at = ((b * h + y) * wd + xx) * c;
            for (let ci = 0; ci < c; ci++) into[base + ci]! += x[at + ci]!;
          }
        }
      }
    }
  }
}

/** Per weighted op: what to accumulate from its input and how to turn it into a per-channel shift. */
interface Target {
  readonly op: Operation;
  readonly delta: Float32Array;
  readonly filterShape: readonly number[];
  sums: Float64Array | undefined;
  positions: number;
}

function accumulate(t: Target, x: ArrayLike<number>, shape: readonly number[]): void {
  if (t.op.name === 'tfl.fully_connected') {
    const inner = t.filterShape[1]!;
    t.sums ??= new Float64Array(inner);
    for (let r = 0; r + inner <= x.length; r += inner) {
      for (let i = 0; i < inner; i++) t.sums[i]! += x[r + i]!;
      t.positions++;
    }
    return;
  }
  if (shape.length !== 4) return;
  const w = windowOf(t.op, shape, t.filterShape);
  t.sums ??= new Float64Array(w.kh * w.kw * shape[3]!);
  patchSums(x, shape, w, t.sums);
  t.positions += shape[0]! * w.oh * w.ow;
}

/** Mean shift per output channel: Σ delta · mean patch. */
function shiftOf(t: Target): Float64Array {
  const fs = t.filterShape;
  const mean = t.sums ?? new Float64Array(0);
  const inv = t.positions > 0 ? 1 / t.positions : 0;
  if (t.op.name === 'tfl.depthwise_conv_2d') {
    const [, kh, kw, oc] = fs as [number, number, number, number];
    const ic = mean.length / (kh * kw);
    const mult = ic > 0 ? oc / ic : 1;
    const out = new Float64Array(oc);
    for (let o = 0; o < oc; o++) {
      const ci = Math.floor(o / mult);
      let s = 0;
      for (let tap = 0; tap < kh * kw; tap++) s += t.delta[tap * oc + o]! * (mean[tap * ic + ci] ?? 0);
      out[o] = s * inv;
    }
    return out;
  }
  // conv_2d [O, KH, KW, I] and fully_connected [O, I]: each output channel's filter row against the mean patch.
  const oc = fs[0]!;
  const row = t.delta.length / oc;
  const out = new Float64Array(oc);
  for (let o = 0; o < oc; o++) {
    let s = 0;
    for (let k = 0; k < row; k++) s += t.delta[o * row + k]! * (mean[k] ?? 0);
    out[o] = s * inv;
  }
  return out;
}

const SUPPORTED = new Set(['tfl.conv_2d', 'tfl.depthwise_conv_2d', 'tfl.fully_connected']);

/** A BiasCorrectionService that averages over (up to `samples` of) the dataset with the float interpreter. */
export function datasetBiasCorrection(dataset: Dataset, opts: BiasCorrectionOptions = {}): BiasCorrectionService {
  return {
    async meanShift(module: Module, filters: ReadonlyMap<Operation, Float32Array>): Promise<Map<Operation, Float64Array>> {
      const f = module.main();
      if (f.args.length !== 1) userError(Codes.BadInput, `bias correction feeds one input; @${f.name} takes ${f.args.length}`, { loc: f.loc });
      const byInput = new Map<Value, Target[]>();
      for (const [op, deq] of filters) {
        const w = constantValue(op.operand(1).producer);
        if (!SUPPORTED.has(op.name) || w === undefined || w.type.shape === null) continue;
        const float = denseToFloat32(w);
        if (float.length !== deq.length) throw new Error(`internal: bias correction for ${op.name}: ${deq.length} filter values, the op has ${float.length}`);
        const t: Target = { op, delta: Float32Array.from(float, (x, i) => x - deq[i]!), filterShape: w.type.shape, sums: undefined, positions: 0 };
        const list = byInput.get(op.operand(0)) ?? [];
        list.push(t);
        byInput.set(op.operand(0), list);
      }
      const observe = (v: Value, t: tf.Tensor): void => {
        const targets = byInput.get(v);
        if (targets === undefined) return;
        const data = t.dataSync();
        for (const target of targets) accumulate(target, data, t.shape);
      };
      const limit = (opts.samples ?? DEFAULT_SAMPLES) > 0 ? opts.samples ?? DEFAULT_SAMPLES : Infinity;
      const total = Math.min(limit, dataset.size ?? limit);
      const bar = opts.progressLabel === null || !Number.isFinite(total) ? undefined : progress(total, opts.progressLabel ?? 'bias correction');
      const interp = await Interpreter.create(module);
      let done = 0;
      try {
        const argShape = f.args[0]!.type.shape;
        for await (const s of dataset as AsyncIterable<Sample>) {
          if (done >= limit) break;
          await interp.run([s.data], { shapes: [sampleRunShape(argShape, s.shape)], onValue: observe });
          done++;
          bar?.tick();
        }
      } finally {
        bar?.stop();
        interp.dispose();
      }
      if (done === 0) userError(Codes.NoCalibrationData, `the bias-correction data (${dataset.description}) holds no samples`);
      const out = new Map<Operation, Float64Array>();
      for (const targets of byInput.values()) for (const t of targets) if (t.positions > 0) out.set(t.op, shiftOf(t));
      return out;
    },
  };
}

/** Makes the dataset available to `quantize{bias-correction=true}`. */
export function provideBiasCorrection(ctx: PassContext, dataset: Dataset, opts: BiasCorrectionOptions = {}): BiasCorrectionService {
  const service = datasetBiasCorrection(dataset, opts);
  ctx.provide(BiasCorrectionKey, service);
  return service;
}
