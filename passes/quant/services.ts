// Services the quantize pass uses or fills: bias correction (implemented on the interpreter) and its summary.
import { Module, Operation } from '../../src/ir/core.js';
import { serviceKey } from '../../src/pass/pass.js';

/**
 * Measures, on the calibration data with the float interpreter, how much quantizing each op's filter shifts its
 * output: per output channel, the mean over all samples and positions of (op with its float filter) − (op with the
 * given filter), before the fused activation. The module is still float when the pass asks.
 */
export interface BiasCorrectionService {
  meanShift(module: Module, filters: ReadonlyMap<Operation, Float32Array>): Promise<Map<Operation, Float64Array>>;
}

export const BiasCorrectionKey = serviceKey<BiasCorrectionService>('quantize.bias-correction');

export type QuantizeMode = 'int8' | 'dynamic-range' | 'float16';

/** What the quantize pass did; drivers read it with ctx.get(QuantizeSummaryKey) for their reports. */
export interface QuantizeSummary {
  readonly mode: QuantizeMode;
  readonly perChannel: boolean;
  readonly inputType: string;
  readonly outputType: string;
  /** Ops computing in int8 (int8 mode) or with int8/f16 weights (weight-only modes). */
  readonly quantizedOps: number;
  /** Ops kept in float by allow-float-fallback, with where they are and why. */
  readonly floatFallback: { op: string; loc: string; reason: string }[];
  readonly inserted: { quantize: number; requantize: number; dequantize: number };
  /** Weighted ops whose bias was corrected, with the largest |shift| applied. */
  readonly biasCorrected: { ops: number; maxShift: number };
  /** Bytes of constant data the mode changed (before → after). */
  readonly weightBytes: { before: number; after: number };
}

export const QuantizeSummaryKey = serviceKey<QuantizeSummary>('quantize.summary');
