// Damaged .tflite bytes (truncated, bit-flipped, wrong identifier, wild offsets, shared-table bombs) only ever
// produce a LitecError (LC2001/LC2002), quickly; whatever still reads must write and read back unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Builder } from 'flatbuffers';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { readTfliteModel, writeTfliteModel, type TfliteModel } from '../../src/emitters/tflite/schema/index.js';

const READ_CODES = new Set<string>([Codes.CorruptFile, Codes.BadMagic]);

function codeOf(e: unknown): string {
  if (!isLitecError(e)) throw e; // anything else (RangeError, TypeError, ...) fails the test as it is
  return e.diagnostics[0]?.code ?? '';
}

/** Undoes what the writer normalizes on purpose (the recomputed deprecated op code, the added buffer 0). */
function comparable(m: TfliteModel): TfliteModel {
  const sentinel = m.buffers.length === 0 && m.subgraphs.some((sg) => sg.tensors.length > 0);
  return {
    ...m,
    operatorCodes: m.operatorCodes.map(({ deprecatedBuiltinCode: _d, ...oc }) => oc),
    buffers: sentinel ? [{ data: new Uint8Array(0) }] : m.buffers,
  };
}

/** Reads damaged bytes; on success also checks write → read gives the same model (or a LitecError). */
function readDamaged(bytes: Uint8Array): 'read' | 'rejected' {
  const t0 = performance.now();
  let model: TfliteModel;
  try {
    model = readTfliteModel(bytes, 'damaged.tflite');
  } catch (e) {
    const code = codeOf(e);
    assert.ok(READ_CODES.has(code), `unexpected code ${code}`);
    assert.match((e as Error).message, /^damaged\.tflite: error LC200[12]: /);
    assert.ok(performance.now() - t0 < 2000, 'rejecting took too long');
    return 'rejected';
  }
  assert.ok(performance.now() - t0 < 2000, 'reading took too long');
  let written: Uint8Array;
  try {
    written = writeTfliteModel(model);
  } catch (e) {
    codeOf(e); // e.g. a tensor with sparsity the writer refuses: a user error, not a crash
    return 'read';
  }
  assert.deepStrictEqual(comparable(readTfliteModel(written, 'rewritten.tflite')), comparable(model));
  return 'read';
}

interface Sample {
  name: string;
  bytes: Uint8Array;
  /** [start, end) ranges outside buffer data, where damage hits the flatbuffer structure. */
  structure: [number, number][];
  /** End of the last buffer's data. */
  dataEnd: number;
}

function sample(file: string): Sample {
  const b = readFileSync(sharedModel(`tflite/${file}`));
  const bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  const m = readTfliteModel(bytes, file);
  const data = m.buffers
    .filter((x) => x.data.length > 0)
    .map((x) => [x.data.byteOffset - bytes.byteOffset, x.data.byteOffset - bytes.byteOffset + x.data.length] as const)
    .sort((x, y) => x[0] - y[0]);
  const structure: [number, number][] = [];
  let at = 0;
  for (const [s, e] of data) {
    if (s > at) structure.push([at, s]);
    at = Math.max(at, e);
  }
  if (at < bytes.length) structure.push([at, bytes.length]);
  return { name: file, bytes, structure, dataEnd: Math.max(0, ...data.map(([, e]) => e)) };
}

/** Maps u in [0, 1) to a position inside the structure ranges (uniform over their total length). */
function structuralPos(s: Sample, u: number): number {
  const total = s.structure.reduce((n, [a, b]) => n + b - a, 0);
  let k = Math.floor(u * total);
  for (const [a, b] of s.structure) {
    if (k < b - a) return a + k;
    k -= b - a;
  }
  return 0;
}

const skip = skipUnlessShared();
const FILES = [
  'hello_world_float.tflite',
  'hello_world_int8.tflite',
  'simple_add_model.tflite',
  'tfserving_half_plus_two.tflite',
  'tfserving_half_plus_two_with_sigdef.tflite',
  'mobilenet_v2_1.0_224_quant.tflite',
];
const RUNS = 50; // per damage kind; 4 kinds → 200 cases

