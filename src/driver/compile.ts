// compile(): import → passes (target pipeline) → target analysis → emit → real-runtime check, with a report.
import { Codes } from '../diag/catalogue.js';
import { Diagnostic, userError } from '../diag/diagnostic.js';
import { Module } from '../ir/core.js';
import { ModelStats, modelStats } from '../analysis/model-stats.js';
import { EmitOptions, emitTflite } from '../emitters/tflite/emit.js';
import { BUILTIN_MODELS, ImportOptions, importModel } from '../importers/load.js';
import { detectModel } from '../importers/detect.js';
import { PassManager, PassTiming } from '../pass/manager.js';
import { PassContext } from '../pass/pass.js';
import { passRegistry } from '../../passes/index.js';
import type { IoType } from '../../targets/target.js';
import { TfliteRuntime } from '../runtime/tflite-runtime.js';
import { CompileHooks, defaultHooks } from './hooks.js';
import { constantEvaluatorKey } from '../../passes/fold-constants.js';
import { interpreterEvaluator } from './constant-evaluator.js';
import { DatasetKey, EvalDatasetKey, FloatModuleKey } from './hooks.js';
import { DriftReport, measureDrift } from './drift.js';
import { cloneModule } from '../ir/clone.js';
import { parsePipelineSyntax } from '../pass/pipeline.js';
import { sampleShapeOf, syntheticDataset } from '../interpreter/datasets/index.js';

/** Samples the drift measurement runs: calibration data (up to this many) or seeded random inputs. */
const DRIFT_SAMPLES = 16;
const DRIFT_SYNTHETIC_SAMPLES = 4;

/** Whether any op result carries quantization parameters. */
export function isQuantized(m: Module): boolean {
  for (const op of m.allOps()) if (op.results.some((r) => r.type.quant !== undefined)) return true;
  return false;
}

/** Quantized values anywhere, or weights stored in float16 and dequantized (the float16 form). */
function quantizedAlready(m: Module): boolean {
  if (isQuantized(m)) return true;
  for (const op of m.allOps()) if (op.name === 'tfl.dequantize' && op.operands[0]?.type.elem === 'f16') return true;
  return false;
}

export type QuantizeMode = 'none' | 'int8' | 'dynamic-range' | 'float16';
export type TargetName = 'cpu' | 'gpu' | 'edgetpu';

export interface CompileOptions extends ImportOptions {
  target?: TargetName;
  /** A pipeline that replaces the target's default; 'none' re-emits the model unchanged. */
  passes?: string;
  quantize?: QuantizeMode;
  /** Input/output type of an int8 model (default: float for cpu, uint8 for edgetpu). */
  ioType?: IoType;
  calibrationData?: string;
  samples?: number;
  /**
   * Held-out data for the float-vs-int8 layer report and the output drift of function-changing passes (same
   * sources as calibrationData); default: the calibration data.
   */
  evalData?: string;
  mean?: number[];
  std?: number[];
  labels?: string;
  verifyEach?: boolean;
  printIrAfter?: ReadonlySet<string> | 'all';
  irOut?: (text: string) => void;
  /** Compare the float and int8 models layer by layer on the calibration data (default true). */
  accuracyReport?: boolean;
  /** Samples that comparison runs (default: --samples, at most 4; 0 = every sample of the data). */
  reportSamples?: number;
  /** Load and run the result in the real TFLite runtime (default true). */
  checkRuntime?: boolean;
  emit?: EmitOptions;
}

export interface RuntimeCheck {
  ok: boolean;
  inputs: { name: string; dtype: string; shape: number[] }[];
  outputs: { name: string; dtype: string; shape: number[] }[];
  ms: number;
  error?: string;
}

