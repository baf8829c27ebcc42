// The float-vs-quantized accuracy report: per-layer SQNR / RMSE / max error and model-level top-1 agreement.
import type * as tf from '@tensorflow/tfjs-core';
import { Codes } from '../diag/catalogue.js';
import { isLitecError, userError } from '../diag/diagnostic.js';
import { Module, Operation, Value } from '../ir/core.js';
import { locName } from '../ir/loc.js';
import { Interpreter } from '../interpreter/interpreter.js';
import { Int8Interpreter } from '../interpreter/int8/index.js';
import type { Dataset, Sample } from '../interpreter/datasets/dataset.js';
import { ErrorStats, SqnrAccumulator, alignOps, argmaxRows, quantizeInput, realValues } from './compare.js';

export { SqnrAccumulator, sqnrDb } from './compare.js';
export type { ErrorStats } from './compare.js';

/** How one op result of the quantized model compares with the same result of the float model. */
export interface LayerReport extends ErrorStats {
  /** Position among the compared layers (0 = first op of the func that has a float counterpart). */
  readonly index: number;
  readonly op: string;
  /** The op's location (TF node name), '' when unknown. */
  readonly loc: string;
  readonly shape: number[];
  /** Quantization of the result (null: the result is float, e.g. an op kept in float). */
  readonly scale: number | null;
  readonly zeroPoint: number | null;
  /** RMSE in units of the result's scale: 1/sqrt(12) ≈ 0.289 is pure rounding noise (null for float results). */
  readonly rmseOverScale: number | null;
}

export interface OutputReport extends ErrorStats {
  readonly name: string;
}

export interface QuantReport {
  /** Samples compared (a partial final batch is not run). */
  readonly samples: number;
  readonly data: string;
  /** What computed the quantized values: TFLite's integer arithmetic, or the float interpreter's simulation of it. */
  readonly engine: 'int8-interpreter' | 'float-simulation';
  readonly layers: LayerReport[];
  /** Indices into `layers` of the (up to) 5 layers with the lowest SQNR, worst first. */
  readonly worst: number[];
  readonly model: {
    /** Fraction of rows of output 0 whose arg max is the same in both models. */
    readonly top1Agreement: number;
    readonly rows: number;
    readonly outputs: OutputReport[];
    /** Top-1 accuracy of both models when the samples carry labels. */
    readonly accuracy: { readonly float: number; readonly quantized: number } | null;
  };
  /** Quantized ops without a float counterpart (inserted by the quantizer), by name. */
  readonly unmatched: string[];
}

export interface QuantReportOptions {
  /** Samples to compare (default 100; 0: the whole dataset). */
  readonly samples?: number;
}

const DEFAULT_SAMPLES = 100;
const WORST = 5;

interface Runner {
  readonly engine: QuantReport['engine'];
  run(inputs: Float32Array | Int8Array | Uint8Array, onValue: (v: Value, data: ArrayLike<number>) => void): Promise<ArrayLike<number>[]>;
  dispose(): void;
}

/** The integer interpreter when it has kernels for every op, else the float interpreter's simulation. */
async function quantizedRunner(module: Module): Promise<Runner> {
  let int8: Int8Interpreter | undefined;
  try {
    int8 = Int8Interpreter.create(module);
  } catch (e) {
    if (!isLitecError(e)) throw e;
  }
  if (int8 !== undefined) {
    const it = int8;
    return {
      engine: 'int8-interpreter',
      run: async (x, onValue) => it.run([x], { onValue: (v, data) => onValue(v, data) }),
      dispose: () => undefined,
    };
  }
  const sim = await Interpreter.create(module);
  return {
    engine: 'float-simulation',
    run: async (x, onValue) => (await sim.run([x], { onValue: (v: Value, t: tf.Tensor) => onValue(v, t.dataSync()) })).map((o) => o.data as ArrayLike<number>),
    dispose: () => sim.dispose(),
  };
}

/** Batches of `batch` samples flattened into one input each; a partial final batch is dropped. */
async function* batches(dataset: Dataset, batch: number, limit: number): AsyncGenerator<{ data: Float32Array; labels: (number | undefined)[] }> {
  let group: Sample[] = [];
  let taken = 0;
  for await (const s of dataset as AsyncIterable<Sample>) {
    if (taken >= limit) break;
    group.push(s);
    taken++;
    if (group.length === batch) {
      const data = new Float32Array(group.reduce((n, g) => n + g.data.length, 0));
      let at = 0;
      for (const g of group) {
        data.set(g.data, at);
        at += g.data.length;
      }
      yield { data, labels: group.map((g) => g.label) };
      group = [];
    }
  }
}

