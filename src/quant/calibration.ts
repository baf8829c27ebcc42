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

/** One run's inputs: an array per func argument, with the shape each runs with (undefined: the declared one). */
interface Feed {
  readonly arrays: readonly Float32Array[];
  readonly shapes: readonly (readonly number[] | undefined)[];
}

/**
 * Runs the float module once per feed and accumulates statistics for every float value it produces (arguments
 * and op results; constants are known exactly and skipped).
 */
async function collectStats(module: Module, request: CalibrationRequest, feeds: AsyncIterable<Feed>, total: number, description: string, opts: CalibrationOptions): Promise<Map<Value, TensorStats>> {
  const bins = request.method === 'minmax' ? undefined : request.bins;
  const acc = new Map<Value, StatsAccumulator>();
  const observe = (v: Value, t: tf.Tensor): void => {
    if (!isFloat(v) || v.producer?.name === 'arith.constant') return;
    let a = acc.get(v);
    if (a === undefined) acc.set(v, (a = new StatsAccumulator(bins)));
    a.add(t.dataSync() as Float32Array);
  };
  const limit = request.samples > 0 ? request.samples : Infinity;
  const count = Math.min(limit, total);
  const bar = opts.progressLabel === null || !Number.isFinite(count) ? undefined : progress(count, opts.progressLabel ?? 'calibrating');
  const interp = await Interpreter.create(module);
  let done = 0;
  try {
    for await (const feed of feeds) {
      if (done >= limit) break;
      await interp.run(feed.arrays, { shapes: feed.shapes, onValue: observe });
      done++;
      bar?.tick();
      opts.onSample?.(done);
    }
  } finally {
    bar?.stop();
    interp.dispose();
  }
  if (done === 0) userError(Codes.NoCalibrationData, `the calibration data (${description}) holds no samples`);
  const out = new Map<Value, TensorStats>();
  for (const [v, a] of acc) out.set(v, a.stats());
  return out;
}

/** The shape a sample runs with: batch 1 in front when the model input has one more dim than the sample. */
export function sampleRunShape(argShape: readonly number[] | null, sampleShape: readonly number[]): number[] {
  return argShape !== null && argShape.length === sampleShape.length + 1 ? [1, ...sampleShape] : [...sampleShape];
}

async function* datasetFeeds(dataset: Dataset, argShape: readonly number[] | null): AsyncGenerator<Feed> {
  for await (const sample of dataset as AsyncIterable<Sample>) yield { arrays: [sample.data], shapes: [sampleRunShape(argShape, sample.shape)] };
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
      const feeds = datasetFeeds(dataset, f.args[0]!.type.shape);
      return collectStats(module, request, feeds, dataset.size ?? Infinity, dataset.description, opts);
    },
  };
}

/**
 * A CalibrationService over explicit inputs, for models with several inputs: `samples[k][i]` is input i of run k,
 * in the argument's declared shape.
 */
export function arrayCalibration(samples: readonly (readonly Float32Array[])[], description: string, opts: CalibrationOptions = {}): CalibrationService {
  return {
    description,
    async collect(module: Module, request: CalibrationRequest): Promise<Map<Value, TensorStats>> {
      const f = module.main();
      const bad = f.args.findIndex((a) => !isFloat(a));
      if (bad >= 0) userError(Codes.BadInput, `calibration feeds float inputs; input ${bad} of @${f.name} is ${f.args[bad]!.type.elem}`, { loc: f.loc });
      async function* feeds(): AsyncGenerator<Feed> {
        for (const arrays of samples) {
          if (arrays.length !== f.args.length) userError(Codes.BadInput, `calibration sample has ${arrays.length} input(s); @${f.name} takes ${f.args.length}`, { loc: f.loc });
          yield { arrays, shapes: [] };
        }
      }
      return collectStats(module, request, feeds(), samples.length, description, opts);
    },
  };
}

/** Makes the dataset available to the `calibrate` pass of a pipeline. */
export function provideCalibration(ctx: PassContext, dataset: Dataset, opts: CalibrationOptions = {}): CalibrationService {
  const service = datasetCalibration(dataset, opts);
  ctx.provide(CalibrationKey, service);
  return service;
}