test('truncated files are rejected with LC2001', { skip, timeout: 60_000 }, () => {
  const samples = FILES.map(sample);
  fc.assert(
    fc.property(fc.nat(samples.length - 1), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (i, u) => {
      const s = samples[i] as Sample;
      const cut = Math.floor(u * s.bytes.length);
      const outcome = readDamaged(s.bytes.slice(0, cut));
      // A cut before the end of the last buffer's data loses bytes the root reaches. (Bytes past it may be
      // unreferenced padding: mobilenet_v2_1.0_224_quant.tflite ends with ~21 KB the model never points at.)
      if (cut < s.dataEnd) assert.equal(outcome, 'rejected', `${s.name} cut at ${cut} of ${s.bytes.length} still read`);
    }),
    { numRuns: RUNS, seed: 1 },
  );
});

test('bit flips in the flatbuffer structure never crash', { skip, timeout: 60_000 }, () => {
  const samples = FILES.map(sample);
  const outcomes = { read: 0, rejected: 0 };
  fc.assert(
    fc.property(
      fc.nat(samples.length - 1),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(7)), { minLength: 1, maxLength: 8 }),
      (i, flips) => {
        const s = samples[i] as Sample;
        const bytes = s.bytes.slice();
        for (const [u, bit] of flips) {
          const p = structuralPos(s, u);
          bytes[p] = (bytes[p] ?? 0) ^ (1 << bit);
        }
        outcomes[readDamaged(bytes)]++;
      },
    ),
    { numRuns: RUNS, seed: 2 },
  );
  // Both outcomes occur: some flips hit names/values (still a valid model), others offsets or vtables.
  assert.ok(outcomes.read > 0 && outcomes.rejected > 0, JSON.stringify(outcomes));
});

test('wild offsets and vector lengths are rejected or read safely', { skip, timeout: 60_000 }, () => {
  const samples = FILES.map(sample);
  const wild = fc.oneof(
    fc.constantFrom(0, 1, 3, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff),
    fc.nat({ max: 0xffffffff }),
    fc.integer({ min: -64, max: 64 }),
  );
  fc.assert(
    fc.property(fc.nat(samples.length - 1), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), wild, (i, u, value) => {
      const s = samples[i] as Sample;
      const bytes = s.bytes.slice();
      const p = Math.min(structuralPos(s, u) & ~3, bytes.length - 4);
      // Small values are relative: an offset nudged to point just beside its target.
      const v = value >= -64 && value <= 64 ? new DataView(bytes.buffer).getUint32(p, true) + value : value;
      new DataView(bytes.buffer).setUint32(p, v >>> 0, true);
      readDamaged(bytes);
    }),
    { numRuns: RUNS, seed: 3 },
  );
});

test('a wrong file identifier is LC2002; garbage and tiny files are LC2001/LC2002', { skip, timeout: 60_000 }, () => {
  const samples = FILES.map(sample);
  fc.assert(
    fc.property(fc.nat(samples.length - 1), fc.uint8Array({ minLength: 4, maxLength: 4 }), (i, id) => {
      fc.pre(new TextDecoder().decode(id) !== 'TFL3');
      const bytes = (samples[i] as Sample).bytes.slice();
      bytes.set(id, 4);
      assert.throws(() => readTfliteModel(bytes, 'x.tflite'), (e: unknown) => codeOf(e) === Codes.BadMagic && /file identifier is/.test(String(e)));
    }),
    { numRuns: RUNS, seed: 4 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 256 }), (junk) => {
      assert.equal(readDamaged(junk), 'rejected');
    }),
    { numRuns: 50, seed: 5 },
  );
  for (const tiny of [new Uint8Array(0), new Uint8Array(7), new TextEncoder().encode('\x10\0\0\0TFL3')]) {
    assert.equal(readDamaged(tiny), 'rejected');
  }
});

