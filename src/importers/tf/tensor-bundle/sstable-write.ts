// Builds a LevelDB-format table (the TensorBundle .index) from sorted entries; the layout is described in
// sstable-read.ts. Data blocks use prefix-compressed keys with a restart point every 16 entries; the index block
// restarts at every entry, as LevelDB and TensorFlow write it.
import snappy from 'snappyjs';
import { pushVarint, writeFixed32 } from './byte-reader.js';
import { crc32cExtend, crc32c, maskCrc } from './crc32c.js';
import {
  compareBytes,
  COMPRESSION_NONE,
  COMPRESSION_SNAPPY,
  FOOTER_SIZE,
  TABLE_MAGIC,
  type BlockHandle,
  type TableEntry,
} from './sstable-read.js';

export interface TableOptions {
  /** Target uncompressed size of a data block (TensorFlow uses 256 KiB). */
  blockSize?: number;
  /** Entries between restart points in data blocks (default 16). */
  restartInterval?: number;
  /** Snappy-compress blocks when that saves at least 1/8 (TensorFlow writes uncompressed). */
  compress?: boolean;
}

/** Accumulates one block's entries, restart points and bytes. */
class BlockBuilder {
  private bytes: number[] = [];
  private restarts: number[] = [0];
  private counter = 0;
  private lastKey: Uint8Array = new Uint8Array(0);
  entries = 0;

  constructor(private readonly restartInterval: number) {}

  add(key: Uint8Array, value: Uint8Array): void {
    let shared = 0;
    if (this.counter < this.restartInterval) {
      const n = Math.min(this.lastKey.length, key.length);
      while (shared < n && this.lastKey[shared] === key[shared]) shared++;
    } else {
      this.restarts.push(this.bytes.length);
      this.counter = 0;
    }
    pushVarint(this.bytes, shared);
    pushVarint(this.bytes, key.length - shared);
    pushVarint(this.bytes, value.length);
    for (let i = shared; i < key.length; i++) this.bytes.push(key[i]!);
    for (const b of value) this.bytes.push(b);
    this.lastKey = key;
    this.counter++;
    this.entries++;
  }

  /** Bytes the finished block would take. */
  get size(): number {
    return this.bytes.length + 4 * this.restarts.length + 4;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    out.set(this.bytes, 0);
    let pos = this.bytes.length;
    for (const r of this.restarts) {
      writeFixed32(out, pos, r);
      pos += 4;
    }
    writeFixed32(out, pos, this.restarts.length);
    return out;
  }
}

/** Serializes entries (which must be in strictly increasing bytewise key order) as a complete table file. */
export function buildTable(entries: readonly TableEntry[], options: TableOptions = {}): Uint8Array {
  const blockSize = options.blockSize ?? 256 * 1024;
  const restartInterval = options.restartInterval ?? 16;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const writeBlock = (contents: Uint8Array): BlockHandle => {
    let body = contents;
    let type = COMPRESSION_NONE;
    if (options.compress === true) {
      const packed = snappy.compress(contents);
      if (packed.length < contents.length - contents.length / 8) {
        body = packed;
        type = COMPRESSION_SNAPPY;
      }
    }
    const trailer = new Uint8Array(5);
    trailer[0] = type;
    writeFixed32(trailer, 1, maskCrc(crc32cExtend(crc32c(body), trailer.subarray(0, 1))));
    const handle = { offset, size: body.length };
    chunks.push(body, trailer);
    offset += body.length + trailer.length;
    return handle;
  };

  const index = new BlockBuilder(1);
  let block = new BlockBuilder(restartInterval);
  let lastKey: Uint8Array | undefined;
  // As in LevelDB, a finished block's index entry waits for the next key so that its key can be a short separator.
  let pending: BlockHandle | undefined;
  for (const { key, value } of entries) {
    if (lastKey !== undefined && compareBytes(lastKey, key) >= 0) {
      throw new Error('buildTable: keys must be unique and in increasing bytewise order');
    }
    if (pending !== undefined && lastKey !== undefined) {
      index.add(shortestSeparator(lastKey, key), encodeHandle(pending));
      pending = undefined;
    }
    block.add(key, value);
    lastKey = key;
    if (block.size >= blockSize) {
      pending = writeBlock(block.finish());
      block = new BlockBuilder(restartInterval);
    }
  }
  if (block.entries > 0) pending = writeBlock(block.finish());
  if (pending !== undefined && lastKey !== undefined) index.add(shortSuccessor(lastKey), encodeHandle(pending));
  const metaIndex = writeBlock(new BlockBuilder(restartInterval).finish());
  const indexHandle = writeBlock(index.finish());

  const footer = new Uint8Array(FOOTER_SIZE);
  const handles: number[] = [];
  for (const h of [metaIndex, indexHandle]) {
    pushVarint(handles, h.offset);
    pushVarint(handles, h.size);
  }
  footer.set(handles, 0);
  footer.set(TABLE_MAGIC, FOOTER_SIZE - TABLE_MAGIC.length);
  chunks.push(footer);

  const out = new Uint8Array(offset + FOOTER_SIZE);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

/** A short key k with start <= k < limit (LevelDB's FindShortestSeparator for the bytewise comparator). */
export function shortestSeparator(start: Uint8Array, limit: Uint8Array): Uint8Array {
  const n = Math.min(start.length, limit.length);
  let i = 0;
  while (i < n && start[i] === limit[i]) i++;
  if (i >= n) return start; // one is a prefix of the other
  const b = start[i]!;
  if (b < 0xff && b + 1 < limit[i]!) {
    const out = start.slice(0, i + 1);
    out[i] = b + 1;
    return out;
  }
  return start;
}

/** A short key k >= key (LevelDB's FindShortSuccessor): bump the first byte that is not 0xff and cut after it. */
export function shortSuccessor(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    if (key[i] !== 0xff) {
      const out = key.slice(0, i + 1);
      out[i] = key[i]! + 1;
      return out;
    }
  }
  return key;
}

function encodeHandle(h: BlockHandle): Uint8Array {
  const bytes: number[] = [];
  pushVarint(bytes, h.offset);
  pushVarint(bytes, h.size);
  return Uint8Array.from(bytes);
}
