// quantize: post-training quantization of a float tfl model: int8 full-integer, dynamic-range or float16.
import { Codes } from '../src/diag/catalogue.js';
import { userError } from '../src/diag/diagnostic.js';
import { constantValue } from '../src/ir/builtin-ops.js';
import { denseToFloat32 } from '../src/ir/attributes.js';
import { Func, Module, Operation } from '../src/ir/core.js';
import { elementByteSize, numElements, storageElem } from '../src/ir/types.js';
import { PassContext, definePass } from '../src/pass/pass.js';
import { IoType, classify, quantizeInt8 } from './quant/int8.js';
import { INT8_RULES } from './quant/op-rules.js';
import { clearRanges } from './quant/ranges.js';
import { absMaxPerChannel, channelIndexer, quantizeWithScales, symmetricScales } from './quant/params.js';
import { BiasCorrectionKey, QuantizeMode, QuantizeSummary, QuantizeSummaryKey } from './quant/services.js';
import { quantizeDynamicRange, quantizeFloat16 } from './quant/weights-only.js';

export { BiasCorrectionKey, QuantizeSummaryKey } from './quant/services.js';
export type { BiasCorrectionService, QuantizeMode, QuantizeSummary } from './quant/services.js';

/** Bytes of constant data in a func (what the emitted model's buffers hold). */
export function constantBytes(f: Func): number {
  let n = 0;
  for (const op of f.ops()) {
    const c = constantValue(op);
    if (c !== undefined) n += (numElements(c.type) ?? c.data.length) * elementByteSize(storageElem(c.type));
  }
  return n;
}

/** The filters as the int8 quantizer will store them, dequantized: what bias correction compares against. */
function dequantizedFilters(ops: Iterable<Operation>, perChannel: boolean): Map<Operation, Float32Array> {
  const out = new Map<Operation, Float32Array>();
  for (const op of ops) {
    const rule = INT8_RULES[op.name];
    if (rule?.kind !== 'weighted') continue;
    const c = constantValue(op.operand(rule.filter).producer)!;
    const shape = c.type.shape!;
    const w = denseToFloat32(c);
    const axis = perChannel && rule.perChannelOk ? rule.axis : undefined;
    const scales = symmetricScales(absMaxPerChannel(w, shape, axis));
    const q = quantizeWithScales(w, shape, axis, scales);
    const at = axis === undefined ? () => 0 : channelIndexer(shape, axis);
    const deq = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) deq[i] = q[i]! * scales[at(i)]!;
    out.set(op, deq);
  }
  return out;
}

async function correctedBiases(module: Module, f: Func, ctx: PassContext, perChannel: boolean, allowFallback: boolean): Promise<{ biases: Map<Operation, Float32Array>; maxShift: number }> {
  const service = ctx.get(BiasCorrectionKey);
  if (service === undefined) userError(Codes.NoCalibrationData, 'quantize: bias-correction=true needs calibration data: pass --calibration-data PATH', { loc: f.loc });
  const { quantize } = classify(f, allowFallback);
  const filters = dequantizedFilters(quantize, perChannel);
  const shifts = await service.meanShift(module, filters);
  const biases = new Map<Operation, Float32Array>();
  let maxShift = 0;
  for (const [op, shift] of shifts) {
    const rule = INT8_RULES[op.name];
    if (rule?.kind !== 'weighted') continue;
    const old = rule.bias < op.numOperands ? denseToFloat32(constantValue(op.operand(rule.bias).producer)!) : new Float32Array(shift.length);
    if (old.length !== shift.length) throw new Error(`internal: bias correction for ${op.name} has ${shift.length} channels, the bias ${old.length}`);
    biases.set(op, Float32Array.from(old, (b, c) => b + shift[c]!));
    for (const s of shift) maxShift = Math.max(maxShift, Math.abs(s));
  }
  return { biases, maxShift };
}

