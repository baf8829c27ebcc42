// Full-integer int8 quantization of a calibrated float func, following TFLite's quantization spec.
import { dense, denseToFloat32, str } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Func, Operation, Value } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { QuantParams, tensorType } from '../../src/ir/types.js';
import { Codes } from '../../src/diag/catalogue.js';
import { Diagnostic, LitecError } from '../../src/diag/diagnostic.js';
import * as tfl from '../../dialects/tfl/index.js';
import { ConversionCounts, Converter, floatConstant, isPlainFloat } from './convert.js';
import { INT8_RULES, Int8Rule, int8Blocker } from './op-rules.js';
import {
  absMaxPerChannel, activationParams, asUint8, dataRange, fitScalesToBias, fixedParams, quantizeBias, quantizeWithScales, symmetricScales, weightParams,
} from './params.js';
import { clearRanges, clipToFusedActivation, recordedRange } from './ranges.js';
import { Range } from './stats.js';

function fusedActivation(op: Operation): string {
  const a = op.attrs.get('fused_activation_function');
  return a?.kind === 'string' ? a.value : 'NONE';
}

export type IoType = 'float' | 'int8' | 'uint8';

export interface Int8Options {
  readonly perChannel: boolean;
  readonly inputType: IoType;
  readonly outputType: IoType;
  readonly allowFloatFallback: boolean;
  /** Float biases to use instead of the constants (bias correction), per weighted op. */
  readonly biases?: ReadonlyMap<Operation, Float32Array>;
}

export interface Int8Result {
  /** Ops now computing in int8. */
  readonly quantized: Operation[];
  /** Ops left in float (allow-float-fallback), with why. */
  readonly fallback: { op: Operation; reason: string }[];
  readonly conversions: ConversionCounts;
}

/** Ops the int8 quantizer looks at: those reading or producing plain float tensors (not constants). */
export function touchesFloat(op: Operation): boolean {
  // A quantize/dequantize already moves values between domains (a model quantized before: nothing to redo).
  if (op.name === 'arith.constant' || op.name === 'func.return' || op.name === 'tfl.quantize' || op.name === 'tfl.dequantize') return false;
  return op.results.some(isPlainFloat) || op.operands.some((v) => isPlainFloat(v) && floatConstant(v) === undefined);
}

/** The ops that will be quantized and those that cannot be; errors (LC5001) unless float fallback is allowed. */
export function classify(f: Func, allowFallback: boolean): { quantize: Set<Operation>; fallback: { op: Operation; reason: string }[] } {
  const quantize = new Set<Operation>();
  const fallback: { op: Operation; reason: string }[] = [];
  for (const op of f.ops()) {
    if (!touchesFloat(op)) continue;
    const why = int8Blocker(op);
    if (why === undefined) quantize.add(op);
    else fallback.push({ op, reason: why });
  }
  if (fallback.length > 0 && !allowFallback) {
    throw new LitecError(
      fallback.map(
        ({ op, reason }) =>
          new Diagnostic({
            code: Codes.NotQuantizable,
            message: `'${op.name}' cannot be quantized to int8: ${reason} (pass allow-float-fallback=true to keep it in float)`,
            loc: op.loc,
          }),
      ),
    );
  }
  return { quantize, fallback };
}

/** The bound a fused activation clamps at (RELU6 → 6, RELU_N1_TO_1 → 1); RELU and NONE need no bound. */
const ACTIVATION_BOUND: Readonly<Record<string, number>> = { RELU6: 6, RELU_N1_TO_1: 1 };

/**
 * TFLite's kernels quantize the fused activation's bounds to int32 with the output scale (and refuse the model
 * when that overflows): a tiny output scale is widened, keeping the zero point's place in the range, until they fit.
 */
export function activationSafe(op: Operation, q: QuantParams): QuantParams {
  const bound = ACTIVATION_BOUND[fusedActivation(op)];
  const s = q.scales[0]!;
  if (bound === undefined || bound / s < 2 ** 30) return q;
  const grow = bound / 2 ** 30 / s;
  const zp = q.zeroPoints[0]!;
  return activationParams({ min: (q.storageMin - zp) * s * grow, max: (q.storageMax - zp) * s * grow }, q.storage === 'u8' ? 'u8' : 'i8');
}

class Int8Quantizer {
  private readonly rw: Rewriter;
  private readonly conv: Converter;

  constructor(
    private readonly f: Func,
    private readonly opts: Int8Options,
  ) {
    this.rw = new Rewriter(f);
    this.conv = new Converter(f, this.rw);
  }