function opLabel(op: Operation): string {
  return locName(op.loc) ?? op.loc.describe();
}

/**
 * Runs the float module (float interpreter) and the quantized module (integer interpreter) on the same samples and
 * compares every op result of the quantized model that has a float counterpart, plus the model outputs. The
 * float module is the one the quantizer started from (e.g. cloned after calibration); quantized values are
 * dequantized with each tensor's scale and zero point.
 */
export async function quantizationReport(floatModule: Module, quantModule: Module, dataset: Dataset, opts: QuantReportOptions = {}): Promise<QuantReport> {
  const ff = floatModule.main();
  const qf = quantModule.main();
  if (ff.args.length !== 1 || qf.args.length !== 1) {
    userError(Codes.BadInput, `the quantization report feeds one input; the models take ${ff.args.length} and ${qf.args.length}`, { loc: qf.loc });
  }
  if (ff.results().length !== qf.results().length) userError(Codes.BadInput, `the float model has ${ff.results().length} outputs, the quantized one ${qf.results().length}`, { loc: qf.loc });
  const samples = opts.samples ?? DEFAULT_SAMPLES;
  const limit = samples > 0 ? samples : Infinity;
  const { pairs, unmatched } = alignOps(ff, qf);
  const layerOf = new Map<Value, { index: number; float: Value; acc: SqnrAccumulator }>();
  const floatWanted = new Map<Value, Value>();
  pairs.forEach(({ float, quant }, index) => {
    layerOf.set(quant, { index, float, acc: new SqnrAccumulator() });
    floatWanted.set(float, quant);
  });
  const outputs = qf.results().map(() => new SqnrAccumulator());
  const argShape = qf.args[0]!.type.shape ?? [];
  const batch = argShape.length >= 2 && argShape[0]! > 0 ? argShape[0]! : 1;

  const floatRun = await Interpreter.create(floatModule);
  const quantRun = await quantizedRunner(quantModule);
  let seen = 0;
  let agree = 0;
  let rows = 0;
  let labelled = 0;
  let floatCorrect = 0;
  let quantCorrect = 0;
  try {
    for await (const { data, labels } of batches(dataset, batch, limit)) {
      const floatValues = new Map<Value, Float32Array>();
      const fOut = await floatRun.run([data], {
        onValue: (v, t) => {
          if (floatWanted.has(v)) floatValues.set(v, Float32Array.from(t.dataSync()));
        },
      });
      const qOut = await quantRun.run(quantizeInput(qf.args[0]!.type, data), (v, raw) => {
        const layer = layerOf.get(v);
        if (layer === undefined) return;
        const f = floatValues.get(layer.float);
        const q = realValues(v.type, raw);
        if (f !== undefined && q !== undefined && f.length === q.length) layer.acc.add(f, q);
      });
      qf.results().forEach((v, i) => {
        const q = realValues(v.type, qOut[i]!);
        const f = fOut[i]!.data as Float32Array;
        if (q !== undefined && q.length === f.length) outputs[i]!.add(f, q);
      });
      const fTop = argmaxRows(fOut[0]!.data as Float32Array, fOut[0]!.shape);
      const qTop = argmaxRows(realValues(qf.results()[0]!.type, qOut[0]!) ?? new Float32Array(0), fOut[0]!.shape);
      fTop.forEach((t, r) => {
        rows++;
        if (t === qTop[r]) agree++;
        const label = fTop.length === labels.length ? labels[r] : undefined;
        if (label !== undefined) {
          labelled++;
          if (t === label) floatCorrect++;
          if (qTop[r] === label) quantCorrect++;
        }
      });
      seen += labels.length;
    }
  } finally {
    floatRun.dispose();
    quantRun.dispose();
  }
  if (seen === 0) userError(Codes.NoCalibrationData, `the report data (${dataset.description}) holds fewer samples than one batch of ${batch}`);

  const layers: LayerReport[] = pairs.map(({ quant }, index) => {
    const q = quant.type.quant;
    const stats = layerOf.get(quant)!.acc.stats();
    const scale = q !== undefined && q.axis === undefined ? q.scales[0]! : null;
    return {
      index,
      op: quant.producer!.name,
      loc: opLabel(quant.producer!),
      shape: [...(quant.type.shape ?? [])],
      scale,
      zeroPoint: scale === null ? null : q!.zeroPoints[0]!,
      ...stats,
      rmseOverScale: scale === null ? null : stats.rmse / scale,
    };
  });
  const worst = layers
    .filter((l) => l.count > 0)
    .sort((a, b) => (a.sqnrDb ?? Infinity) - (b.sqnrDb ?? Infinity))
    .slice(0, WORST)
    .map((l) => l.index);
  return {
    samples: seen,
    data: dataset.description,
    engine: quantRun.engine,
    layers,
    worst,
    model: {
      top1Agreement: rows === 0 ? 0 : agree / rows,
      rows,
      outputs: outputs.map((a, i) => ({ name: qf.resultName(i) ?? `output_${i}`, ...a.stats() })),
      accuracy: labelled === 0 ? null : { float: floatCorrect / labelled, quantized: quantCorrect / labelled },
    },
    unmatched: unmatched.map((op) => op.name),
  };
}

