// EfficientNet-Lite end to end: compile() time per stage for every target, float interpreter vs the real TFLite
// runtime (images/s), emitted sizes vs reference sizes, and the compile's peak memory (efficientnet-memory.ts).
import { existsSync, statSync } from 'node:fs';
import { Bench } from 'tinybench';
import { compile, type CompileOptions, type CompileReport } from '../../src/driver/compile.js';
import { modelStats } from '../../src/analysis/model-stats.js';
import { importTfliteFile } from '../../src/importers/tflite/import.js';
import { Interpreter } from '../../src/interpreter/index.js';
import type { Module } from '../../src/ir/core.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { efficientNetArch } from '../../src/zoo/efficientnet-arch.js';
import { sharedModel, sharedModelsPresent } from '../support/shared-models.js';
import { compileMemory, type MemoryResult } from './efficientnet-memory.js';
import { formatNumber, formatRatio, type GoalFigure } from './report.js';

export const LITE_MODELS = ['efficientnet-lite0', 'efficientnet-lite1', 'efficientnet-lite2', 'efficientnet-lite3', 'efficientnet-lite4'];

/** Parameter counts the EfficientNet-Lite README publishes (tensorflow/tpu models/official/efficientnet/lite). */
const PUBLISHED_PARAMS: Readonly<Record<string, number>> = {
  'efficientnet-lite0': 4.7e6,
  'efficientnet-lite1': 5.4e6,
  'efficientnet-lite2': 6.1e6,
  'efficientnet-lite3': 8.2e6,
  'efficientnet-lite4': 13.0e6,
};

/** Calibration samples of the int8 targets (synthetic, seeded). */
export const CALIBRATION_SAMPLES = 8;
const SIZE_GOAL = 1.05;
/** The float interpreter may be at most this much slower than the TFLite runtime (calibration speed). */
const INTERPRETER_GOAL = 1.5;

type Storage = 'float32' | 'float16' | 'int8';

interface Variant {
  readonly label: string;
  readonly opts: CompileOptions;
  readonly storage: Storage;
}

const VARIANTS: readonly Variant[] = [
  { label: 'cpu float', opts: { target: 'cpu', quantize: 'none' }, storage: 'float32' },
  { label: 'cpu int8', opts: { target: 'cpu', quantize: 'int8', calibrationData: 'synthetic', samples: CALIBRATION_SAMPLES }, storage: 'int8' },
  { label: 'gpu', opts: { target: 'gpu' }, storage: 'float16' },
  // The accuracy report is off here: it repeats cpu int8's comparison (whose row times it) on the integer interpreter,
  // which takes most of a minute on lite4, and the full bench has to stay within minutes.
  { label: 'edgetpu', opts: { target: 'edgetpu', calibrationData: 'synthetic', samples: CALIBRATION_SAMPLES, accuracyReport: false }, storage: 'int8' },
];

