// The parts of compile() that targets, calibration, quantization and metadata provide.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { Module } from '../ir/core.js';
import { cloneModule } from '../ir/clone.js';
import { PassContext, serviceKey } from '../pass/pass.js';
import { CalibrationKey, CalibrationSummaryKey } from '../../passes/calibrate.js';
import { QuantizeSummaryKey } from '../../passes/quantize.js';
import { analyzeForTarget, defaultPipeline, defaultQuantize, formatPlacementText } from '../../targets/index.js';
import { METADATA_ATTR_PREFIX } from '../emitters/tflite/emit.js';
import { TFLITE_METADATA, buildModelMetadata, type InputMetadata } from '../emitters/tflite/metadata.js';
import { readModelMetadata } from '../emitters/tflite/metadata-reader.js';
import { openDataset, type Dataset } from '../interpreter/datasets/index.js';
import { datasetCalibration } from '../quant/calibration.js';
import { provideBiasCorrection } from '../quant/bias-correction.js';
import { formatQuantReport, quantizationReport } from '../quant/report.js';

import type { CompileOptions, QuantizeMode, TargetName } from './compile.js';
import type { IoType } from '../../targets/target.js';

/** Samples the float-vs-int8 report compares by default (the integer interpreter is slow on large models). */
const REPORT_SAMPLES = 4;

export interface Artifacts {
  /** Metadata buffers by name (TFLITE_METADATA). */
  metadata: Map<string, Uint8Array>;
  /** Files zipped after the flatbuffer (labels). */
  associatedFiles: Map<string, Uint8Array>;
}

export interface CompileHooks {
  defaultQuantize(target: TargetName, hasCalibrationData: boolean): QuantizeMode;
  defaultPipeline(target: TargetName, quantize: QuantizeMode, hasCalibrationData: boolean, samples?: number, io?: IoType): string;
  /** Provides services passes need (calibration data); returns a description of the data, or null. */
  provideServices(ctx: PassContext, module: Module, opts: CompileOptions): Promise<string | null>;
  analyze(module: Module, target: TargetName): { report: unknown; exitCode: number; text: string };
  artifacts(module: Module, opts: CompileOptions): Artifacts;
  quantizationReport(ctx: PassContext, module: Module, opts: CompileOptions): Promise<unknown>;
  sizeOf(path: string, format: string): number;
}

/** The representative dataset of this compile, and the float module as calibration saw it (for reports). */
export const DatasetKey = serviceKey<Dataset>('driver.dataset');
/** Held-out data (--eval-data) for the layer report and the output drift, when given. */
export const EvalDatasetKey = serviceKey<Dataset>('driver.eval-dataset');
export const FloatModuleKey = serviceKey<Module>('driver.float-module');

export function pathSize(path: string): number {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    return readdirSync(path).reduce((a, n) => a + pathSize(join(path, n)), 0);
  } catch {
    return 0;
  }
}

/** Normalization stored in an imported .tflite's metadata (Model Maker models carry it). */
export function metadataNormalization(module: Module): { mean?: number[]; std?: number[] } {
  const a = module.attrs.get(`${METADATA_ATTR_PREFIX}${TFLITE_METADATA}`);
  if (a?.kind !== 'dense' || !(a.data instanceof Uint8Array)) return {};
  try {
    const md = readModelMetadata(a.data);
    const first = md.inputs[0];
    return { ...(first?.mean ? { mean: first.mean } : {}), ...(first?.std ? { std: first.std } : {}) };
  } catch {
    return {};
  }
}

/** Opens `path` (calibration or evaluation data) shaped and normalized for the model's first input. */
async function openModelData(module: Module, opts: CompileOptions, path: string, samples: number | undefined): Promise<Dataset> {
  const f = module.main();
  const shape = f.args[0]?.type.shape;
  if (shape === undefined || shape === null) userError(Codes.BadInput, `${path}: the model's first input has no known shape; pass --input-shape`);
  const norm = { ...metadataNormalization(module), ...(opts.mean ? { mean: opts.mean } : {}), ...(opts.std ? { std: opts.std } : {}) };
  const mean = norm.mean === undefined ? undefined : norm.mean.length === 1 ? norm.mean[0]! : norm.mean;
  const std = norm.std === undefined ? undefined : norm.std.length === 1 ? norm.std[0]! : norm.std;
  return openDataset(path, {
    shape,
    ...(mean === undefined ? {} : { mean }),
    ...(std === undefined ? {} : { std }),
    ...(samples === undefined ? {} : { samples }),
  });
}

function inputMetadata(module: Module, opts: CompileOptions): InputMetadata {
  const f = module.main();
  const arg = f.args[0];
  const shape = arg?.type.shape ?? null;
  const meta: InputMetadata = { name: f.argName(0) ?? 'input' };
  if (opts.mean) meta.mean = opts.mean;
  if (opts.std) meta.std = opts.std;
  if (shape !== null && shape.length === 4 && (shape[3] === 3 || shape[3] === 1)) {
    meta.image = { width: shape[2]!, height: shape[1]!, colorSpace: shape[3] === 3 ? 'RGB' : 'GRAYSCALE' };
  }
  return meta;
}