function fmt(x: number | null, digits: number): string {
  if (x === null) return '-';
  if (x !== 0 && (Math.abs(x) < 10 ** -(digits - 1) || Math.abs(x) >= 1e5)) return x.toExponential(digits - 1);
  return x.toFixed(digits);
}

function sqnrText(db: number | null): string {
  return db === null ? 'exact' : db.toFixed(1);
}

/** The report as a table for the terminal; the 5 worst layers are marked and listed again at the end. */
export function formatQuantReport(r: QuantReport): string {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const lines: string[] = [];
  lines.push(`quantization report: ${r.samples} samples of ${r.data} (quantized values from the ${r.engine === 'int8-interpreter' ? 'integer interpreter' : "float interpreter's simulation"})`);
  const out = r.model.outputs.map((o) => `${o.name} ${sqnrText(o.sqnrDb)} dB`).join(', ');
  lines.push(`model: top-1 agreement ${pct(r.model.top1Agreement)} of ${r.model.rows}; output SQNR ${out}`);
  if (r.model.accuracy !== null) lines.push(`accuracy: float ${pct(r.model.accuracy.float)}, quantized ${pct(r.model.accuracy.quantized)}`);
  const worst = new Set(r.worst);
  const width = Math.min(48, Math.max(8, ...r.layers.map((l) => l.loc.length)));
  lines.push(`    ${'#'.padStart(3)}  ${'op'.padEnd(24)} ${'location'.padEnd(width)} ${'scale'.padStart(10)} ${'zp'.padStart(5)} ${'SQNR dB'.padStart(8)} ${'RMSE/scale'.padStart(10)} ${'max|err|'.padStart(10)}`);
  for (const l of r.layers) {
    const loc = l.loc.length > width ? `…${l.loc.slice(l.loc.length - width + 1)}` : l.loc;
    lines.push(
      `${worst.has(l.index) ? '  * ' : '    '}${String(l.index).padStart(3)}  ${l.op.padEnd(24)} ${loc.padEnd(width)} ${fmt(l.scale, 4).padStart(10)} ${String(l.zeroPoint ?? '-').padStart(5)} ` +
        `${sqnrText(l.sqnrDb).padStart(8)} ${fmt(l.rmseOverScale, 3).padStart(10)} ${fmt(l.maxAbsErr, 4).padStart(10)}`,
    );
  }
  if (r.worst.length > 0) {
    lines.push('worst layers (lowest SQNR):');
    for (const i of r.worst) {
      const l = r.layers[i]!;
      lines.push(`  ${l.op} ${l.loc ? `at ${l.loc}` : `#${l.index}`}: ${sqnrText(l.sqnrDb)} dB, max |err| ${fmt(l.maxAbsErr, 4)}`);
    }
  }
  const float = r.layers.filter((l) => l.scale === null);
  if (float.length > 0) lines.push(`kept in float: ${float.map((l) => `${l.op}${l.loc ? ` at ${l.loc}` : ''}`).join(', ')}`);
  if (r.unmatched.length > 0) lines.push(`not compared (no float counterpart): ${r.unmatched.join(', ')}`);
  return lines.join('\n');
}
