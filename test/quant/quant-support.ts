// Helpers shared by the quantization tests: running pipelines with calibration data, spec-invariant checks.
import { dense, denseToFloat32 } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module, Operation, Value } from '../../src/ir/core.js';
import { QuantParams, numElements } from '../../src/ir/types.js';
import { PassManager } from '../../src/pass/manager.js';
import { PassContext } from '../../src/pass/pass.js';
import { passRegistry } from '../../passes/index.js';
import { arrayCalibration } from '../../src/quant/calibration.js';
import { CalibrationKey } from '../../passes/calibrate.js';
import { mulberry32 } from '../../src/interpreter/datasets/synthetic.js';

/** Runs a pipeline (verify-each on) with the given context. */
export async function runPipeline(m: Module, pipeline: string, ctx: PassContext = new PassContext()): Promise<PassContext> {
  await PassManager.fromPipeline(pipeline, passRegistry, { verifyEach: true }).run(m, ctx);
  return ctx;
}

/** Seeded uniform inputs for every argument of @main: `n` samples. */
export function syntheticInputs(m: Module, n: number, seed: number, lo = -1, hi = 1): Float32Array[][] {
  const f = m.main();
  const out: Float32Array[][] = [];
  for (let k = 0; k < n; k++) {
    const next = mulberry32(seed * 7919 + k);
    out.push(f.args.map((a) => Float32Array.from({ length: numElements(a.type) ?? 0 }, () => lo + (hi - lo) * next())));
  }
  return out;
}

/** Calibrates on `inputs` and quantizes with the given quantize options text (e.g. "mode=int8"). */
export async function calibrateAndQuantize(m: Module, inputs: readonly (readonly Float32Array[])[], quantizeOptions = 'mode=int8', calibrateOptions = 'samples=0'): Promise<PassContext> {
  const ctx = new PassContext();
  ctx.provide(CalibrationKey, arrayCalibration(inputs, `${inputs.length} synthetic samples`, { progressLabel: null }));
  return runPipeline(m, `calibrate{${calibrateOptions}},quantize{${quantizeOptions}}`, ctx);
}

/** Replaces non-finite and huge float constant values (the random graphs' specials) by small finite ones. */
export function finiteConstants(m: Module): void {
  for (const op of m.main().ops()) {
    const c = constantValue(op);
    if (c === undefined || c.type.elem !== 'f32' || c.type.quant !== undefined || !(c.data instanceof Float32Array)) continue;
    if (c.data.every((x) => Number.isFinite(x) && Math.abs(x) <= 16)) continue;
    const data = Float32Array.from(c.data, (x, i) => (Number.isFinite(x) && Math.abs(x) <= 16 ? x : ((i % 7) - 3) / 4));
    op.setAttr('value', dense(c.type, data));
  }
}

/** Float filters of the weighted ops, by op (the quantizer changes ops in place, so they stay the keys). */
export function floatFilters(m: Module): Map<Operation, Float32Array> {
  const out = new Map<Operation, Float32Array>();
  for (const op of m.main().ops()) {
    if (!WEIGHTED.has(op.name) || op.numOperands < 2) continue;
    const c = constantValue(op.operand(1).producer);
    if (c !== undefined && c.type.quant === undefined) out.set(op, denseToFloat32(c).slice());
  }
  return out;
}

export const WEIGHTED = new Set(['tfl.conv_2d', 'tfl.depthwise_conv_2d', 'tfl.fully_connected']);
const SAME_PARAMS = new Set(['tfl.max_pool_2d', 'tfl.average_pool_2d', 'tfl.reshape', 'tfl.squeeze', 'tfl.pad', 'tfl.transpose']);

function paramsText(q: QuantParams | undefined): string {
  return q === undefined ? 'float' : `${q.storage} scales=${q.scales.join(',')} zps=${q.zeroPoints.join(',')}`;
}

function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Checks a module quantized in int8 mode against TFLite's quantization spec; returns the violations found
 * (empty when it conforms). `filters` holds the float filters from before quantization.
 */