export const quantize = definePass({
  name: 'quantize',
  summary: 'Post-training quantization: int8 full-integer (calibrated), dynamic-range (int8 weights) or float16',
  description:
    "int8 follows TFLite's quantization spec: symmetric int8 weights (per channel: axis 0 for conv_2d/fully_connected, " +
    '3 for depthwise), asymmetric int8 activations from the calibrated ranges, int32 biases at input x weight scale, ' +
    'shared scales for concatenation, fixed parameters for softmax/logistic/tanh. Run calibrate first.',
  options: {
    mode: { type: 'enum', values: ['int8', 'dynamic-range', 'float16'], default: 'int8', description: 'what to quantize' },
    'per-channel': { type: 'bool', default: true, description: 'per-channel weight scales (false: one scale per tensor)' },
    'input-type': { type: 'enum', values: ['float', 'int8', 'uint8'], default: 'float', description: 'model input type in int8 mode' },
    'output-type': { type: 'enum', values: ['float', 'int8', 'uint8'], default: 'float', description: 'model output type in int8 mode' },
    'allow-float-fallback': { type: 'bool', default: false, description: 'keep ops without an int8 kernel in float instead of failing' },
    'bias-correction': { type: 'bool', default: false, description: 'correct biases for the mean shift weight quantization causes (needs calibration data)' },
    'min-elements': { type: 'int', default: 0, description: 'weight-only modes: smallest constant to convert (0: 1024 for dynamic-range as the converter, 16 for float16)' },
  },
  async run(module, ctx, options) {
    const mode = options.mode as QuantizeMode;
    const perChannel = options['per-channel'] as boolean;
    const f = module.main();
    const before = constantBytes(f);
    const minElements = options['min-elements'] as number;
    const base = {
      mode,
      perChannel,
      inputType: mode === 'int8' ? (options['input-type'] as string) : 'float',
      outputType: mode === 'int8' ? (options['output-type'] as string) : 'float',
      floatFallback: [] as QuantizeSummary['floatFallback'],
      inserted: { quantize: 0, requantize: 0, dequantize: 0 },
      biasCorrected: { ops: 0, maxShift: 0 },
    };
    let summary: QuantizeSummary;
    if (mode === 'int8') {
      const allow = options['allow-float-fallback'] as boolean;
      const correction = options['bias-correction'] === true ? await correctedBiases(module, f, ctx, perChannel, allow) : undefined;
      const r = quantizeInt8(f, {
        perChannel,
        inputType: options['input-type'] as IoType,
        outputType: options['output-type'] as IoType,
        allowFloatFallback: allow,
        ...(correction ? { biases: correction.biases } : {}),
      });
      for (const { op, reason } of r.fallback) {
        ctx.warn({ code: Codes.NotQuantizable, message: `'${op.name}' stays in float: ${reason}`, loc: op.loc });
      }
      summary = {
        ...base,
        quantizedOps: r.quantized.length,
        floatFallback: r.fallback.map(({ op, reason }) => ({ op: op.name, loc: op.loc.describe(), reason })),
        inserted: { quantize: r.conversions.quantize, requantize: r.conversions.requantize, dequantize: r.conversions.dequantize },
        biasCorrected: { ops: correction?.biases.size ?? 0, maxShift: correction?.maxShift ?? 0 },
        weightBytes: { before, after: constantBytes(f) },
      };
    } else {
      const r =
        mode === 'dynamic-range'
          ? quantizeDynamicRange(f, { perChannel, minElements: minElements > 0 ? minElements : 1024 })
          : quantizeFloat16(f, { minElements: minElements > 0 ? minElements : 16 });
      clearRanges(f);
      summary = { ...base, quantizedOps: r.ops.length, inserted: { ...base.inserted, dequantize: mode === 'float16' ? r.ops.length : 0 }, weightBytes: { before, after: constantBytes(f) } };
    }
    ctx.stat('quantized ops', summary.quantizedOps);
    if (summary.floatFallback.length > 0) ctx.stat('float fallback ops', summary.floatFallback.length);
    if (summary.inserted.quantize > 0) ctx.stat('quantize ops inserted', summary.inserted.quantize);
    if (summary.inserted.requantize > 0) ctx.stat('requantize ops inserted', summary.inserted.requantize);
    if (summary.inserted.dequantize > 0) ctx.stat('dequantize ops inserted', summary.inserted.dequantize);
    if (summary.biasCorrected.ops > 0) ctx.stat('biases corrected', summary.biasCorrected.ops);
    ctx.provide(QuantizeSummaryKey, summary);
  },
});
