// Output drift of passes that change a model's function (remove-squeeze-excite, swish-to-relu6): the model before
// the pipeline and the float model after it run on the same data; the report says how far the outputs moved.
import { Module } from '../ir/core.js';
import { Interpreter } from '../interpreter/interpreter.js';
import type { Dataset, Sample } from '../interpreter/datasets/dataset.js';

export interface DriftReport {
  /** The passes that changed the function. */
  passes: string[];
  data: string;
  samples: number;
  /** Fraction of samples whose first output's argmax is unchanged. */
  top1_agreement: number;
  max_abs_diff: number;
  /** 10 log10(signal power / difference power) over all outputs, in dB. */
  sqnr_db: number;
}

function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

async function firstOutput(interp: Interpreter, sample: Sample, argShape: readonly number[] | null): Promise<Float32Array> {
  const shape = argShape !== null && argShape.length === sample.shape.length + 1 ? [1, ...sample.shape] : sample.shape;
  const outs = await interp.run([sample.data], { shapes: [shape] });
  const d = outs[0]!.data;
  return d instanceof Float32Array ? d : Float32Array.from(d as ArrayLike<number>);
}

export async function measureDrift(before: Module, after: Module, dataset: Dataset, limit: number, passes: string[]): Promise<DriftReport> {
  const a = await Interpreter.create(before);
  const b = await Interpreter.create(after);
  let n = 0;
  let agree = 0;
  let maxAbs = 0;
  let signal = 0;
  let noise = 0;
  try {
    for await (const s of dataset as AsyncIterable<Sample>) {
      if (n >= limit) break;
      const x = await firstOutput(a, s, before.main().args[0]!.type.shape);
      const y = await firstOutput(b, s, after.main().args[0]!.type.shape);
      if (argmax(x) === argmax(y)) agree++;
      for (let i = 0; i < x.length; i++) {
        const d = (y[i] ?? 0) - x[i]!;
        maxAbs = Math.max(maxAbs, Math.abs(d));
        signal += x[i]! * x[i]!;
        noise += d * d;
      }
      n++;
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  return {
    passes,
    data: dataset.description,
    samples: n,
    top1_agreement: n === 0 ? 1 : agree / n,
    max_abs_diff: maxAbs,
    sqnr_db: noise === 0 ? Infinity : 10 * Math.log10(signal / noise),
  };
}

export function formatDrift(d: DriftReport): string {
  const sqnr = Number.isFinite(d.sqnr_db) ? `${d.sqnr_db.toFixed(1)} dB` : 'identical';
  return (
    `output drift from ${d.passes.join(', ')} (these passes change the model's function) on ${d.samples} samples of ${d.data}: ` +
    `top-1 agreement ${(100 * d.top1_agreement).toFixed(1)}%, max |diff| ${d.max_abs_diff.toPrecision(3)}, SQNR ${sqnr}`
  );
}
