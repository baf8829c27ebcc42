// Damaged checkpoints: truncation, a wrong magic number, flipped bytes in index blocks and data shards, and a
// fast-check mutation test showing that nothing but LitecError ever escapes the reader.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { TensorBundle, crc32cExtend, crc32c, maskCrc, writeTensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';
import { ByteReader, writeFixed32 } from '../../src/importers/tf/tensor-bundle/byte-reader.js';
import { parseBlock } from '../../src/importers/tf/tensor-bundle/sstable-read.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

const skip = skipUnlessShared();
const tmp = mkdtempSync(join(tmpdir(), 'litec-corrupt-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const PREFIXES = [
  'savedmodel/half_plus_two_tf1/variables/variables',
  'savedmodel/half_plus_two_tf2/variables/variables',
  'savedmodel/mnist_cnn_bn/variables/variables',
  'tf1/mnist_mlp_checkpoint/fc2.ckpt',
];

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isLitecError(e)) return e.diagnostics[0]!.code;
    throw e;
  }
  return 'ok';
}

function expectError(fn: () => unknown, expected: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLitecError(e), `expected a LitecError, got ${String(e)}`);
    assert.equal(e.diagnostics[0]?.code, expected, e.message);
    assert.match(e.diagnostics[0]?.message ?? '', pattern);
    return true;
  });
}

/** Copies a real bundle to a scratch prefix so its files can be damaged. */
function scratchCopy(rel: string, name: string): string {
  const prefix = join(tmp, name);
  copyFileSync(sharedModel(`${rel}.index`), `${prefix}.index`);
  copyFileSync(sharedModel(`${rel}.data-00000-of-00001`), `${prefix}.data-00000-of-00001`);
  return prefix;
}

/** Opens the bundle and reads every tensor: what an importer does with a checkpoint. */
function readAll(indexBytes: Uint8Array, prefix: string): void {
  const bundle = TensorBundle.fromIndexBytes(indexBytes, prefix);
  for (const key of bundle.keys()) bundle.read(key);
  bundle.objectGraph();
}

/**
 * Recomputes the CRCs of every block a mutated table still points at, so that mutations reach the block parser,
 * the snappy decoder and the entry decoder instead of stopping at the checksum. Best effort: gives up quietly.
 */
function refreshChecksums(bytes: Uint8Array): void {
  const giveUp = (): never => {
    throw new Error('unparseable');
  };
  const fix = (offset: number, size: number) => {
    if (offset + size + 5 > bytes.length) giveUp();
    writeFixed32(bytes, offset + size + 1, maskCrc(crc32cExtend(crc32c(bytes.subarray(offset, offset + size)), bytes.subarray(offset + size, offset + size + 1))));
  };
  try {
    const footer = new ByteReader(bytes, giveUp, bytes.length - 48);
    footer.varint64();
    footer.varint64();
    const offset = footer.varint64();
    const size = footer.varint64();
    fix(offset, size);
    if (bytes[offset + size] !== 0) return;
    for (const e of parseBlock(bytes.subarray(offset, offset + size), giveUp)) {
      const h = new ByteReader(e.value, giveUp);
      fix(h.varint64(), h.varint64());
    }
  } catch {
    // The mutation broke the table's skeleton; the reader must still fail cleanly.
  }
}

