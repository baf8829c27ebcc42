// Moves values between float and int8: inserts (and caches) tfl.quantize / tfl.dequantize / requantize ops and
// quantized copies of float constants, and tracks the int8 parameters of every value in the quantized domain.
import { DenseAttr, dense, denseToFloat32 } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Func, Value } from '../../src/ir/core.js';
import { Rewriter } from '../../src/ir/rewriter.js';
import { QuantParams, tensorType } from '../../src/ir/types.js';
import { Codes } from '../../src/diag/catalogue.js';
import { userError } from '../../src/diag/diagnostic.js';
import * as tfl from '../../dialects/tfl/index.js';
import { activationParams, dataRange, paramsKey, quantizeConstant } from './params.js';
import { recordedRange } from './ranges.js';

export interface ConversionCounts {
  quantize: number;
  requantize: number;
  dequantize: number;
  constants: number;
}

/** A float constant's values (splats stay one value). */
export function floatConstant(v: Value): DenseAttr | undefined {
  const c = constantValue(v.producer);
  return c !== undefined && c.type.elem === 'f32' && c.type.quant === undefined && !c.elided ? c : undefined;
}

export function isPlainFloat(v: Value): boolean {
  return v.type.elem === 'f32' && v.type.quant === undefined;
}

export class Converter {
  /** int8 parameters of values in the quantized domain. */
  readonly params = new Map<Value, QuantParams>();
  readonly counts: ConversionCounts = { quantize: 0, requantize: 0, dequantize: 0, constants: 0 };
  private readonly quantized = new Map<Value, Map<string, Value>>();
  private readonly dequantized = new Map<Value, Value>();
  private readonly constants = new Map<Value, Map<string, Value>>();

  constructor(
    private readonly f: Func,
    private readonly rw: Rewriter,
  ) {}

  /** Sets the insertion point right after v is defined, so one conversion serves every later user. */
  private after(v: Value): void {
    const p = v.producer;
    if (p === undefined) this.rw.setInsertionPoint(this.f.body.first!);
    else this.rw.setInsertionPoint(p.next!);
  }

  /** The parameters a float value gets when it enters the int8 domain: its calibrated range. */
  paramsForFloat(v: Value): QuantParams {
    const c = floatConstant(v);
    if (c !== undefined) return activationParams(dataRange(denseToFloat32(c)));
    const r = recordedRange(v);
    if (r === undefined) {
      const what = v.producer === undefined ? `input ${v.index} of @${this.f.name}` : `the result of '${v.producer.name}'`;
      return userError(Codes.NoCalibrationData, `no calibrated range for ${what}: run calibrate before quantize`, { loc: v.producer?.loc ?? this.f.loc });
    }
    return activationParams(r);
  }

  paramsOf(v: Value): QuantParams {
    const p = this.params.get(v) ?? (v.type.quant?.storage === 'i8' ? v.type.quant : undefined);
    if (p === undefined) throw new Error('internal: value is not in the int8 domain');
    return p;
  }

  private cached(map: Map<Value, Map<string, Value>>, v: Value, key: string, make: () => Value): Value {
    let m = map.get(v);
    if (m === undefined) map.set(v, (m = new Map()));
    let out = m.get(key);
    if (out === undefined) m.set(key, (out = make()));
    return out;
  }

  /** v converted to `q` with tfl.quantize (from float, or a requantize from another quantized type). */
  quantizeTo(v: Value, q: QuantParams): Value {
    return this.cached(this.quantized, v, paramsKey(q), () => {
      this.after(v);
      if (v.type.quant === undefined) this.counts.quantize++;
      else this.counts.requantize++;
      const op = this.rw.create(tfl.Quantize, [v], {}, [tensorType(v.type.shape, 'f32', q)], v.producer?.loc ?? this.f.loc);
      const r = op.result(0);
      if (q.storage === 'i8') this.params.set(r, q);
      return r;
    });
  }

  /** A quantized copy of a float constant with parameters `q` (its own data range when omitted). */
  constantAs(v: Value, q?: QuantParams): Value {
    const c = floatConstant(v)!;
    const params = q ?? this.paramsForFloat(v);
    return this.cached(this.constants, v, paramsKey(params), () => {
      this.rw.setInsertionPoint(v.producer!);
      this.counts.constants++;
      const data = quantizeConstant(c.data as Float32Array, params);
      const r = this.rw.constant(dense(tensorType(c.type.shape, 'f32', params), data), v.producer!.loc);
      this.params.set(r, params);
      return r;
    });
  }

  /**
   * The int8 form of v: itself when it is already in the int8 domain, else a quantized constant, a quantize of a
   * float value, or a requantize of a uint8 input. With `want`, parameters other than `want` are requantized.
   */
  asInt8(v: Value, want?: QuantParams): Value {
    let cur: Value;
    if (this.params.has(v)) cur = v;
    else if (floatConstant(v) !== undefined) return this.constantAs(v, want);
    else if (isPlainFloat(v)) cur = this.quantizeTo(v, want ?? this.paramsForFloat(v));
    else if (v.type.quant !== undefined && v.type.quant.axis === undefined && (v.type.quant.storage === 'u8' || v.type.quant.storage === 'i8')) {
      const q = v.type.quant;
      cur = q.storage === 'i8' ? v : this.quantizeTo(v, { ...q, storage: 'i8', storageMin: -128, storageMax: 127, zeroPoints: [q.zeroPoints[0]! - 128] });
      this.params.set(cur, this.params.get(cur) ?? (cur.type.quant as QuantParams));
    } else throw new Error(`internal: cannot bring a ${v.type.elem} value into the int8 domain`);
    if (want === undefined || paramsKey(this.paramsOf(cur)) === paramsKey(want)) return cur;
    return this.quantizeTo(cur, want);
  }

  /** The float form of v: itself when float, else a (cached) tfl.dequantize. */
  asFloat(v: Value): Value {
    if (isPlainFloat(v)) return v;
    let out = this.dequantized.get(v);
    if (out === undefined) {
      this.after(v);
      this.counts.dequantize++;
      out = this.rw.create(tfl.Dequantize, [v], {}, [tensorType(v.type.shape, 'f32')], v.producer?.loc ?? this.f.loc).result(0);
      this.dequantized.set(v, out);
    }
    return out;
  }
}