export interface EfficientNetBenchOptions {
  /** Models to compile (default lite0..lite4). */
  readonly models?: readonly string[];
  /** Timed inferences of lite0 (the figure of merit) per engine and round; other models use half, in 2 rounds. */
  readonly interpreterRuns?: number;
  readonly runtimeRuns?: number;
  /** Rounds in which the two engines take turns (lite0; default 3). */
  readonly rounds?: number;
  /** Measure peak RSS in child processes (default true). */
  readonly memory?: boolean;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** One compile() split into its stages (ms). */
export interface CompileSplit {
  readonly model: string;
  readonly variant: string;
  /** Wall time of the compile() call: what a caller waits for. */
  readonly totalMs: number;
  readonly importMs: number;
  /** Every pass except calibrate and quantize. */
  readonly passesMs: number;
  readonly calibrateMs: number;
  readonly samples: number;
  readonly quantizeMs: number;
  readonly emitMs: number;
  /** Loading and running the result in the TFLite runtime. */
  readonly checkMs: number;
  /** The float-vs-int8 per-layer accuracy report, which compile() builds after its own timer stops. */
  readonly reportMs: number;
  /** Target analysis, statistics, dataset set-up: the rest of compile()'s own total. */
  readonly otherMs: number;
  readonly bytes: number;
  readonly referenceBytes: number;
}

export interface Throughput {
  readonly model: string;
  readonly resolution: number;
  readonly interpreterMs: number;
  readonly runtimeMs: number;
  /** Median over rounds of runtime time ÷ interpreter time (interpreter speed relative to the runtime). */
  readonly ratio: number;
  readonly backend: string;
}

export interface EfficientNetBenchResult {
  readonly figures: GoalFigure[];
  readonly compiles: CompileSplit[];
  readonly throughput: Throughput[];
  readonly memory: MemoryResult | null;
  readonly referenceNote: string;
}

export function splitOf(model: string, variant: string, rep: CompileReport, samples: number, referenceBytes: number, wallMs: number): CompileSplit {
  const sum = (pred: (pass: string) => boolean): number => rep.timings.passes.filter((p) => pred(p.pass)).reduce((a, p) => a + p.ms, 0);
  const calibrateMs = sum((p) => p === 'calibrate');
  const quantizeMs = sum((p) => p === 'quantize');
  const passesMs = sum((p) => p !== 'calibrate' && p !== 'quantize');
  const checkMs = rep.runtime_check?.ms ?? 0;
  const t = rep.timings;
  return {
    model,
    variant,
    totalMs: Math.max(wallMs, t.total_ms),
    importMs: t.import_ms,
    passesMs,
    calibrateMs,
    samples: calibrateMs > 0 ? samples : 0,
    quantizeMs,
    emitMs: t.emit_ms,
    checkMs,
    reportMs: Math.max(0, wallMs - t.total_ms),
    otherMs: Math.max(0, t.total_ms - t.import_ms - passesMs - calibrateMs - quantizeMs - t.emit_ms - checkMs),
    bytes: rep.size_after,
    referenceBytes,
  };
}

/** Bytes per parameter of a real converter's int8 EfficientNet-Lite0, and the file itself, when available. */
interface ConverterReference {
  readonly bytesPerParam: number;
  /** The Model Maker lite0 int8 size with its classifier widened to 1000 classes. */
  readonly lite0Int8Bytes: number;
  readonly fileBytes: number;
  readonly classes: number;
}

function converterReference(): ConverterReference | null {
  if (!sharedModelsPresent()) return null;
  const path = sharedModel('tflite/efficientnet_lite0_int8_9class.tflite');
  if (!existsSync(path)) return null;
  const fileBytes = statSync(path).size;
  const stats = modelStats(importTfliteFile(path));
  const classes = stats.outputs[0]?.shape?.at(-1) ?? 9;
  const head = efficientNetArch('efficientnet-lite0').headFilters;
  // Widening the classifier adds int8 weights and int32 biases; per-tensor FC quantization adds nothing else.
  const extra = (1000 - classes) * head + (1000 - classes) * 4;
  return { bytesPerParam: fileBytes / stats.params, lite0Int8Bytes: fileBytes + extra, fileBytes, classes };
}

function referenceBytes(model: string, storage: Storage, conv: ConverterReference | null): number {
  const p = PUBLISHED_PARAMS[model] ?? NaN;
  if (storage === 'float32') return p * 4;
  if (storage === 'float16') return p * 2;
  if (conv === null) return p;
  return model === 'efficientnet-lite0' ? conv.lite0Int8Bytes : p * conv.bytesPerParam;
}

function referenceNote(conv: ConverterReference | null): string {
  const params = 'the EfficientNet-Lite README publishes parameter counts (4.7M, 5.4M, 6.1M, 8.2M, 13.0M), not file sizes';
  const int8 =
    conv === null
      ? 'int8: params x 1 byte (../shared/models absent, so no converter bytes-per-parameter)'
      : `int8: lite0 = the Model Maker EfficientNet-Lite0 int8 file (${(conv.fileBytes / 1e6).toFixed(2)} MB, ${conv.classes} classes) with its classifier widened to 1000 classes = ${(conv.lite0Int8Bytes / 1e6).toFixed(2)} MB; lite1..4 = params x ${conv.bytesPerParam.toFixed(3)} bytes (that file's bytes per parameter)`;
  return `Reference sizes: ${params}; float32 = params x 4 bytes, float16 (gpu) = params x 2; ${int8}.`;
}

/** Median latency of a finished one-task Bench: steadier than the mean when other work shares the machine. */
function medianMs(b: Bench): number {
  const r = b.tasks[0]?.result as { latency?: { p50?: number; mean?: number } } | undefined;
  return r?.latency?.p50 ?? r?.latency?.mean ?? NaN;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function seededInput(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = ((i * 2654435761) >>> 0) / 2 ** 32;
  return x;
}

/**
 * Float interpreter vs TFLite runtime on the same float model (the graph calibration runs), one image at a time.
 * The engines take turns in rounds, so both see the same machine load; each figure is a median over the rounds.
 */
async function measureThroughput(model: string, module: Module, bytes: Uint8Array, runs: { interpreter: number; runtime: number; rounds: number }): Promise<Throughput> {
  const shape = module.main().args[0]?.type.shape;
  if (shape == null) throw new Error(`${model}: the float model has no static input shape`);
  const x = seededInput(shape.reduce((a, d) => a * d, 1));
  const rt = await TfliteRuntime.load(bytes, { file: `${model} float` });
  const it = await Interpreter.create(module);
  try {
    const rtMs: number[] = [];
    const itMs: number[] = [];
    for (let round = 0; round < runs.rounds; round++) {
      const rb = new Bench({ time: 0, iterations: runs.runtime, warmupIterations: 1, throws: true });
      rb.add('tflite runtime', () => void rt.run([x]));
      const ib = new Bench({ time: 0, iterations: runs.interpreter, warmupIterations: 1, throws: true });
      ib.add('float interpreter', async () => void (await it.run([x])));
      await rb.run();
      await ib.run();
      rtMs.push(medianMs(rb));
      itMs.push(medianMs(ib));
    }
    return { model, resolution: shape[1] ?? 0, interpreterMs: median(itMs), runtimeMs: median(rtMs), ratio: median(rtMs.map((r, i) => r / itMs[i]!)), backend: it.backend.name };
  } finally {
    it.dispose();
    rt.dispose();
  }
}

const short = (model: string): string => model.replace('efficientnet-', '');

function throughputFigure(t: Throughput): GoalFigure {
  const ratio = t.ratio;
  return {
    name: `float interpreter (${t.backend}), ${short(t.model)} ${t.resolution}x${t.resolution} float`,
    value: 1000 / t.interpreterMs,
    unit: 'images/s',
    baseline: `TFLite runtime (XNNPACK, 1 thread), same model: ${formatNumber(1000 / t.runtimeMs)} images/s`,
    ratio,
    goal: `≥ ${formatRatio(1 / INTERPRETER_GOAL)} (≤ ${INTERPRETER_GOAL}x slower)`,
    met: ratio >= 1 / INTERPRETER_GOAL,
  };
}

function compileFigure(s: CompileSplit, t: Throughput | undefined): GoalFigure {
  const f: GoalFigure = { name: `compile ${short(s.model)} ${s.variant} (end to end)`, value: s.totalMs / 1000, unit: 's' };
  if (t === undefined) return f;
  return { ...f, baseline: `1 TFLite inference of the float model (${formatNumber(t.runtimeMs)} ms)`, ratio: s.totalMs / t.runtimeMs };
}

function sizeFigure(s: CompileSplit): GoalFigure {
  const ratio = s.bytes / s.referenceBytes;
  return {
    name: `emitted size, ${short(s.model)} ${s.variant}`,
    value: s.bytes / 1e6,
    unit: 'MB',
    baseline: `reference ${(s.referenceBytes / 1e6).toFixed(2)} MB (see note)`,
    ratio,
    goal: `≤ ${SIZE_GOAL}x`,
    met: ratio <= SIZE_GOAL,
  };
}

function calibrationFigure(s: CompileSplit, t: Throughput): GoalFigure {
  const perImage = s.calibrateMs / s.samples;
  return {
    name: `calibration, ${short(s.model)} (${s.variant}, ${s.samples} synthetic samples): time per image`,
    value: perImage,
    unit: 'ms',
    baseline: `float interpreter inference (${formatNumber(t.interpreterMs)} ms)`,
    ratio: perImage / t.interpreterMs,
  };
}

export async function efficientNetBench(opts: EfficientNetBenchOptions = {}): Promise<EfficientNetBenchResult> {
  const models = opts.models ?? LITE_MODELS;
  const log = opts.log ?? ((): void => undefined);
  const conv = converterReference();
  const compiles: CompileSplit[] = [];
  const throughput: Throughput[] = [];
  const floatSizes = new Map<string, number>();
  // One untimed compile first: JIT warm-up and backend start-up would otherwise land on the first figure.
  await compile(models[0] ?? 'efficientnet-lite0', { target: 'cpu', quantize: 'none' });
  for (const model of models) {
    for (const v of VARIANTS) {
      const t0 = performance.now();
      const r = await compile(model, v.opts);
      const s = splitOf(model, v.label, r.report, v.opts.samples ?? 0, referenceBytes(model, v.storage, conv), performance.now() - t0);
      compiles.push(s);
      log(`${model} ${v.label}: ${(s.totalMs / 1000).toFixed(1)} s, ${(s.bytes / 1e6).toFixed(2)} MB`);
      if (v.storage === 'float32') {
        floatSizes.set(model, r.bytes.length);
        const full = model === models[0];
        const runs = {
          interpreter: Math.max(2, Math.round((opts.interpreterRuns ?? 4) / (full ? 1 : 2))),
          runtime: Math.max(2, Math.round((opts.runtimeRuns ?? 6) / (full ? 1 : 2))),
          rounds: full ? (opts.rounds ?? 3) : 2,
        };
        const t = await measureThroughput(model, r.module, r.bytes, runs);
        throughput.push(t);
        log(`${model}: float interpreter ${t.interpreterMs.toFixed(0)} ms/image, TFLite runtime ${t.runtimeMs.toFixed(0)} ms/image`);
      }
    }
  }
  const memory = opts.memory === false ? null : compileMemory(headlineModels(models), floatSizes, CALIBRATION_SAMPLES, log);
  return { figures: figuresOf(models, compiles, throughput, memory), compiles, throughput, memory, referenceNote: referenceNote(conv) };
}

/** lite0 and lite4 (the smallest and largest), or whatever subset was run. */
function headlineModels(models: readonly string[]): string[] {
  return [...new Set([models[0], models.at(-1)])].filter((m): m is string => m !== undefined);
}

function figuresOf(models: readonly string[], compiles: readonly CompileSplit[], throughput: readonly Throughput[], memory: MemoryResult | null): GoalFigure[] {
  const figures: GoalFigure[] = throughput.map(throughputFigure);
  const first = models[0];
  const calib = compiles.find((s) => s.model === first && s.variant === 'cpu int8');
  const firstT = throughput.find((t) => t.model === first);
  if (calib !== undefined && firstT !== undefined && calib.samples > 0) figures.push(calibrationFigure(calib, firstT));
  const headline = new Set(headlineModels(models));
  for (const s of compiles) if (headline.has(s.model)) figures.push(compileFigure(s, throughput.find((t) => t.model === s.model)));
  for (const s of compiles) if (s.variant === 'cpu int8' || (s.model === first && s.variant === 'cpu float')) figures.push(sizeFigure(s));
  if (memory !== null) figures.push(...memory.figures);
  return figures;
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);

/** The per-stage table (markdown) with the reference note under it. */
export function efficientNetMarkdown(r: EfficientNetBenchResult): string {
  const rows = [
    `EfficientNet-Lite end to end (\`compile()\` of the built-in models, seeded weights; int8 targets calibrate on ${CALIBRATION_SAMPLES} synthetic samples):`,
    '',
    '| model | target | compile | import | passes | calibrate / image | quantize | emit | runtime check | accuracy report | other | size | reference |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of r.compiles) {
    const cal = s.samples > 0 ? ms(s.calibrateMs / s.samples) : '';
    const q = s.quantizeMs > 0 ? ms(s.quantizeMs) : '';
    const report = s.reportMs >= 1 ? ms(s.reportMs) : '';
    rows.push(
      `| ${short(s.model)} | ${s.variant} | ${ms(s.totalMs)} | ${ms(s.importMs)} | ${ms(s.passesMs)} | ${cal} | ${q} | ${ms(s.emitMs)} | ${ms(s.checkMs)} | ${report} | ${ms(s.otherMs)} | ${(s.bytes / 1e6).toFixed(2)} MB | ${(s.referenceBytes / 1e6).toFixed(2)} MB |`,
    );
  }
  rows.push('', 'compile = wall time of the `compile()` call; cpu int8 includes the default float-vs-int8 accuracy report (edgetpu runs with `accuracyReport: false`). ' + r.referenceNote);
  if (r.memory !== null) rows.push('', r.memory.note);
  return rows.join('\n');
}

/** Printable detail: the split per compile and the interpreter/runtime timings. */
export function formatEfficientNetBench(r: EfficientNetBenchResult): string {
  const lines = r.compiles.map(
    (s) =>
      `${short(s.model).padEnd(6)} ${s.variant.padEnd(10)} total ${ms(s.totalMs).padStart(8)} = import ${ms(s.importMs)}, passes ${ms(s.passesMs)}` +
      `${s.samples > 0 ? `, calibrate ${ms(s.calibrateMs)} (${ms(s.calibrateMs / s.samples)}/image)` : ''}${s.quantizeMs > 0 ? `, quantize ${ms(s.quantizeMs)}` : ''}` +
      `, emit ${ms(s.emitMs)}, check ${ms(s.checkMs)}${s.reportMs >= 1 ? `, accuracy report ${ms(s.reportMs)}` : ''}, other ${ms(s.otherMs)}; ${(s.bytes / 1e6).toFixed(2)} MB (reference ${(s.referenceBytes / 1e6).toFixed(2)} MB)`,
  );
  for (const t of r.throughput) lines.push(`${short(t.model)} float: interpreter ${t.interpreterMs.toFixed(1)} ms/image, TFLite runtime ${t.runtimeMs.toFixed(1)} ms/image`);
  lines.push(r.referenceNote);
  if (r.memory !== null) lines.push(r.memory.note);
  return lines.join('\n');
}
