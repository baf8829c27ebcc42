// .npy / .npz reading and writing: files NumPy 2.4 wrote, round trips, and corrupt input that must not crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isLitecError } from '../../src/diag/diagnostic.js';
import {
  encodeNpy,
  encodeNpz,
  float16BitsToNumber,
  npyToFloat32,
  numberToFloat16Bits,
  parseNpy,
  parseNpz,
  readNpy,
  readNpyHeader,
  readNpz,
  writeNpy,
  writeNpz,
} from '../../src/interpreter/npy.js';
import type { NpyArray } from '../../src/interpreter/npy.js';
import { crc32, writeZip } from '../../src/interpreter/datasets/zip.js';

// Written by numpy 2.4.6 (np.save / np.lib.format.write_array / np.savez / np.savez_compressed).
const NUMPY = {
  f4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAQwAAAQEAAAAAAbxKDOgAA4MA=',
  f8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIApVVVVVVVXVPwAAAAAAAATA',
  i1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAAH8=',
  u1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAyP8=',
  i2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAgAUA/38=',
  i4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAACABwAAAP///3//////',
  i8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAP///wMAAAAAAAAAAAAAAAAAIAA=',
  b1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=',
  f2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPAC4/3sBAA==',
  scalar: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAACBA',
  v2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBAAACAQAAAoEA=',
  v3: 'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8aTQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoNCwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAQAAAAIAAAADAAAA',
  // np.savez(x=arange(12).reshape(3,2,2) float32, y=[1,2] int64): zip64 local headers, as numpy writes them.
  npz: 'UEsDBC0AAAAAAAAAIQAi8zQl//////////8FABQAeC5ucHkBABAAsAAAAAAAAACwAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCAyLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAAgD8AAABAAABAQAAAgEAAAKBAAADAQAAA4EAAAABBAAAQQQAAIEEAADBBUEsDBC0AAAAAAAAAIQAM/Bzp//////////8FABQAeS5ucHkBABAAkAAAAAAAAACQAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAQAAAAAAAAACAAAAAAAAAFBLAQItAy0AAAAAAAAAIQAi8zQlsAAAALAAAAAFAAAAAAAAAAAAAACAAQAAAAB4Lm5weVBLAQItAy0AAAAAAAAAIQAM/BzpkAAAAJAAAAAFAAAAAAAAAAAAAACAAecAAAB5Lm5weVBLBQYAAAAAAgACAGYAAACuAQAAAAA=',
  // np.savez_compressed(a=linspace(0, 1, 20).reshape(5, 4) float32): deflated entries.
  npzc: 'UEsDBC0AAAAIAAAAIQDTL/5K//////////8FABQAYS5ucHkBABAA0AAAAAAAAACRAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GqY6CiaaOgq1CmQDLgYgMJsSbms25bqtxnpFOyDbbtGeNjuN9Qvt1i/cA+Rft9vb9gkoxmb/1FTEHqjGPkdD3379Qhv7z1Je9kD19pW8qfZ724rsGRga7AFQSwECLQMtAAAACAAAACEA0y/+SpEAAADQAAAABQAAAAAAAAAAAAAAgAEAAAAAYS5ucHlQSwUGAAAAAAEAAQAzAAAAyAAAAAAA',
} as const;

const bytesOf = (k: keyof typeof NUMPY): Uint8Array => new Uint8Array(Buffer.from(NUMPY[k], 'base64'));