export interface CompileReport {
  model: string;
  format: string;
  target: TargetName;
  pipeline: string;
  synthetic_weights: boolean;
  calibration: string | null;
  size_before: number;
  size_after: number;
  before: ModelStats;
  after: ModelStats;
  timings: { import_ms: number; passes: PassTiming[]; emit_ms: number; total_ms: number };
  diagnostics: string[];
  placement: unknown;
  /** Output drift caused by passes that change the function (remove-squeeze-excite, swish-to-relu6). */
  drift: DriftReport | null;
  /** The placement report as text (what the terminal shows). */
  placement_text: string;
  quantization: unknown;
  runtime_check: RuntimeCheck | null;
  /** 0 all ops run on the target, 3 some fall back to the CPU. */
  exit_code: number;
}

export interface CompileResult {
  bytes: Uint8Array;
  module: Module;
  report: CompileReport;
}

function hasTfOps(m: Module): boolean {
  for (const op of m.allOps()) if (op.name.startsWith('tf.')) return true;
  return false;
}

export async function runtimeCheck(bytes: Uint8Array): Promise<RuntimeCheck> {
  const t0 = performance.now();
  let rt: TfliteRuntime | undefined;
  try {
    rt = await TfliteRuntime.load(bytes, { file: 'compiled model' });
    const inputs = rt.inputs();
    rt.run(inputs.map((i) => {
      const n = i.shape.reduce((a, d) => a * Math.max(1, d), 1);
      return i.dtype === 'float32' ? new Float32Array(n) : i.dtype === 'int8' ? new Int8Array(n) : i.dtype === 'uint8' ? new Uint8Array(n) : new Int32Array(n);
    }));
    return {
      ok: true,
      inputs: inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: i.shape })),
      outputs: rt.outputs().map((o) => ({ name: o.name, dtype: o.dtype, shape: o.shape })),
      ms: performance.now() - t0,
    };
  } catch (e) {
    return { ok: false, inputs: [], outputs: [], ms: performance.now() - t0, error: e instanceof Error ? e.message : String(e) };
  } finally {
    rt?.dispose();
  }
}