test('a file whose vectors all share one table (exponential fan-out) is rejected quickly', () => {
  // 2,000 subgraphs that are the same table, each listing the same tensor 2,000 times: 4 million tensor
  // visits from a ~20 KB file. A reader without a work budget would take minutes; this one must give up.
  const n = 2000;
  const b = new Builder(1024);
  const shape = b.createString('t'); // any small vector will do as the name
  b.startObject(10);
  b.addFieldOffset(3, shape, 0);
  const tensor = b.endObject();
  b.startVector(4, n, 4);
  for (let i = 0; i < n; i++) b.addOffset(tensor);
  const tensors = b.endVector();
  b.startObject(5);
  b.addFieldOffset(0, tensors, 0);
  const subgraph = b.endObject();
  b.startVector(4, n, 4);
  for (let i = 0; i < n; i++) b.addOffset(subgraph);
  const subgraphs = b.endVector();
  b.startObject(8);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.finish(b.endObject(), 'TFL3');
  const bytes = b.asUint8Array();
  const t0 = performance.now();
  assert.throws(() => readTfliteModel(bytes, 'bomb.tflite'), (e: unknown) => codeOf(e) === Codes.CorruptFile && /references more data than it holds/.test(String(e)));
  assert.ok(performance.now() - t0 < 1000);
});

test('many tables naming one long string are rejected quickly (decoding is charged per byte)', () => {
  // 5,000 tensors whose names are all the same 20 KB string: 100 MB of decoding from a ~40 KB file.
  const n = 5000;
  const b = new Builder(1024);
  const name = b.createString('n'.repeat(20_000));
  const tensors: number[] = [];
  for (let i = 0; i < n; i++) {
    b.startObject(10);
    b.addFieldOffset(3, name, 0);
    tensors.push(b.endObject());
  }
  b.startVector(4, n, 4);
  for (let i = n - 1; i >= 0; i--) b.addOffset(tensors[i] ?? 0);
  const list = b.endVector();
  b.startObject(5);
  b.addFieldOffset(0, list, 0);
  const subgraph = b.endObject();
  b.startVector(4, 1, 4);
  b.addOffset(subgraph);
  const subgraphs = b.endVector();
  b.startObject(8);
  b.addFieldOffset(2, subgraphs, 0);
  b.finish(b.endObject(), 'TFL3');
  const t0 = performance.now();
  assert.throws(() => readTfliteModel(b.asUint8Array(), 'names.tflite'), /references more data than it holds/);
  assert.ok(performance.now() - t0 < 1000);
});

test('out-of-range tensor, buffer and op code indices are LC2001 naming the place', { skip }, () => {
  const s = sample('simple_add_model.tflite');
  const model = readTfliteModel(s.bytes, 'add.tflite');
  const withBadInput = structuredClone(model);
  const op = withBadInput.subgraphs[0]?.operators[0];
  assert.ok(op);
  op.inputs = [0, 7];
  assert.throws(
    () => readTfliteModel(writeTfliteModel(withBadInput), 'add.tflite'),
    /add\.tflite: error LC2001: invalid TFLite model: subgraphs\[0\]\.operators\[0\]\.inputs\[1\]: tensor index 7 is out of range \(subgraph 0 has 3 tensors\)/,
  );
  op.inputs = [0, 1];
  op.opcodeIndex = 5;
  assert.throws(() => readTfliteModel(writeTfliteModel(withBadInput), 'add.tflite'), /opcode_index 5 is out of range/);
  op.opcodeIndex = 0;
  const t = withBadInput.subgraphs[0]?.tensors[1];
  assert.ok(t);
  t.buffer = 99;
  assert.throws(() => readTfliteModel(writeTfliteModel(withBadInput), 'add.tflite'), /tensors\[1\]: buffer index 99 is out of range/);
});