  run(): Int8Result {
    const { quantize, fallback } = classify(this.f, this.opts.allowFloatFallback);
    // Ops that stay float read float; every other op (already quantized, or integer) is left as it is.
    const floatOps = new Set(fallback.map((x) => x.op));
    this.prepareInputs();
    const quantized: Operation[] = [];
    for (const op of this.f.body.opList()) {
      if (quantize.has(op)) {
        const rule = INT8_RULES[op.name]!;
        if (rule.kind !== 'passthrough') {
          this.quantizeOp(op, rule);
          quantized.push(op);
        }
      } else if (floatOps.has(op)) {
        this.floatOperands(op);
      }
    }
    this.prepareOutputs();
    for (const op of this.f.body.opList()) if (op.name === 'arith.constant' && op.results.every((r) => !r.hasUses())) this.rw.eraseOp(op);
    clearRanges(this.f);
    return { quantized, fallback, conversions: this.conv.counts };
  }

  /** int8/uint8 input types change the signature; float inputs are quantized where int8 ops first read them. */
  private prepareInputs(): void {
    if (this.opts.inputType === 'float') return;
    for (const a of this.f.args) {
      if (!isPlainFloat(a)) continue;
      const q = this.conv.paramsForFloat(a);
      a.type = tensorType(a.type.shape, 'f32', this.opts.inputType === 'uint8' ? asUint8(q) : q);
      if (this.opts.inputType === 'int8') this.conv.params.set(a, q);
    }
  }

  private prepareOutputs(): void {
    const ret = this.f.returnOp();
    const outs = ret.operands.map((v) => {
      switch (this.opts.outputType) {
        case 'float':
          return v.type.quant === undefined ? v : this.conv.asFloat(v);
        case 'int8':
          return isPlainFloat(v) || this.conv.params.has(v) || v.type.quant !== undefined ? this.conv.asInt8(v) : v;
        case 'uint8': {
          if (!(isPlainFloat(v) || this.conv.params.has(v) || v.type.quant !== undefined)) return v;
          const x = this.conv.asInt8(v);
          return this.conv.quantizeTo(x, asUint8(this.conv.paramsOf(x)));
        }
      }
    });
    this.rw.modifyInPlace(ret, () => ret.setOperands(outs));
    this.f.resultTypes = outs.map((v) => v.type);
  }

  /** Float ops (fallback) read float: quantized operands get a tfl.dequantize. */
  private floatOperands(op: Operation): void {
    op.operands.forEach((v, i) => {
      if (this.conv.params.has(v) || (v.type.quant !== undefined && v.type.quant.storage !== 'i32')) {
        const x = this.conv.asFloat(v);
        this.rw.modifyInPlace(op, () => op.setOperand(i, x));
      }
    });
  }

  private setOperand(op: Operation, i: number, v: Value): void {
    if (op.operand(i) !== v) this.rw.modifyInPlace(op, () => op.setOperand(i, v));
  }

  private setResult(op: Operation, q: QuantParams): void {
    const r = op.result(0);
    this.rw.modifyInPlace(op, () => {
      r.type = tensorType(r.type.shape, 'f32', q);
    });
    this.conv.params.set(r, q);
  }

  private ownParams(op: Operation): QuantParams {
    const r = recordedRange(op.result(0));
    if (r === undefined) return activationSafe(op, this.conv.paramsForFloat(op.result(0)));
    return activationSafe(op, activationParams(clipToFusedActivation(op, r)));
  }

  /** Quantizes every float operand (constants with their own range, or with `want`). */
  private int8Operands(op: Operation, want?: QuantParams, skip: ReadonlySet<number> = new Set()): void {
    op.operands.forEach((v, i) => {
      const q = v.type.quant;
      const quantized8 = q !== undefined && q.axis === undefined && (q.storage === 'i8' || q.storage === 'u8');
      if (skip.has(i) || !(isPlainFloat(v) || this.conv.params.has(v) || quantized8)) return;
      this.setOperand(op, i, this.conv.asInt8(v, want));
    });
  }

  private quantizeOp(op: Operation, rule: Int8Rule): void {
    switch (rule.kind) {
      case 'weighted':
        return this.quantizeWeighted(op, rule);
      case 'own':
        this.int8Operands(op);
        return this.setResult(op, this.ownParams(op));
      case 'fixed':
        this.int8Operands(op);
        return this.setResult(op, fixedParams(op.name)!);
      case 'same': {
        const first = op.operands.findIndex((v) => isPlainFloat(v) || this.conv.params.has(v) || v.type.quant?.storage === 'u8');
        if (first < 0) throw new Error(`internal: ${op.name} has no float operand to take parameters from`);
        const q = activationSafe(op, this.conv.paramsOf(this.conv.asInt8(op.operand(first))));
        this.setOperand(op, first, this.conv.asInt8(op.operand(first), q));
        this.int8Operands(op, q);
        return this.setResult(op, q);
      }
      case 'shared': {
        if (op.name === 'tfl.concatenation' && fusedActivation(op) !== 'NONE') return this.splitConcatActivation(op);
        const q = this.ownParams(op);
        this.int8Operands(op, q);
        return this.setResult(op, q);
      }
      case 'passthrough':
        return;
    }
  }

