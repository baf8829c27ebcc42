// TensorBundle writer -> reader round trips: a fast-check property over names, dtypes, shapes, values and layouts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DT, dtypeSize, type DataTypeId } from '../../src/importers/tf/dtypes.js';
import { TensorBundle, writeTensorBundle, type BundleTensor } from '../../src/importers/tf/tensor-bundle/index.js';
import { arrayFor, elementCount } from '../../src/importers/tf/tensor-bundle/tensor-bytes.js';
import { snappyUncompress } from '../../src/importers/tf/tensor-bundle/snappy.js';
import snappy from 'snappyjs';

const tmp = mkdtempSync(join(tmpdir(), 'litec-roundtrip-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const FIXED: DataTypeId[] = [
  DT.FLOAT, DT.DOUBLE, DT.INT32, DT.INT16, DT.INT8, DT.UINT8, DT.UINT16, DT.UINT32, DT.INT64, DT.UINT64, DT.BOOL,
  DT.HALF, DT.BFLOAT16, DT.COMPLEX64,
];

interface Case {
  tensor: BundleTensor;
  /** What the reader must return: raw bytes for fixed-size dtypes, element bytes for strings. */
  bytes?: Uint8Array;
  strings?: Uint8Array[];
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 });
const utf8 = new TextEncoder();
const validName = fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }).filter((s) => new TextDecoder().decode(utf8.encode(s)) === s);

function fixedCase(name: string, dtype: DataTypeId, shape: number[]): fc.Arbitrary<Case> {
  const n = elementCount(shape) * dtypeSize(dtype);
  return fc.uint8Array({ minLength: n, maxLength: n }).map((raw) => {
    const bytes = dtype === DT.BOOL ? raw.map((b) => b & 1) : raw;
    const spec = arrayFor(dtype)!;
    // The dtype's own typed array (Uint16Array bits for float16/bfloat16), built over a copy of the bytes.
    const data = new spec.ctor(new Uint8Array(bytes).buffer, 0, elementCount(shape) * spec.perElement);
    return { tensor: { name, dtype, shape, data }, bytes };
  });
}

function stringCase(name: string, shape: number[]): fc.Arbitrary<Case> {
  const n = elementCount(shape);
  return fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: n, maxLength: n }).map((strings) => ({
    tensor: { name, dtype: 'string', shape, data: strings },
    strings,
  }));
}

const caseArb = (name: string): fc.Arbitrary<Case> =>
  fc.tuple(fc.constantFrom<DataTypeId | 'string'>(...FIXED, 'string'), shapeArb).chain(([dtype, shape]) =>
    dtype === 'string' ? stringCase(name, shape) : fixedCase(name, dtype, shape),
  );

const bundleArb = fc
  .uniqueArray(validName, { minLength: 0, maxLength: 12, selector: (s) => Buffer.from(utf8.encode(s)).toString('hex') })
  .chain((names) => fc.tuple(...names.map(caseArb)));

const optionsArb = fc.record({
  blockSize: fc.integer({ min: 16, max: 2048 }),
  restartInterval: fc.integer({ min: 1, max: 16 }),
  compress: fc.boolean(),
});

let run = 0;

test('writer -> reader round trip keeps every name, dtype, shape and byte', () => {
  fc.assert(
    fc.property(bundleArb, optionsArb, (cases, options) => {
      const prefix = join(tmp, `b${run++}`, 'ckpt');
      writeTensorBundle(prefix, cases.map((c) => c.tensor), options);
      const bundle = TensorBundle.open(prefix);
      const sortedNames = cases.map((c) => c.tensor.name).sort((a, b) => Buffer.compare(utf8.encode(a), utf8.encode(b)));
      assert.deepEqual(bundle.keys(), sortedNames);
      for (const c of cases) {
        const v = bundle.read(c.tensor.name);
        assert.deepEqual(v.shape, c.tensor.shape);
        if (c.strings !== undefined) {
          assert.equal(v.dtype, DT.STRING);
          assert.deepEqual(v.strings?.map((s) => Buffer.from(s).toString('hex')), c.strings.map((s) => Buffer.from(s).toString('hex')));
        } else {
          assert.equal(v.dtype, c.tensor.dtype);
          assert.ok(Buffer.from(v.raw!).equals(Buffer.from(c.bytes!)), `bytes of ${c.tensor.name}`);
          if (v.dtype === DT.HALF || v.dtype === DT.BFLOAT16) assert.deepEqual(v.halfBits, c.tensor.data);
        }
      }
      rmSync(join(tmp, `b${run - 1}`), { recursive: true, force: true });
    }),
    { numRuns: 120 },
  );
});

