// calibrate: runs the float graph on representative data (through an injected service) and records tensor ranges.
import { Codes } from '../src/diag/catalogue.js';
import { userError } from '../src/diag/diagnostic.js';
import { Func, Module, Value } from '../src/ir/core.js';
import { PassContext, definePass, serviceKey } from '../src/pass/pass.js';
import { clipToFusedActivation, fixedOutputRange, recordArgRange, recordOpRanges } from './quant/ranges.js';
import { CalibrationMethod, Range, TensorStats, chooseRange } from './quant/stats.js';

export type { CalibrationMethod, Histogram, Range, TensorStats } from './quant/stats.js';

export interface CalibrationRequest {
  /** Samples to run (0: the whole dataset). */
  readonly samples: number;
  readonly method: CalibrationMethod;
  /** Histogram bins (percentile and mse need histograms; minmax does not). */
  readonly bins: number;
}

/**
 * Runs a float module on representative data and returns statistics for every float value it saw (func
 * arguments and op results of the entry func). Implemented above the passes layer (src/quant, on the float
 * interpreter); the compile driver and tests provide it with `ctx.provide(CalibrationKey, ...)`.
 */
export interface CalibrationService {
  /** Describes the data, e.g. "500 MNIST digits" (reports say what the ranges come from). */
  readonly description: string;
  collect(module: Module, request: CalibrationRequest): Promise<Map<Value, TensorStats>>;
  /** Called once the ranges are recorded, so the service can keep the calibrated float module (for reports). */
  calibrated?(module: Module): void;
}

export const CalibrationKey = serviceKey<CalibrationService>('calibration');

/** Summary of the last calibration, readable by drivers: ctx.get(CalibrationSummaryKey). */
export interface CalibrationSummary {
  readonly method: CalibrationMethod;
  readonly data: string;
  /** Values that got a range. */
  readonly values: number;
  /** Values whose range is fixed by their op (relu6, logistic, softmax, tanh). */
  readonly fixed: number;
  /** Float values the run never produced (dead code) or that held no finite value. */
  readonly missing: number;
}

export const CalibrationSummaryKey = serviceKey<CalibrationSummary>('calibration.summary');

function rangeFor(v: Value, stats: ReadonlyMap<Value, TensorStats>, method: CalibrationMethod, percentile: number): Range | undefined {
  const op = v.producer;
  const fixed = op === undefined ? undefined : fixedOutputRange(op);
  if (fixed !== undefined) return fixed;
  const s = stats.get(v);
  if (s === undefined || s.count === 0) return undefined;
  const r = chooseRange(s, method, percentile);
  return op === undefined ? r : clipToFusedActivation(op, r);
}

function isFloat(v: Value): boolean {
  return v.type.elem === 'f32' && v.type.quant === undefined;
}

function annotate(f: Func, stats: ReadonlyMap<Value, TensorStats>, method: CalibrationMethod, percentile: number, ctx: PassContext): { values: number; fixed: number; missing: number } {
  let values = 0;
  let fixed = 0;
  let missing = 0;
  f.args.forEach((a, i) => {
    if (!isFloat(a)) return;
    const r = rangeFor(a, stats, method, percentile);
    if (r === undefined) {
      missing++;
      return;
    }
    recordArgRange(f, i, r);
    values++;
  });
  for (const op of f.ops()) {
    if (op.name === 'arith.constant' || op.name === 'func.return') continue;
    const ranges = op.results.map((r) => (isFloat(r) ? rangeFor(r, stats, method, percentile) : undefined));
    missing += op.results.filter((r, i) => isFloat(r) && ranges[i] === undefined).length;
    recordOpRanges(op, ranges);
    values += ranges.filter((r) => r !== undefined).length;
    if (fixedOutputRange(op) !== undefined) fixed++;
  }
  if (missing > 0) ctx.stat('values without data', missing);
  return { values, fixed, missing };
}

export const calibrate = definePass({
  name: 'calibrate',
  summary: 'Run the float model on representative data and record per-tensor ranges (quant.min / quant.max)',
  description:
    'minmax uses the exact range seen; percentile clips each tail at the given percentile of |x|; mse picks the clip ' +
    'range with the least expected quantization error on the histogram. relu6, logistic, softmax, tanh outputs get ' +
    'their exact ranges; fused activations clip the range. Needs calibration data (--calibration-data).',
  options: {
    method: { type: 'enum', values: ['minmax', 'percentile', 'mse'], default: 'minmax', description: 'how a range is chosen from the statistics' },
    percentile: { type: 'float', default: 99.99, description: 'percentile of |x| kept per tail (method=percentile)' },
    samples: { type: 'int', default: 100, description: 'representative samples to run (0: all)' },
    bins: { type: 'int', default: 2048, description: 'histogram bins (percentile, mse)' },
  },
  async run(module, ctx, options) {
    const service = ctx.get(CalibrationKey);
    const method = options.method as CalibrationMethod;
    const percentile = options.percentile as number;
    const samples = options.samples as number;
    const bins = options.bins as number;
    if (!(percentile > 0 && percentile <= 100)) userError(Codes.BadPassOption, `calibrate: percentile must be in (0, 100], got ${percentile}`);
    if (samples < 0) userError(Codes.BadPassOption, `calibrate: samples must be >= 0, got ${samples}`);
    if (bins < 16 || bins % 4 !== 0) userError(Codes.BadPassOption, `calibrate: bins must be a multiple of 4 and at least 16, got ${bins}`);
    if (service === undefined) {
      const f = module.funcs[0];
      userError(Codes.NoCalibrationData, 'calibrate needs representative data: pass --calibration-data PATH (an image folder, .npy/.npz file or folder of .npy files)', f ? { loc: f.loc } : {});
    }
    const stats = await service.collect(module, { samples, method, bins });
    const f = module.main();
    const summary = annotate(f, stats, method, percentile, ctx);
    ctx.stat('calibrated values', summary.values);
    ctx.provide(CalibrationSummaryKey, { method, data: service.description, ...summary });
    service.calibrated?.(module);
  },
});
