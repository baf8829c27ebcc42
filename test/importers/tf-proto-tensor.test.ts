// TensorProto -> values: the broadcast rule, tensor_content views, every value field, float16/bfloat16, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { DT } from '../../src/importers/tf/dtypes.js';
import { decodeTensorProto, encodeMessage, tensorProtoToValue, type TensorProto } from '../../src/importers/tf/proto/index.js';
import {
  float32BitsToBfloat16,
  float32BitsToHalf,
  floatsToHalfBits,
  halfToFloat,
} from '../../src/importers/tf/tensor-bundle/index.js';

/** Encodes then decodes, so each case also exercises the wire format. */
function proto(fields: Record<string, unknown>): TensorProto {
  return decodeTensorProto(encodeMessage('TensorProto', fields), 'test');
}

const shape = (...dims: number[]) => ({ dim: dims.map((size) => ({ size })) });

test('a single value fills the whole shape; fewer values repeat the last; none gives zeros', () => {
  const one = tensorProtoToValue(proto({ dtype: DT.FLOAT, tensor_shape: shape(2, 3), float_val: [1.5] }));
  assert.deepEqual(one.shape, [2, 3]);
  assert.deepEqual(Array.from(one.data as Float32Array), [1.5, 1.5, 1.5, 1.5, 1.5, 1.5]);
  const some = tensorProtoToValue(proto({ dtype: DT.INT32, tensor_shape: shape(4), int_val: [1, 2] }));
  assert.deepEqual(Array.from(some.data as Int32Array), [1, 2, 2, 2]);
  const none = tensorProtoToValue(proto({ dtype: DT.DOUBLE, tensor_shape: shape(3) }));
  assert.deepEqual(Array.from(none.data as Float64Array), [0, 0, 0]);
  const scalar = tensorProtoToValue(proto({ dtype: DT.FLOAT, float_val: [7] }));
  assert.deepEqual(scalar.shape, []);
  assert.deepEqual(Array.from(scalar.data as Float32Array), [7]);
});

test('each dtype reads its own value field', () => {
  const v = (fields: Record<string, unknown>) => tensorProtoToValue(proto({ tensor_shape: shape(2), ...fields }));
  assert.ok(v({ dtype: DT.INT8, int_val: [-3, 4] }).data instanceof Int8Array);
  assert.deepEqual(Array.from(v({ dtype: DT.INT8, int_val: [-3, 4] }).data as Int8Array), [-3, 4]);
  assert.deepEqual(Array.from(v({ dtype: DT.UINT8, int_val: [255, 0] }).data as Uint8Array), [255, 0]);
  assert.deepEqual(Array.from(v({ dtype: DT.INT16, int_val: [-300, 300] }).data as Int16Array), [-300, 300]);
  assert.deepEqual(Array.from(v({ dtype: DT.UINT16, int_val: [65535, 1] }).data as Uint16Array), [65535, 1]);
  assert.deepEqual(Array.from(v({ dtype: DT.BOOL, bool_val: [true, false] }).data as Uint8Array), [1, 0]);
  assert.deepEqual(Array.from(v({ dtype: DT.UINT32, uint32_val: [4294967295, 2] }).data as Uint32Array), [4294967295, 2]);
  // int64 values beyond 2^53 stay exact.
  const big = v({ dtype: DT.INT64, int64_val: ['-9223372036854775808', '9007199254740993'] });
  assert.deepEqual(Array.from(big.data as BigInt64Array), [-9223372036854775808n, 9007199254740993n]);
  const ubig = v({ dtype: DT.UINT64, uint64_val: ['18446744073709551615'] });
  assert.deepEqual(Array.from(ubig.data as BigUint64Array), [18446744073709551615n, 18446744073709551615n]);
  const c = v({ dtype: DT.COMPLEX64, scomplex_val: [1, 2] });
  assert.deepEqual(Array.from(c.data as Float32Array), [1, 2, 1, 2]);
  const s = v({ dtype: DT.STRING, string_val: [new TextEncoder().encode('héllo'), Uint8Array.of(0xff)] });
  assert.deepEqual(s.data, ['héllo', '\ufffd']);
  assert.deepEqual(Array.from(s.strings?.[1] ?? []), [0xff], 'exact bytes are kept');
});

test('float16 and bfloat16 half_val hold bit patterns; data widens them', () => {
  const h = tensorProtoToValue(proto({ dtype: DT.HALF, tensor_shape: shape(3), half_val: [0x3c00, 0xc000, 0x7c00] }));
  assert.deepEqual(Array.from(h.data as Float32Array), [1, -2, Infinity]);
  assert.deepEqual(Array.from(h.halfBits ?? []), [0x3c00, 0xc000, 0x7c00]);
  const b = tensorProtoToValue(proto({ dtype: DT.BFLOAT16, tensor_shape: shape(2), half_val: [0x3fc0] }));
  assert.deepEqual(Array.from(b.data as Float32Array), [1.5, 1.5]);
});