export const defaultHooks: CompileHooks = {
  defaultQuantize: (target, hasData) => defaultQuantize(target, hasData),
  defaultPipeline: (target, quantize, hasData, samples, io) => defaultPipeline(target, quantize, hasData, samples, io),

  async provideServices(ctx, module, opts) {
    if (opts.evalData !== undefined) {
      const n = opts.reportSamples === undefined ? REPORT_SAMPLES : opts.reportSamples;
      ctx.provide(EvalDatasetKey, await openModelData(module, opts, opts.evalData, n > 0 ? n : undefined));
    }
    if (opts.calibrationData === undefined) return null;
    const dataset = await openModelData(module, opts, opts.calibrationData, opts.samples);
    const service = datasetCalibration(dataset);
    ctx.provide(DatasetKey, dataset);
    provideBiasCorrection(ctx, dataset, opts.samples === undefined ? {} : { samples: opts.samples });
    ctx.provide(CalibrationKey, {
      description: service.description,
      collect: (m, req) => service.collect(m, req),
      // The float module with its ranges, kept for the float-vs-int8 report.
      calibrated: (m) => ctx.provide(FloatModuleKey, cloneModule(m)),
    });
    return dataset.description;
  },

  analyze(module, target) {
    const r = analyzeForTarget(module, target);
    return { report: r.report, exitCode: r.exitCode, text: formatPlacementText(r.report) };
  },

  artifacts(module, opts) {
    const out: Artifacts = { metadata: new Map(), associatedFiles: new Map() };
    if (opts.labels === undefined && opts.mean === undefined && opts.std === undefined) return out;
    const f = module.main();
    let labelsFile: string | undefined;
    if (opts.labels !== undefined) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(opts.labels);
      } catch {
        return userError(Codes.FileNotFound, 'cannot read the labels file (one label per line)', { file: opts.labels });
      }
      labelsFile = basename(opts.labels);
      out.associatedFiles.set(labelsFile, bytes);
    }
    const model = String(module.attrs.get('litec.model')?.kind === 'string' ? (module.attrs.get('litec.model') as { value: string }).value : f.name);
    out.metadata.set(
      TFLITE_METADATA,
      buildModelMetadata({
        name: model,
        description: 'compiled by litec',
        inputs: [inputMetadata(module, opts)],
        outputs: f.resultTypes.map((_, i) => ({ name: f.resultName(i) ?? `output_${i}`, ...(i === 0 && labelsFile ? { labelsFile } : {}) })),
      }),
    );
    return out;
  },

  async quantizationReport(ctx, module, opts) {
    const summary = ctx.get(QuantizeSummaryKey);
    const calibration = ctx.get(CalibrationSummaryKey);
    if (summary === undefined && calibration === undefined) return null;
    const lines: string[] = [];
    if (calibration !== undefined) {
      lines.push(`calibration: ${calibration.method} ranges for ${calibration.values} values (${calibration.fixed} fixed by their op) from ${calibration.data}${calibration.missing ? `; ${calibration.missing} values never produced` : ''}`);
    }
    if (summary !== undefined) {
      const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;
      lines.push(
        `quantization: ${summary.mode}${summary.mode === 'int8' ? ` (${summary.perChannel ? 'per-channel' : 'per-tensor'} weights, input ${summary.inputType}, output ${summary.outputType})` : ''}: ` +
          `${summary.quantizedOps} ops quantized; weights ${mb(summary.weightBytes.before)} → ${mb(summary.weightBytes.after)}; ` +
          `inserted ${summary.inserted.quantize} quantize, ${summary.inserted.requantize} requantize, ${summary.inserted.dequantize} dequantize`,
      );
      if (summary.biasCorrected.ops > 0) lines.push(`  bias correction: ${summary.biasCorrected.ops} ops, largest shift ${summary.biasCorrected.maxShift.toPrecision(3)}`);
      for (const fb of summary.floatFallback) lines.push(`  kept in float: ${fb.op} at ${fb.loc}: ${fb.reason}`);
    }
    const float = ctx.get(FloatModuleKey);
    const held = ctx.get(EvalDatasetKey);
    const dataset = held ?? ctx.get(DatasetKey);
    let layers = null;
    if (summary?.mode === 'int8' && float !== undefined && dataset !== undefined && opts.accuracyReport !== false) {
      const samples = opts.reportSamples ?? (held !== undefined ? REPORT_SAMPLES : Math.min(opts.samples ?? REPORT_SAMPLES, REPORT_SAMPLES));
      layers = await quantizationReport(float, module, dataset, { samples });
      lines.push(formatQuantReport(layers));
    }
    return { summary: summary ?? null, calibration: calibration ?? null, layers, text: lines.join('\n') };
  },

  sizeOf: (path, format) => (format === 'builtin' ? 0 : pathSize(path)),
};
