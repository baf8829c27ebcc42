// Weight-only modes: dynamic-range (int8 weights for TFLite's hybrid kernels) and float16 (f16 constants + dequantize).
import { dense, denseToFloat32, floatToHalf, bool } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Func, Operation } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { numElements, tensorType } from '../../src/ir/types.js';
import * as tfl from '../../dialects/tfl/index.js';
import { floatConstant } from './convert.js';
import { quantizeWeights, weightParams } from './params.js';

/** Largest finite float16 value (values up to half an ulp above still round down to it). */
const HALF_MAX = 65504;

/**
 * Hybrid kernels, their filter operand and per-channel axis. fully_connected filters are per tensor even in
 * per-channel mode, as the converter makes them: TFLite's hybrid fully_connected reads one filter scale.
 */
const HYBRID: Readonly<Record<string, { filter: number; axis: number | undefined }>> = {
  'tfl.conv_2d': { filter: 1, axis: 0 },
  'tfl.depthwise_conv_2d': { filter: 1, axis: 3 },
  'tfl.fully_connected': { filter: 1, axis: undefined },
};

export interface WeightOnlyResult {
  readonly ops: Operation[];
  readonly constants: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

function eraseDeadConstants(f: Func, rw: Rewriter): void {
  for (const op of f.body.opList()) if (op.name === 'arith.constant' && op.results.every((r) => !r.hasUses())) rw.eraseOp(op);
}

/**
 * Dynamic range: filters of conv_2d, depthwise_conv_2d and fully_connected with at least `minElements` values
 * become symmetric int8 (convolutions per channel unless `perChannel` is false, fully_connected per tensor);
 * inputs, outputs and biases stay float, and
 * fully_connected quantizes its inputs asymmetrically at run time, as the converter sets it up.
 */
export function quantizeDynamicRange(f: Func, opts: { perChannel: boolean; minElements: number }): WeightOnlyResult {
  const rw = new Rewriter(f);
  const ops: Operation[] = [];
  let bytesBefore = 0;
  let bytesAfter = 0;
  for (const op of f.body.opList()) {
    const h = HYBRID[op.name];
    if (h === undefined || h.filter >= op.numOperands) continue;
    const w = floatConstant(op.operand(h.filter));
    if (w === undefined || (numElements(w.type) ?? 0) < opts.minElements || op.operand(0).type.quant !== undefined) continue;
    // NaN or infinite weights have no int8 form: such filters stay float.
    if (!(w.data as Float32Array).every(Number.isFinite)) continue;
    const shape = w.type.shape!;
    const qw = quantizeWeights(denseToFloat32(w), shape, opts.perChannel ? h.axis : undefined);
    rw.setInsertionPoint(op);
    const filter = rw.constant(dense(tensorType(shape, 'f32', weightParams(qw)), qw.data), op.operand(h.filter).producer!.loc);
    rw.modifyInPlace(op, () => {
      op.setOperand(h.filter, filter);
      if (op.name === 'tfl.fully_connected') op.setAttr('asymmetric_quantize_inputs', bool(true));
    });
    bytesBefore += qw.data.length * 4;
    bytesAfter += qw.data.length;
    ops.push(op);
  }
  eraseDeadConstants(f, rw);
  return { ops, constants: ops.length, bytesBefore, bytesAfter };
}

/**
 * Float16: every f32 constant with at least `minElements` values that an op reads becomes an f16 constant followed
 * by tfl.dequantize (f16 → f32), as the converter's float16 recipe does. Halves the weight bytes.
 */
export function quantizeFloat16(f: Func, opts: { minElements: number }): WeightOnlyResult {
  const rw = new Rewriter(f);
  const ops: Operation[] = [];
  let constants = 0;
  let bytesBefore = 0;
  let bytesAfter = 0;
  for (const op of f.body.opList()) {
    const c = constantValue(op);
    if (c === undefined || c.type.elem !== 'f32' || c.type.quant !== undefined || c.elided) continue;
    const n = numElements(c.type) ?? 0;
    const users = op.result(0).uses.filter((u) => u.op.name !== 'func.return');
    if (n < opts.minElements || users.length === 0) continue;
    const src = c.data as Float32Array;
    // Finite values beyond float16's range would become infinities: such constants stay float32.
    if (src.some((x) => Number.isFinite(x) && Math.abs(x) > HALF_MAX)) continue;
    const half = new Uint16Array(src.length);
    for (let i = 0; i < src.length; i++) half[i] = floatToHalf(src[i]!);
    rw.setInsertionPoint(op);
    const h = rw.constant(dense(tensorType(c.type.shape, 'f16'), half), op.loc);
    const deq = rw.create(tfl.Dequantize, [h], {}, [tensorType(c.type.shape, 'f32')], op.loc);
    for (const u of users) rw.modifyInPlace(u.op, () => u.op.setOperand(u.index, deq.result(0)));
    ops.push(deq);
    constants++;
    bytesBefore += src.length * 4;
    bytesAfter += src.length * 2;
  }
  eraseDeadConstants(f, rw);
  return { ops, constants, bytesBefore, bytesAfter };
}