export function int8SpecViolations(m: Module, filters: ReadonlyMap<Operation, Float32Array>, perChannel = true): string[] {
  const bad: string[] = [];
  const f = m.main();
  const where = (op: Operation): string => `${op.name}@${op.loc.describe()}`;
  const act = (v: Value, op: Operation, what: string): QuantParams | undefined => {
    const q = v.type.quant;
    if (q === undefined) {
      bad.push(`${where(op)}: ${what} is float`);
      return undefined;
    }
    if (q.storage !== 'i8' || q.axis !== undefined || q.scales.length !== 1) bad.push(`${where(op)}: ${what} is not per-tensor int8 (${paramsText(q)})`);
    if (!(q.scales[0]! > 0 && Number.isFinite(q.scales[0]!))) bad.push(`${where(op)}: ${what} scale ${q.scales[0]}`);
    if (q.zeroPoints[0]! < -128 || q.zeroPoints[0]! > 127) bad.push(`${where(op)}: ${what} zero point ${q.zeroPoints[0]}`);
    return q;
  };
  for (const op of f.ops()) {
    if (op.name === 'arith.constant' || op.name === 'func.return') continue;
    if (op.name === 'tfl.quantize') {
      const q = op.result(0).type.quant;
      if (q?.storage !== 'u8') act(op.result(0), op, 'quantize result');
      else if (!op.result(0).uses.every((u) => u.op.name === 'func.return' || u.op.name === 'tfl.quantize')) bad.push(`${where(op)}: a uint8 value feeds a compute op`);
      continue;
    }
    if (op.name === 'tfl.dequantize') {
      if (!op.result(0).uses.every((u) => u.op.name === 'func.return')) bad.push(`${where(op)}: a dequantize feeds a compute op`);
      continue;
    }
    for (let i = 0; i < op.numOperands; i++) {
      const v = op.operand(i);
      if (v.type.elem === 'f32' && v.type.quant === undefined && constantValue(v.producer) === undefined) bad.push(`${where(op)}: operand ${i} is float`);
      if (v.type.quant?.storage === 'u8') bad.push(`${where(op)}: operand ${i} is uint8`);
    }
    const out = act(op.result(0), op, 'result');
    if (WEIGHTED.has(op.name)) {
      const input = op.operand(0).type.quant;
      const w = op.operand(1);
      const wc = constantValue(w.producer);
      const wq = w.type.quant;
      if (wc === undefined || wq === undefined || wq.storage !== 'i8') {
        bad.push(`${where(op)}: filter is not an int8 constant (${paramsText(wq)})`);
        continue;
      }
      if (wq.zeroPoints.some((z) => z !== 0)) bad.push(`${where(op)}: filter zero points ${wq.zeroPoints.join(',')}`);
      if (wq.storageMin !== -127 || wq.storageMax !== 127) bad.push(`${where(op)}: filter storage range [${wq.storageMin}, ${wq.storageMax}] is not narrow`);
      const axis = op.name === 'tfl.depthwise_conv_2d' ? 3 : 0;
      const shape = w.type.shape!;
      if (perChannel && (wq.axis !== axis || wq.scales.length !== shape[axis])) bad.push(`${where(op)}: filter is not per-channel on axis ${axis} (axis ${wq.axis}, ${wq.scales.length} scales)`);
      if (!perChannel && (wq.axis !== undefined || wq.scales.length !== 1)) bad.push(`${where(op)}: filter is not per-tensor (axis ${wq.axis}, ${wq.scales.length} scales)`);
      const data = wc.data as Int8Array;
      if (data.some((x) => x < -127 || x > 127)) bad.push(`${where(op)}: filter value outside [-127, 127]`);
      const float = filters.get(op);
      if (float !== undefined) {
        let inner = 1;
        for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
        const n = numElements(w.type)!;
        for (let i = 0; i < n; i++) {
          const s = wq.axis === undefined ? wq.scales[0]! : wq.scales[Math.floor(i / inner) % shape[axis]!]!;
          const q = data[data.length === 1 ? 0 : i]!;
          if (Math.abs(q * s - float[i]!) > s / 2 + 1e-6 * Math.abs(float[i]!)) {
            bad.push(`${where(op)}: dequantized weight ${i} = ${q * s} is more than scale/2 from ${float[i]} (scale ${s})`);
            break;
          }
        }
      }
      if (op.numOperands > 2 && input !== undefined) {
        const b = op.operand(2);
        const bq = b.type.quant;
        if (bq === undefined || bq.storage !== 'i32') bad.push(`${where(op)}: bias is not int32 (${paramsText(bq)})`);
        else {
          if (bq.zeroPoints.some((z) => z !== 0)) bad.push(`${where(op)}: bias zero points ${bq.zeroPoints.join(',')}`);
          bq.scales.forEach((s, c) => {
            const want = input.scales[0]! * (wq.scales.length === 1 ? wq.scales[0]! : wq.scales[c]!);
            if (!relClose(s, want, 1e-6)) bad.push(`${where(op)}: bias scale ${c} = ${s}, input x weight scale = ${want}`);
          });
          if (bq.scales.length !== wq.scales.length) bad.push(`${where(op)}: bias has ${bq.scales.length} scales, the filter ${wq.scales.length}`);
        }
      }
    }
    if (out === undefined) continue;
    if (op.name === 'tfl.concatenation') {
      for (const v of op.operands) {
        const q = v.type.quant;
        if (q === undefined || q.scales[0] !== out.scales[0] || q.zeroPoints[0] !== out.zeroPoints[0]) bad.push(`${where(op)}: input ${paramsText(q)} differs from output ${paramsText(out)}`);
      }
    }
    if (SAME_PARAMS.has(op.name)) {
      const q = op.operand(0).type.quant;
      if (q === undefined || q.scales[0] !== out.scales[0] || q.zeroPoints[0] !== out.zeroPoints[0]) bad.push(`${where(op)}: output ${paramsText(out)} differs from input ${paramsText(q)}`);
    }
    if (op.name === 'tfl.softmax' || op.name === 'tfl.logistic') {
      if (out.scales[0] !== 1 / 256 || out.zeroPoints[0] !== -128) bad.push(`${where(op)}: output ${paramsText(out)}, want 1/256, -128`);
    }
    if (op.name === 'tfl.tanh' && (out.scales[0] !== 1 / 128 || out.zeroPoints[0] !== 0)) bad.push(`${where(op)}: output ${paramsText(out)}, want 1/128, 0`);
  }
  return bad;
}