function expectUserError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLitecError(e), `expected a LitecError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('reads every supported dtype as numpy wrote it', () => {
  const cases: Array<[keyof typeof NUMPY, string, number[], number[] | bigint[]]> = [
    ['f4', 'float32', [2, 3], [1.5, -2.25, 3, 0, Math.fround(1e-3), -7]],
    ['f8', 'float64', [2], [1 / 3, -2.5]],
    ['i1', 'int8', [3], [-128, 0, 127]],
    ['u1', 'uint8', [3], [0, 200, 255]],
    ['i2', 'int16', [3], [-32768, 5, 32767]],
    ['i4', 'int32', [2, 2], [-2147483648, 7, 2147483647, -1]],
    ['i8', 'int64', [3], [-(2n ** 40n), 3n, 2n ** 53n]],
    ['b1', 'bool', [3], [1, 0, 1]],
    ['f2', 'float16', [4], [0x3c00, 0xb800, 0x7bff, 0x0001]],
    ['scalar', 'float32', [], [2.5]],
    ['v2', 'float32', [2, 3], [0, 1, 2, 3, 4, 5]],
    ['v3', 'int32', [4], [0, 1, 2, 3]],
  ];
  for (const [key, dtype, shape, values] of cases) {
    const a = parseNpy(bytesOf(key), `${key}.npy`);
    assert.equal(a.dtype, dtype, key);
    assert.deepEqual(a.shape, shape, key);
    assert.deepEqual([...a.data], values, key);
  }
  assert.deepEqual([...npyToFloat32(parseNpy(bytesOf('f2'), 'f2.npy'))], [1, -0.5, 65504, 2 ** -24]);
  assert.deepEqual([...npyToFloat32(parseNpy(bytesOf('i8'), 'i8.npy'))], [-(2 ** 40), 3, 2 ** 53]);
  assert.deepEqual([...npyToFloat32(parseNpy(bytesOf('b1'), 'b1.npy'))], [1, 0, 1]);
});

test('encodeNpy reproduces numpy byte for byte and round-trips every dtype', () => {
  for (const key of ['f4', 'f8', 'i1', 'u1', 'i2', 'i4', 'i8', 'b1', 'f2', 'scalar'] as const) {
    const bytes = bytesOf(key);
    assert.deepEqual(encodeNpy(parseNpy(bytes, key)), bytes, key);
  }
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), fc.float({ noNaN: true }), (shape, v) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const a: NpyArray = { dtype: 'float32', shape, data: new Float32Array(n).fill(v) };
      const back = parseNpy(encodeNpy(a), 'x.npy');
      assert.deepEqual(back, a);
    }),
    { numRuns: 200 },
  );
  // A header longer than 65535 bytes needs format 2.0.
  const wide: NpyArray = { dtype: 'uint8', shape: new Array(25000).fill(1), data: new Uint8Array(1) };
  const enc = encodeNpy(wide);
  assert.equal(enc[6], 2);
  assert.equal((enc.length - 1) % 64, 0, 'data starts 64-byte aligned');
  assert.deepEqual(parseNpy(enc, 'wide.npy').shape.length, 25000);
});

test('float16 conversion is exact both ways', () => {
  for (let h = 0; h < 0x10000; h++) {
    const v = float16BitsToNumber(h);
    if (Number.isNaN(v)) continue;
    assert.equal(numberToFloat16Bits(v), h, `0x${h.toString(16)}`);
  }
  assert.equal(numberToFloat16Bits(65520), 0x7c00); // rounds up to infinity
  assert.equal(numberToFloat16Bits(65519), 0x7bff);
  assert.equal(numberToFloat16Bits(1 + 2 ** -11), 0x3c00); // tie -> even
  assert.equal(numberToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
});

test('reads numpy .npz archives, stored (zip64 local headers) and deflated', () => {
  const z = parseNpz(bytesOf('npz'), 'data.npz');
  assert.deepEqual([...z.keys()], ['x', 'y']);
  assert.deepEqual(z.get('x')!.shape, [3, 2, 2]);
  assert.deepEqual([...z.get('x')!.data], Array.from({ length: 12 }, (_, i) => i));
  assert.deepEqual([...z.get('y')!.data], [1n, 2n]);
  const c = parseNpz(bytesOf('npzc'), 'c.npz');
  assert.deepEqual(c.get('a')!.shape, [5, 4]);
  const a = c.get('a')!.data as Float32Array;
  for (let i = 0; i < 20; i++) assert.equal(a[i], Math.fround(i / 19));
});

test('encodeNpz round-trips, stored and compressed, and is deterministic', () => {
  const arrays = new Map<string, NpyArray>([
    ['images', { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }],
    ['labels', { dtype: 'int64', shape: [2], data: new BigInt64Array([7n, 9n]) }],
  ]);
  for (const compress of [false, true]) {
    const bytes = encodeNpz(arrays, { compress });
    assert.deepEqual(parseNpz(bytes, 'out.npz'), arrays);
    assert.deepEqual(encodeNpz(arrays, { compress }), bytes);
  }
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926); // the CRC-32 check value
});

test('files on disk: write then read, header-only reads, atomic writes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'litec-npy-'));
  try {
    const a: NpyArray = { dtype: 'int16', shape: [3, 1], data: new Int16Array([1, -2, 3]) };
    await writeNpy(join(dir, 'a.npy'), a);
    assert.deepEqual(await readNpy(join(dir, 'a.npy')), a);
    const h = await readNpyHeader(join(dir, 'a.npy'));
    assert.deepEqual({ dtype: h.dtype, shape: h.shape, dataBytes: h.dataBytes }, { dtype: 'int16', shape: [3, 1], dataBytes: 6 });
    await writeNpz(join(dir, 'b.npz'), { a });
    assert.deepEqual((await readNpz(join(dir, 'b.npz'))).get('a'), a);
    assert.deepEqual(await readFile(join(dir, 'a.npy')), Buffer.from(encodeNpy(a)));
    await assert.rejects(readNpy(join(dir, 'missing.npy')), (e: unknown) => isLitecError(e) && /missing\.npy/.test(e.message));
    await assert.rejects(writeNpy(join(dir, 'no', 'such', 'dir.npy'), a), (e: unknown) => isLitecError(e));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('clear errors for unsupported or corrupt .npy files', () => {
  const f4 = bytesOf('f4');
  expectUserError(() => parseNpy(f4.subarray(0, f4.length - 3), 'cut.npy'), /cut\.npy.*needs 24 data bytes but the file has 21/);
  expectUserError(() => parseNpy(new Uint8Array([...f4, 0]), 'long.npy'), /1 unexpected bytes/);
  expectUserError(() => parseNpy(new TextEncoder().encode('hello world, not numpy'), 'txt.npy'), /magic/);
  const patch = (from: string, to: string): Uint8Array => {
    const text = Buffer.from(f4).toString('latin1').replace(from, to);
    return new Uint8Array(Buffer.from(text, 'latin1'));
  };
  expectUserError(() => parseNpy(patch("'fortran_order': False", "'fortran_order': True "), 'f.npy'), /fortran_order=True.*not supported/);
  expectUserError(() => parseNpy(patch("'<f4'", "'>f4'"), 'be.npy'), /big-endian/);
  expectUserError(() => parseNpy(patch("'<f4'", "'<c8'"), 'c.npy'), /dtype '<c8' is not supported/);
  expectUserError(() => parseNpy(patch('(2, 3)', '(2, x)'), 's.npy'), /unexpected 'x'/);
});

test('corrupt bytes never crash: every truncation and random byte flips give a user error or a valid array', () => {
  const inputs = [bytesOf('f4'), bytesOf('v2'), bytesOf('i8')];
  for (const src of inputs) {
    for (let cut = 0; cut < src.length; cut++) {
      assert.throws(() => parseNpy(src.subarray(0, cut), 't.npy'), (e: unknown) => isLitecError(e));
    }
  }
  const zips = [bytesOf('npz'), bytesOf('npzc')];
  for (const src of zips) {
    for (let cut = 0; cut < src.length; cut++) {
      assert.throws(() => parseNpz(src.subarray(0, cut), 't.npz'), (e: unknown) => isLitecError(e));
    }
  }
  fc.assert(
    fc.property(
      fc.constantFrom(...inputs, ...zips),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      (src, flips) => {
        const b = new Uint8Array(src);
        for (const [pos, val] of flips) b[pos % b.length] = val;
        try {
          if (b[0] === 0x50) parseNpz(b, 'x.npz');
          else parseNpy(b, 'x.npy');
        } catch (e) {
          if (!isLitecError(e)) throw e;
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('zip reader rejects what it cannot read, naming the entry', () => {
  const good = writeZip([{ name: 'x.npy', data: encodeNpy({ dtype: 'uint8', shape: [1], data: new Uint8Array([5]) }) }]);
  const badCrc = new Uint8Array(good);
  const dataAt = 30 + 'x.npy'.length + 10; // a byte inside the stored .npy header
  badCrc[dataAt] = badCrc[dataAt]! ^ 0xff;
  expectUserError(() => parseNpz(badCrc, 'bad.npz'), /CRC-32 mismatch in entry "x\.npy"/);
  const method = new Uint8Array(good);
  const cd = good.length - 22 - (46 + 5);
  method[cd + 10] = 12; // bzip2
  expectUserError(() => parseNpz(method, 'm.npz'), /compression method 12/);
  const inner = writeZip([{ name: 'y.npy', data: new Uint8Array([1, 2, 3]) }]);
  expectUserError(() => parseNpz(inner, 'inner.npz'), /inner\.npz:y\.npy/);
});