/** Compiles a model (path or built-in name) to TFLite bytes. */
export async function compile(model: string, opts: CompileOptions = {}, hooks: CompileHooks = defaultHooks): Promise<CompileResult> {
  const t0 = performance.now();
  const target: TargetName = opts.target ?? 'cpu';
  // Edge models run one sample at a time: a dynamic batch dimension of a TF graph is fixed to 1 unless --batch-size
  // says otherwise, so shape-dependent rewrites (batch-norm motion through Flatten, static-shape target rules) apply.
  const format = detectModel(model, BUILTIN_MODELS).format;
  const batchApplies = format === 'saved-model' || format === 'graphdef' || format === 'checkpoint';
  const imported = await importModel(model, batchApplies && opts.batchSize === undefined ? { ...opts, batchSize: 1 } : opts);
  const importMs = performance.now() - t0;
  const module = imported.module;
  const before = modelStats(module);
  const sizeBefore = hooks.sizeOf(imported.path, imported.format);

  // A model that is already quantized (an int8 .tflite, dynamic-range weights, float16 weights behind DEQUANTIZE)
  // is compiled as the Edge TPU compiler takes one: checked for the target and re-emitted, not quantized again.
  const prequantized = opts.passes === undefined && quantizedAlready(module);
  if (prequantized && ((opts.quantize !== undefined && opts.quantize !== 'none') || opts.ioType !== undefined)) {
    const flag = opts.ioType !== undefined ? `--io-type ${opts.ioType}` : `--quantize ${opts.quantize}`;
    userError(Codes.BadFlag, `${model}: the model is already quantized; ${flag} applies when litec quantizes a float model: drop it, or start from the float model`);
  }
  const quantize = prequantized ? 'none' : (opts.quantize ?? hooks.defaultQuantize(target, opts.calibrationData !== undefined));
  if (opts.ioType !== undefined && (quantize !== 'int8' || opts.passes !== undefined)) {
    userError(
      Codes.BadFlag,
      opts.passes !== undefined
        ? `--io-type applies to the target's pipeline; with --passes, give the quantize pass input-type=${opts.ioType} output-type=${opts.ioType}`
        : `--io-type ${opts.ioType} applies to full-integer models (--quantize int8), not to ${quantize === 'none' ? 'float' : quantize} ones`,
    );
  }
  let pipeline = prequantized ? 'none' : (opts.passes ?? hooks.defaultPipeline(target, quantize, opts.calibrationData !== undefined, opts.samples, opts.ioType));
  // TF graphs are legalized first: the rewrite passes match tfl ops (a later legalize-tf in the list is a no-op).
  if (pipeline.trim() !== 'none' && hasTfOps(module) && !/^\s*legalize-tf\b/.test(pipeline)) pipeline = pipeline.trim() === '' ? 'legalize-tf' : `legalize-tf,${pipeline}`;
  const ctx = new PassContext();
  ctx.provide(constantEvaluatorKey, interpreterEvaluator);
  if (prequantized) {
    ctx.remark({
      code: Codes.AlreadyQuantized,
      message: `the model is already quantized: checked for ${target} and re-emitted as it is${opts.calibrationData !== undefined ? ' (--calibration-data is not used)' : ''}; pass --passes to transform it anyway`,
    });
  }
  const { calibrationData: _unused, ...withoutData } = opts;
  const calibration = await hooks.provideServices(ctx, module, prequantized ? withoutData : opts);
  // Passes that change the function: keep the model as imported to measure how far its outputs move.
  const changing = pipeline.trim() === 'none' ? [] : parsePipelineSyntax(pipeline).map((i) => i.name).filter((n) => passRegistry.get(n)?.preservesSemantics === false);
  const original = changing.length > 0 ? cloneModule(module) : undefined;
  const pm = PassManager.fromPipeline(pipeline, passRegistry, {
    verifyEach: opts.verifyEach ?? true,
    printIrAfter: opts.printIrAfter,
    out: opts.irOut,
  });
  const run = await pm.run(module, ctx);
  if (hasTfOps(module)) {
    const left = [...new Set([...module.allOps()].filter((o) => o.name.startsWith('tf.')).map((o) => o.name))];
    userError(Codes.UnsupportedOp, `${model}: after the pipeline, TF ops remain that have no TFLite form: ${left.join(', ')}`);
  }
  let drift: DriftReport | null = null;
  if (original !== undefined) {
    const float = ctx.get(FloatModuleKey) ?? (isQuantized(module) ? undefined : module);
    const shape = original.main().args[0]?.type.shape;
    if (float !== undefined && shape != null) {
      const data = ctx.get(EvalDatasetKey) ?? ctx.get(DatasetKey) ?? syntheticDataset(sampleShapeOf(shape), DRIFT_SYNTHETIC_SAMPLES);
      drift = await measureDrift(original, float, data, opts.samples ?? DRIFT_SAMPLES, changing);
    }
  }
  const placement = hooks.analyze(module, target);
  const t1 = performance.now();
  const art = hooks.artifacts(module, opts);
  const bytes = emitTflite(module, {
    ...opts.emit,
    metadata: new Map([...(opts.emit?.metadata ?? []), ...art.metadata]),
    associatedFiles: new Map([...(opts.emit?.associatedFiles ?? []), ...art.associatedFiles]),
  });
  const emitMs = performance.now() - t1;
  const check = opts.checkRuntime === false ? null : await runtimeCheck(bytes);
  const diagnostics = ctx.diagnostics.map((d: Diagnostic) => d.format());
  const report: CompileReport = {
    model,
    format: imported.format,
    target,
    pipeline: pm.pipelineText() || 'none',
    synthetic_weights: module.attrs.get('litec.synthetic_weights')?.kind === 'bool',
    calibration,
    size_before: sizeBefore,
    size_after: bytes.length,
    before,
    after: modelStats(module),
    timings: { import_ms: importMs, passes: run.timings, emit_ms: emitMs, total_ms: performance.now() - t0 },
    diagnostics,
    placement: placement.report,
    placement_text: placement.text,
    quantization: await hooks.quantizationReport(ctx, module, opts),
    drift,
    runtime_check: check,
    exit_code: placement.exitCode,
  };
  return { bytes, module, report };
}
