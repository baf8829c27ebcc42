// Reads a LevelDB-format table (a TensorBundle .index file) into its sorted key/value entries, checking every
// length, offset and block checksum first.
//
// Layout: data blocks, a metaindex block, an index block (one entry per data block: last key -> block handle), then a
// 48-byte footer: two block handles (varint64 offset and size each), zero padding to 40 bytes, and the 8-byte magic.
// Each block is followed by a 5-byte trailer: compression type (0 none, 1 snappy) and the masked CRC32C of the
// block bytes plus the type byte.
import { userError } from '../../../diag/diagnostic.js';
import { Codes } from '../../../diag/catalogue.js';
import { ByteReader, readFixed32, type Fail } from './byte-reader.js';
import { crc32cExtend, crc32c, unmaskCrc } from './crc32c.js';
import { snappyUncompress } from './snappy.js';

export const FOOTER_SIZE = 48;
export const BLOCK_TRAILER_SIZE = 5;
/** 0xdb4775248b80fb57 as little-endian bytes. */
export const TABLE_MAGIC = Uint8Array.of(0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb);
export const COMPRESSION_NONE = 0;
export const COMPRESSION_SNAPPY = 1;

export interface TableEntry {
  key: Uint8Array;
  value: Uint8Array;
}

export interface BlockHandle {
  offset: number;
  size: number;
}

/** All entries of the table in key order. Keys and values are views into `bytes` or a decompressed block. */
export function readTable(bytes: Uint8Array, file: string): TableEntry[] {
  const corrupt: Fail = (why) => userError(Codes.CorruptFile, `${file}: corrupt TensorBundle index (${why})`, { file });
  if (bytes.length < FOOTER_SIZE) {
    corrupt(`the file has ${bytes.length} bytes, fewer than the ${FOOTER_SIZE}-byte table footer`);
  }
  const footerStart = bytes.length - FOOTER_SIZE;
  const magic = bytes.subarray(bytes.length - 8);
  if (!magic.every((b, i) => b === TABLE_MAGIC[i])) {
    userError(Codes.BadMagic, `${file}: not a TensorBundle index (the table magic number is wrong; is the file truncated or of another kind?)`, { file });
  }
  const footer = new ByteReader(bytes, (why) => corrupt(`footer: ${why}`), footerStart, bytes.length - 8);
  readHandle(footer); // metaindex: TensorBundle stores nothing there
  const indexHandle = readHandle(footer);

  const indexBlock = readBlock(bytes, indexHandle, footerStart, file, corrupt);
  const entries: TableEntry[] = [];
  for (const idx of parseBlock(indexBlock, (why) => corrupt(`index block: ${why}`))) {
    const handle = readHandle(new ByteReader(idx.value, (why) => corrupt(`index entry: ${why}`)));
    const block = readBlock(bytes, handle, footerStart, file, corrupt);
    for (const e of parseBlock(block, (why) => corrupt(`data block at offset ${handle.offset}: ${why}`))) {
      const prev = entries[entries.length - 1];
      if (prev !== undefined && compareBytes(prev.key, e.key) >= 0) corrupt('keys are not in increasing order');
      entries.push(e);
    }
  }
  return entries;
}

function readHandle(r: ByteReader): BlockHandle {
  const offset = r.varint64();
  const size = r.varint64();
  return { offset, size };
}

/** The block's contents after checking its bounds and checksum and undoing compression. */
function readBlock(bytes: Uint8Array, h: BlockHandle, limit: number, file: string, corrupt: Fail): Uint8Array {
  if (h.offset + h.size + BLOCK_TRAILER_SIZE > limit) {
    corrupt(`block at offset ${h.offset} with ${h.size} bytes runs past the end of the data`);
  }
  const contents = bytes.subarray(h.offset, h.offset + h.size);
  const type = bytes[h.offset + h.size]!;
  const stored = unmaskCrc(readFixed32(bytes, h.offset + h.size + 1));
  const actual = crc32cExtend(crc32c(contents), Uint8Array.of(type));
  if (stored !== actual) {
    userError(Codes.ChecksumMismatch, `${file}: block at offset ${h.offset} fails its CRC32C check (the index is damaged)`, { file });
  }
  if (type === COMPRESSION_NONE) return contents;
  if (type === COMPRESSION_SNAPPY) return snappyUncompress(contents, (why) => corrupt(`block at offset ${h.offset}: ${why}`));
  return corrupt(`block at offset ${h.offset} has unknown compression type ${type}`);
}

/**
 * Entries of one block. A block is a run of entries, each `shared | non_shared | value_length` varints followed by
 * the unshared key suffix and the value, then a uint32 restart-point array and its uint32 length.
 */
export function parseBlock(block: Uint8Array, fail: Fail): TableEntry[] {
  if (block.length < 4) fail(`a block needs at least 4 bytes, has ${block.length}`);
  const numRestarts = readFixed32(block, block.length - 4);
  const restartsStart = block.length - 4 - 4 * numRestarts;
  if (restartsStart < 0) fail(`${numRestarts} restart points do not fit in a ${block.length}-byte block`);
  const r = new ByteReader(block, fail, 0, restartsStart);
  const out: TableEntry[] = [];
  let prevKey: Uint8Array = new Uint8Array(0);
  while (r.remaining > 0) {
    const shared = r.varint32();
    const nonShared = r.varint32();
    const valueLength = r.varint32();
    if (shared > prevKey.length) fail(`entry shares ${shared} bytes with a ${prevKey.length}-byte key`);
    const suffix = r.take(nonShared);
    const value = r.take(valueLength);
    const key = shared === 0 ? suffix : concat(prevKey.subarray(0, shared), suffix);
    out.push({ key, value });
    prevKey = key;
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Bytewise comparison, the order LevelDB's default comparator and TensorFlow's std::map<string> use. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