  /** The real range a value covers: its int8 grid, a constant's data, or its calibrated range. */
  private realRange(v: Value): Range | undefined {
    const q = this.conv.params.get(v) ?? (v.type.quant?.storage === 'i8' || v.type.quant?.storage === 'u8' ? v.type.quant : undefined);
    if (q !== undefined) return { min: (q.storageMin - q.zeroPoints[0]!) * q.scales[0]!, max: (q.storageMax - q.zeroPoints[0]!) * q.scales[0]! };
    const c = floatConstant(v);
    return c !== undefined ? dataRange(denseToFloat32(c)) : recordedRange(v);
  }

  /**
   * TFLite's int8 concatenation applies no activation: the concat gets the parameters of its inputs' combined range
   * (what it computes before the activation) and the activation becomes its own op with the calibrated range.
   */
  private splitConcatActivation(op: Operation): void {
    const act = fusedActivation(op);
    const def = act === 'RELU' ? tfl.Relu : act === 'RELU6' ? tfl.Relu6 : act === 'RELU_N1_TO_1' ? tfl.Relu1 : undefined;
    if (def === undefined) throw new Error(`internal: concatenation activation ${act} has no separate op`);
    let lo = 0;
    let hi = 0;
    for (const v of op.operands) {
      const r = this.realRange(v) ?? recordedRange(op.result(0));
      if (r === undefined) continue;
      lo = Math.min(lo, r.min);
      hi = Math.max(hi, r.max);
    }
    const q = activationParams({ min: lo, max: hi });
    this.int8Operands(op, q);
    this.rw.modifyInPlace(op, () => op.setAttr('fused_activation_function', str('NONE')));
    this.setResult(op, q);
    const r = op.result(0);
    const users = r.uses.map((u) => ({ op: u.op, index: u.index }));
    this.rw.setInsertionPoint(op.next!);
    const out = this.ownParams(op);
    const relu = this.rw.create(def, [r], {}, [tensorType(r.type.shape, 'f32', out)], op.loc).result(0);
    this.conv.params.set(relu, out);
    for (const u of users) this.rw.modifyInPlace(u.op, () => u.op.setOperand(u.index, relu));
  }

  private quantizeWeighted(op: Operation, rule: Extract<Int8Rule, { kind: 'weighted' }>): void {
    const x = this.conv.asInt8(op.operand(rule.input));
    this.setOperand(op, rule.input, x);
    const inScale = this.conv.paramsOf(x).scales[0]!;
    const wConst = constantValue(op.operand(rule.filter).producer)!;
    const shape = wConst.type.shape!;
    const w = denseToFloat32(wConst);
    const axis = this.opts.perChannel && rule.perChannelOk ? rule.axis : undefined;
    const hasBias = rule.bias < op.numOperands;
    // TFLite's integer kernels need a bias tensor: an op without one gets zeros, as the converter adds.
    const bias = this.opts.biases?.get(op) ?? (hasBias ? denseToFloat32(constantValue(op.operand(rule.bias).producer)!) : new Float32Array(shape[rule.axis]!));
    const scales = fitScalesToBias(symmetricScales(absMaxPerChannel(w, shape, axis)), bias, inScale);
    const qw = { data: quantizeWithScales(w, shape, axis, scales), scales, axis };
    this.rw.setInsertionPoint(op);
    const filter = this.rw.constant(dense(tensorType(shape, 'f32', weightParams(qw)), qw.data), op.operand(rule.filter).producer!.loc);
    this.setOperand(op, rule.filter, filter);
    const qb = quantizeBias(bias, inScale, scales, axis !== undefined);
    const loc = hasBias ? op.operand(rule.bias).producer!.loc : op.loc;
    const b = this.rw.constant(dense(tensorType([bias.length], 'f32', qb.params), qb.data), loc);
    if (hasBias) this.setOperand(op, rule.bias, b);
    else this.rw.modifyInPlace(op, () => op.setOperands([...op.operands, b]));
    this.int8Operands(op, undefined, new Set([rule.input, rule.filter, rule.bias]));
    this.setResult(op, this.ownParams(op));
  }
}

/** Quantizes `f` to int8 in place (the caller has run calibrate: ranges are in quant.min/quant.max attributes). */
export function quantizeInt8(f: Func, opts: Int8Options): Int8Result {
  return new Int8Quantizer(f, opts).run();
}
