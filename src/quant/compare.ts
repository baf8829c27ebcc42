// Comparing a quantized model's values with the float model's: error statistics, op alignment, (de)quantization.
import { Func, Operation, Value } from '../ir/core.js';
import { TensorType } from '../ir/types.js';

/** Error of quantized values against float ones, over every element seen. */
export interface ErrorStats {
  /** Elements compared. */
  readonly count: number;
  /** 10·log10(Σ float² / Σ (quant − float)²); null when the values match exactly. */
  readonly sqnrDb: number | null;
  readonly rmse: number;
  readonly maxAbsErr: number;
  /** Mean of (quant − float): a systematic shift (what bias correction removes). */
  readonly meanErr: number;
  /** RMS of the float values (the signal). */
  readonly floatRms: number;
}

/** SQNR in dB from the summed signal and noise powers (null when there is no noise). */
export function sqnrDb(signal: number, noise: number): number | null {
  if (noise === 0) return null;
  return 10 * Math.log10(Math.max(signal, Number.MIN_VALUE) / noise);
}

/** Accumulates ErrorStats over pairs of arrays (float64 sums, so long runs do not lose precision). */
export class SqnrAccumulator {
  private signal = 0;
  private noise = 0;
  private sum = 0;
  private max = 0;
  private n = 0;

  add(float: ArrayLike<number>, quant: ArrayLike<number>): void {
    if (float.length !== quant.length) throw new Error(`internal: comparing ${float.length} float values with ${quant.length} quantized ones`);
    for (let i = 0; i < float.length; i++) {
      const f = float[i]!;
      const e = quant[i]! - f;
      if (!Number.isFinite(f) || !Number.isFinite(e)) continue;
      this.signal += f * f;
      this.noise += e * e;
      this.sum += e;
      const a = Math.abs(e);
      if (a > this.max) this.max = a;
      this.n++;
    }
  }

  stats(): ErrorStats {
    const n = Math.max(1, this.n);
    return {
      count: this.n,
      sqnrDb: this.n === 0 ? null : sqnrDb(this.signal, this.noise),
      rmse: Math.sqrt(this.noise / n),
      maxAbsErr: this.max,
      meanErr: this.sum / n,
      floatRms: Math.sqrt(this.signal / n),
    };
  }
}

/** Real values of a run-time tensor of `type`: dequantized when per-tensor quantized, as is when float. */
export function realValues(type: TensorType, raw: ArrayLike<number>): Float32Array | undefined {
  const q = type.quant;
  if (q === undefined) return type.elem === 'f32' ? (raw instanceof Float32Array ? raw : Float32Array.from(raw)) : undefined;
  if (q.axis !== undefined && q.scales.length !== 1) return undefined;
  const s = q.scales[0]!;
  const zp = q.zeroPoints[0] ?? 0;
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! - zp) * s;
  return out;
}

/** Float data in the form an input of `type` takes: quantized (round half away, clamped) when it is int8/uint8. */
export function quantizeInput(type: TensorType, data: Float32Array): Float32Array | Int8Array | Uint8Array {
  const q = type.quant;
  if (q === undefined) return data;
  const s = q.scales[0]!;
  const zp = q.zeroPoints[0] ?? 0;
  const out = q.storage === 'u8' ? new Uint8Array(data.length) : new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i]! / s;
    const r = (x < 0 ? -Math.round(-x) : Math.round(x)) + zp;
    out[i] = r < q.storageMin ? q.storageMin : r > q.storageMax ? q.storageMax : r;
  }
  return out;
}

/** Arg max of each row (the last dim) of a tensor of `shape`. */
export function argmaxRows(data: ArrayLike<number>, shape: readonly number[]): number[] {
  const len = shape.length > 0 ? shape[shape.length - 1]! : data.length;
  if (len <= 0) return [];
  const out: number[] = [];
  for (let r = 0; r + len <= data.length; r += len) {
    let best = 0;
    for (let i = 1; i < len; i++) if (data[r + i]! > data[r + best]!) best = i;
    out.push(best);
  }
  return out;
}

/** Ops that compute (not constants, returns, or the quantize/dequantize ops the quantizer inserts). */
function computeOps(f: Func): Operation[] {
  const skip = new Set(['arith.constant', 'func.return', 'tfl.quantize', 'tfl.dequantize']);
  return [...f.ops()].filter((op) => !skip.has(op.name));
}

/**
 * Pairs each compute op result of the quantized func with the float func's: the quantizer keeps ops in order and
 * changes them in place, so the same name and location, in order, is the same op. Ops it inserted (e.g. an
 * activation split off a concatenation) have no partner and are returned as unmatched.
 */
export function alignOps(floatFunc: Func, quantFunc: Func): { pairs: { float: Value; quant: Value }[]; unmatched: Operation[] } {
  const fl = computeOps(floatFunc);
  const pairs: { float: Value; quant: Value }[] = [];
  const unmatched: Operation[] = [];
  let j = 0;
  for (const q of computeOps(quantFunc)) {
    const key = q.loc.describe();
    let k = j;
    while (k < fl.length && !(fl[k]!.name === q.name && fl[k]!.loc.describe() === key && fl[k]!.results.length === q.results.length)) k++;
    if (k === fl.length) {
      unmatched.push(q);
      continue;
    }
    q.results.forEach((r, i) => pairs.push({ float: fl[k]!.result(i), quant: r }));
    j = k + 1;
  }
  return { pairs, unmatched };
}
