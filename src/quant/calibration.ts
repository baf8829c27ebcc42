// The calibration service: runs a float module on a representative dataset with the float interpreter and
// collects, for every float value, exact min/max and (when the method needs it) a histogram.
import type * as tf from '@tensorflow/tfjs-core';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { Module, Value } from '../ir/core.js';
import { PassContext } from '../pass/pass.js';
import { CalibrationKey, CalibrationRequest, CalibrationService, TensorStats } from '../../passes/calibrate.js';
import { Interpreter } from '../interpreter/interpreter.js';
import type { Dataset, Sample } from '../interpreter/datasets/dataset.js';
import { progress } from '../interpreter/datasets/progress.js';

/**
 * Running statistics of one tensor. The histogram spans [-R, R] with R a power of two; when a value falls outside,
 * R doubles and bins merge pairwise, so the result does not depend on the order the data came in.
 */
export class StatsAccumulator {
  min = Infinity;
  max = -Infinity;
  count = 0;
  private range = 0;
  private counts: Float64Array | undefined;

  constructor(private readonly bins: number | undefined) {
    if (bins !== undefined && (bins < 4 || bins % 4 !== 0)) throw new Error(`internal: histogram bins must be a multiple of 4, got ${bins}`);
  }

  add(data: ArrayLike<number>): void {
    let lo = this.min;
    let hi = this.max;
    let n = 0;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      n++;
    }
    if (n === 0) return;
    this.min = lo;
    this.max = hi;
    this.count += n;
    if (this.bins !== undefined) this.addToHistogram(data, Math.max(Math.abs(lo), Math.abs(hi)));
  }

  private addToHistogram(data: ArrayLike<number>, absMax: number): void {
    const bins = this.bins!;
    if (this.counts === undefined) {
      this.counts = new Float64Array(bins);
      this.range = absMax > 0 ? 2 ** Math.ceil(Math.log2(absMax)) : 2 ** -20;
    }
    while (absMax > this.range) {
      // Doubling the range: old bin i lands in new bin bins/4 + floor(i/2).
      const merged = new Float64Array(bins);
      for (let i = 0; i < bins; i++) merged[bins / 4 + (i >> 1)]! += this.counts[i]!;
      this.counts = merged;
      this.range *= 2;
    }
    const counts = this.counts;
    const scale = bins / (2 * this.range);
    const r = this.range;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) continue;
      const b = Math.floor((v + r) * scale);
      counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]! += 1;
    }
  }

  stats(): TensorStats {
    const base = { min: this.min, max: this.max, count: this.count };
    return this.counts === undefined ? base : { ...base, histogram: { range: this.range, counts: this.counts } };
  }
}

export interface CalibrationOptions {
  /** Called after each sample (progress). */
  onSample?: (done: number) => void;
  /** Label of the TTY progress bar (default "calibrating"); null for none. */
  progressLabel?: string | null;
}

function isFloat(v: Value): boolean {
  return v.type.elem === 'f32' && v.type.quant === undefined;
}

/** A CalibrationService over a dataset: every sample runs once through the float interpreter (batch 1). */
export function datasetCalibration(dataset: Dataset, opts: CalibrationOptions = {}): CalibrationService {
  return {
    description: dataset.description,
    async collect(module: Module, request: CalibrationRequest): Promise<Map<Value, TensorStats>> {
      const f = module.main();
      const floatArgs = f.args.filter(isFloat);
      if (f.args.length !== 1 || floatArgs.length !== 1) {
        userError(Codes.BadInput, `calibration feeds one float input; @${f.name} takes ${f.args.length} input(s) (${f.args.map((a) => a.type.elem).join(', ')})`, { loc: f.loc });
      }
      const bins = request.method === 'minmax' ? undefined : request.bins;
      const acc = new Map<Value, StatsAccumulator>();
      const observe = (v: Value, t: tf.Tensor): void => {
        if (!isFloat(v) || v.producer?.name === 'arith.constant') return;
        let a = acc.get(v);
        if (a === undefined) acc.set(v, (a = new StatsAccumulator(bins)));
        a.add(t.dataSync() as Float32Array);
      };
      const limit = request.samples > 0 ? request.samples : Infinity;
      const total = Math.min(limit, dataset.size ?? limit);
      const bar = opts.progressLabel === null || !Number.isFinite(total) ? undefined : progress(total, opts.progressLabel ?? 'calibrating');
      const interp = await Interpreter.create(module);
      let done = 0;
      try {
        const shape = f.args[0]!.type.shape;
        for await (const sample of dataset as AsyncIterable<Sample>) {
          if (done >= limit) break;
          const runShape = shape !== null && shape.length === sample.shape.length + 1 ? [1, ...sample.shape] : sample.shape;
          await interp.run([sample.data], { shapes: [runShape], onValue: observe });
          done++;
          bar?.tick();
          opts.onSample?.(done);
        }
      } finally {
        bar?.stop();
        interp.dispose();
      }
      if (done === 0) userError(Codes.NoCalibrationData, `the calibration data (${dataset.description}) holds no samples`);
      const out = new Map<Value, TensorStats>();
      for (const [v, a] of acc) out.set(v, a.stats());
      return out;
    },
  };
}

/** Makes the dataset available to the `calibrate` pass of a pipeline. */
export function provideCalibration(ctx: PassContext, dataset: Dataset, opts: CalibrationOptions = {}): CalibrationService {
  const service = datasetCalibration(dataset, opts);
  ctx.provide(CalibrationKey, service);
  return service;
}