test('tensor_content is little-endian and viewed in place when aligned, copied when not', () => {
  const floats = Float32Array.of(1, -2.5, 3e-8, 65504);
  const bytes = new Uint8Array(floats.buffer);
  const aligned = tensorProtoToValue({ ...proto({ dtype: DT.FLOAT, tensor_shape: shape(4) }), tensor_content: bytes });
  assert.equal((aligned.data as Float32Array).buffer, floats.buffer, 'zero-copy view');
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const unaligned = tensorProtoToValue({ ...proto({ dtype: DT.FLOAT, tensor_shape: shape(2, 2) }), tensor_content: shifted.subarray(1) });
  assert.deepEqual(Array.from(unaligned.data as Float32Array), Array.from(floats));
  const i64 = new BigInt64Array([-1n, 2n ** 62n]);
  const viaWire = proto({ dtype: DT.INT64, tensor_shape: shape(2), tensor_content: new Uint8Array(i64.buffer) });
  assert.deepEqual(Array.from(tensorProtoToValue(viaWire).data as BigInt64Array), [-1n, 2n ** 62n]);
});

test('malformed tensors are CorruptFile errors naming the source', () => {
  const bad = (fields: Record<string, unknown>, pattern: RegExp) =>
    assert.throws(() => tensorProtoToValue(proto(fields), { file: 'g.pb', what: 'node "c"' }), (e: unknown) => {
      assert.ok(isLitecError(e));
      assert.equal(e.diagnostics[0]?.code, Codes.CorruptFile);
      assert.match(e.diagnostics[0]?.message ?? '', pattern);
      return true;
    });
  bad({ dtype: DT.FLOAT, tensor_shape: shape(2), float_val: [1, 2, 3] }, /^g\.pb: node "c": tensor has 3 values for float32\[2\]/);
  bad({ dtype: DT.FLOAT, tensor_shape: shape(2), tensor_content: new Uint8Array(7) }, /tensor_content has 7 bytes, expected 8/);
  bad({ dtype: DT.FLOAT, tensor_shape: { unknown_rank: true } }, /unknown rank/);
  bad({ dtype: DT.FLOAT, tensor_shape: shape(-1) }, /invalid dimension -1/);
  bad({ dtype: DT.FLOAT, tensor_shape: shape(1 << 20, 1 << 20) }, /too large/);
  bad({ dtype: 77 }, /unsupported dtype DataType\(77\)/);
  bad({ dtype: DT.RESOURCE }, /resource tensors cannot be converted/);
  bad({ dtype: DT.COMPLEX64, scomplex_val: [1] }, /odd number/);
});

test('float16: every bit pattern survives widen-then-narrow (NaNs stay NaN)', () => {
  for (let h = 0; h < 0x10000; h++) {
    const f = halfToFloat(h);
    const back = floatsToHalfBits(Float32Array.of(f))[0]!;
    if (Number.isNaN(f)) assert.ok(Number.isNaN(halfToFloat(back)));
    else assert.equal(back, h, `half 0x${h.toString(16)}`);
  }
});

test('float16/bfloat16 narrowing rounds to the nearest representable value, ties to even', () => {
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  const bf16ToFloat = (b: number) => new Float32Array(Uint32Array.of(b << 16).buffer)[0]!;
  /** No neighbouring bit pattern of the same sign lies strictly closer to f than the chosen one. */
  const nearest = (f: number, chosen: number, widen: (b: number) => number) => {
    const v = widen(chosen);
    if (!Number.isFinite(v)) return;
    for (const n of [chosen - 1, chosen + 1]) {
      const other = widen(n & 0xffff);
      if (Number.isFinite(other) && Math.sign(other) === Math.sign(v)) {
        assert.ok(Math.abs(other - f) >= Math.abs(v - f), `${f} -> ${v}, but ${other} is closer`);
      }
    }
  };
  fc.assert(
    fc.property(fc.float({ noNaN: true }), (x) => {
      asFloat[0] = x;
      const f = asFloat[0]!;
      if (Math.abs(f) <= 65504) nearest(f, float32BitsToHalf(bits[0]!), halfToFloat);
      nearest(f, float32BitsToBfloat16(bits[0]!), bf16ToFloat);
    }),
    { numRuns: 3000 },
  );
  const half = (x: number) => floatsToHalfBits(Float32Array.of(x))[0];
  assert.equal(half(1 + 2 ** -11), 0x3c00, 'tie goes to the even mantissa');
  assert.equal(half(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(half(65520), 0x7c00, 'rounds up to infinity past the largest half');
  assert.equal(half(2 ** -25), 0x0000, 'half the smallest subnormal ties to zero');
  assert.equal(half(2 ** -25 * 1.5), 0x0001);
  const bf = (x: number) => {
    asFloat[0] = x;
    return float32BitsToBfloat16(bits[0]!);
  };
  assert.equal(bf(1 + 2 ** -8), 0x3f80);
  assert.equal(bf(1 + 3 * 2 ** -8), 0x3f82);
  assert.equal(bf(NaN) & 0x7fc0, 0x7fc0, 'NaN stays NaN');
});