test('a truncated index is CorruptFile (shorter than a footer) or BadMagic (footer cut off)', { skip }, () => {
  const bytes = readFileSync(sharedModel(`${PREFIXES[2]}.index`));
  const prefix = join(tmp, 'trunc');
  expectError(() => readAll(bytes.subarray(0, 40), prefix), Codes.CorruptFile, /trunc\.index: corrupt TensorBundle index \(the file has 40 bytes/);
  expectError(() => readAll(bytes.subarray(0, 0), prefix), Codes.CorruptFile, /has 0 bytes/);
  expectError(() => readAll(bytes.subarray(0, bytes.length - 1), prefix), Codes.BadMagic, /trunc\.index: not a TensorBundle index/);
});

test('a flipped magic byte is BadMagic naming the index file', { skip }, () => {
  const bytes = new Uint8Array(readFileSync(sharedModel(`${PREFIXES[0]}.index`)));
  bytes[bytes.length - 3]! ^= 0x10;
  expectError(() => readAll(bytes, join(tmp, 'magic')), Codes.BadMagic, /magic\.index: not a TensorBundle index \(the table magic number is wrong/);
});

test('a flipped byte inside an index block fails the block checksum', { skip }, () => {
  for (const rel of PREFIXES) {
    const bytes = new Uint8Array(readFileSync(sharedModel(`${rel}.index`)));
    bytes[3]! ^= 0x01;
    expectError(() => readAll(bytes, sharedModel(rel)), Codes.ChecksumMismatch, /block at offset 0 fails its CRC32C check/);
  }
});

test('a flipped byte in a data shard is ChecksumMismatch naming the tensor and the shard file', { skip }, () => {
  const prefix = scratchCopy(PREFIXES[3]!, 'flip');
  const dataFile = `${prefix}.data-00000-of-00001`;
  const bundle = TensorBundle.open(prefix);
  const entry = bundle.entry('h2/w');
  const data = readFileSync(dataFile);
  data[entry.offset + 17]! ^= 0x40;
  writeFileSync(dataFile, data);
  expectError(() => bundle.read('h2/w'), Codes.ChecksumMismatch, /flip\.data-00000-of-00001: tensor "h2\/w" fails its CRC32C check/);
  assert.equal(bundle.read('h1/w', { verifyChecksum: false }).shape.length, 2, 'other tensors still read');
  assert.equal(code(() => bundle.read('h2/w', { verifyChecksum: false })), 'ok', 'checks can be skipped');
});

test('a truncated data shard is CorruptFile naming the tensor', { skip }, () => {
  const prefix = scratchCopy(PREFIXES[2]!, 'short');
  const dataFile = `${prefix}.data-00000-of-00001`;
  const bundle = TensorBundle.open(prefix);
  const last = bundle.keys().reduce((a, b) => (bundle.entry(a).offset > bundle.entry(b).offset ? a : b));
  writeFileSync(dataFile, readFileSync(dataFile).subarray(0, bundle.entry(last).offset + 3));
  expectError(() => bundle.read(last), Codes.CorruptFile, new RegExp(`short\\.data-00000-of-00001: tensor "${last.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" needs bytes`));
});

test('a damaged string tensor (the object graph) fails its length checksum', () => {
  const prefix = join(tmp, 'strings', 'ckpt');
  const { dataFile } = writeTensorBundle(prefix, [{ name: 's', dtype: 'string', shape: [3], data: ['a', 'bb', 'ccc'] }]);
  const data = readFileSync(dataFile);
  data[1]! ^= 0x04; // the second varint length
  writeFileSync(dataFile, data);
  expectError(() => TensorBundle.open(prefix).read('s'), Codes.ChecksumMismatch, /tensor "s" has string lengths that fail their CRC32C check/);
});

test('mutated indexes (random flips and truncations, checksums refreshed or not) only ever raise LitecError', { skip }, () => {
  const originals = PREFIXES.map((rel) => ({ rel, bytes: new Uint8Array(readFileSync(sharedModel(`${rel}.index`))) }));
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(
      fc.nat({ max: originals.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.option(fc.nat(), { freq: 4 }),
      fc.boolean(),
      (which, flips, cut, refresh) => {
        const { rel, bytes: original } = originals[which]!;
        let bytes = new Uint8Array(original);
        for (const [pos, mask] of flips) bytes[pos % bytes.length]! ^= mask;
        if (cut !== null) bytes = bytes.subarray(0, cut % bytes.length);
        if (refresh) refreshChecksums(bytes);
        const c = code(() => readAll(bytes, sharedModel(rel)));
        seen.set(c, (seen.get(c) ?? 0) + 1);
      },
    ),
    { numRuns: 200 },
  );
  // The mutations reach past the checksums: more than one kind of failure shows up.
  assert.ok(seen.size >= 3, `codes seen: ${[...seen].join(' ')}`);
});

test('mutated data shards only ever raise LitecError', { skip }, () => {
  const prefix = scratchCopy(PREFIXES[1]!, 'fuzzdata');
  const dataFile = `${prefix}.data-00000-of-00001`;
  const original = readFileSync(dataFile);
  const index = readFileSync(`${prefix}.index`);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), fc.option(fc.nat()), (flips, cut) => {
      let bytes = new Uint8Array(original);
      for (const [pos, mask] of flips) bytes[pos % bytes.length]! ^= mask;
      if (cut !== null) bytes = bytes.subarray(0, cut % bytes.length);
      writeFileSync(dataFile, bytes);
      code(() => readAll(index, prefix));
    }),
    { numRuns: 60 },
  );
});