test('the writer converts plain numbers and floats to the dtype\'s storage', () => {
  const prefix = join(tmp, 'convert', 'ckpt');
  writeTensorBundle(prefix, [
    { name: 'f', dtype: 'float32', shape: [3], data: [1, -2.5, 1e-3] },
    { name: 'h', dtype: DT.HALF, shape: [2], data: Float32Array.of(1, 65504) },
    { name: 'bf', dtype: 'bfloat16', shape: [2], data: [1.5, -3] },
    { name: 'i64', dtype: 'int64', shape: [2], data: [1, -(2 ** 40)] },
    { name: 'big', dtype: 'int64', shape: [1], data: [2n ** 62n] },
    { name: 'b', dtype: 'bool', shape: [2], data: Uint8Array.of(1, 0) },
    { name: 's', dtype: 'string', shape: [], data: ['héllo'] },
    { name: 'empty', dtype: 'string', shape: [0], data: [] },
  ]);
  const b = TensorBundle.open(prefix);
  assert.deepEqual(Array.from(b.read('f').data as Float32Array), [1, -2.5, Math.fround(1e-3)]);
  assert.deepEqual(Array.from(b.read('h').data as Float32Array), [1, 65504]);
  assert.deepEqual(Array.from(b.read('h').halfBits!), [0x3c00, 0x7bff]);
  assert.deepEqual(Array.from(b.read('bf').data as Float32Array), [1.5, -3]);
  assert.deepEqual(Array.from(b.read('i64').data as BigInt64Array), [1n, -(2n ** 40n)]);
  assert.deepEqual(Array.from(b.read('big').data as BigInt64Array), [2n ** 62n]);
  assert.deepEqual(Array.from(b.read('b').data as Uint8Array), [1, 0]);
  assert.deepEqual(b.read('s').data, ['héllo']);
  assert.deepEqual(b.read('empty').data, []);
  assert.equal(b.entry('empty').size, 4, 'an empty string tensor still stores its 4-byte length checksum, as TF does');
});

test('the writer rejects programming errors', () => {
  const prefix = join(tmp, 'bad', 'ckpt');
  assert.throws(() => writeTensorBundle(prefix, [{ name: '', dtype: 'float32', shape: [], data: [1] }]), /must not be empty/);
  assert.throws(() => writeTensorBundle(prefix, [
    { name: 'x', dtype: 'float32', shape: [], data: [1] },
    { name: 'x', dtype: 'float32', shape: [], data: [2] },
  ]), /duplicate tensor name "x"/);
  assert.throws(() => writeTensorBundle(prefix, [{ name: 'x', dtype: 'float32', shape: [2], data: [1] }]), /1 values, shape \[2\] needs 2/);
  assert.throws(() => writeTensorBundle(prefix, [{ name: 'x', dtype: 'nope', shape: [], data: [1] }]), /unknown dtype nope/);
  assert.throws(() => writeTensorBundle(prefix, [{ name: 'x', dtype: 'resource', shape: [], data: [1] }]), /cannot be written/);
});

test('snappy: compressed data round trips; random streams fail through `fail`, never hang or throw otherwise', () => {
  const fail = (why: string): never => {
    throw new SnappyFailure(why);
  };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (raw, period) => {
      const repetitive = raw.map((b, i) => (i % period === 0 ? b : raw[i - (i % period)]!));
      const packed = snappy.compress(repetitive);
      assert.deepEqual(Array.from(snappyUncompress(packed, fail)), Array.from(repetitive));
    }),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
      try {
        snappyUncompress(junk, fail);
      } catch (e) {
        if (!(e instanceof SnappyFailure)) throw e;
      }
    }),
    { numRuns: 2000 },
  );
  // A literal whose 4-byte length is negative as an int32 sends snappyjs's own cursor backwards forever.
  assert.throws(() => snappyUncompress(Uint8Array.of(0x05, 0xfc, 0xfa, 0xff, 0xff, 0xff), fail), /literal|needs \d+ bytes/);
});

class SnappyFailure extends Error {}
