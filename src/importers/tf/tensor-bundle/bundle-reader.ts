// TensorBundle reader: the checkpoint format of SavedModel variables/ and TF1 model.ckpt.{index,data-*}.
//
// The .index table maps "" to a BundleHeaderProto and each tensor key to a BundleEntryProto saying where the
// tensor's bytes lie in which data shard. Shards are read lazily, one tensor at a time, so a missing shard only
// matters when a tensor stored in it is read.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { userError } from '../../../diag/diagnostic.js';
import { Codes } from '../../../diag/catalogue.js';
import { DT, dtypeInfo, dtypeName, type DataTypeId } from '../dtypes.js';
import { decodeBundleEntry, decodeBundleHeader, decodeTrackableObjectGraph } from '../proto/decode.js';
import type { BundleEntryProto, BundleHeaderProto, TrackableObjectGraph } from '../proto/types-saved-model.js';
import { crc32c, maskCrc } from './crc32c.js';
import { bundlePrefix, dataFileName, indexFileName, OBJECT_GRAPH_KEY } from './naming.js';
import { readTable } from './sstable-read.js';
import { decodeStringTensor } from './string-tensor.js';
import { byteLength, decodeTensorBytes, decodeUtf8, elementCount, type TensorValue } from './tensor-bytes.js';

/** A tensor's metadata from the index. */
export interface BundleEntry {
  key: string;
  dtype: DataTypeId;
  /** Dimensions as stored (validated when the tensor is read). */
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  /** Masked CRC32C of the tensor's stored bytes. */
  crc32c: number;
  proto: BundleEntryProto;
}

export interface ReadOptions {
  /** Check the tensor bytes against the entry's CRC32C (default true). */
  verifyChecksum?: boolean;
}

const UTF8 = new TextDecoder('utf-8');
/** The newest bundle format version this reader understands (TensorFlow's kTensorBundleVersion). */
const BUNDLE_VERSION = 1;

export class TensorBundle {
  readonly header: BundleHeaderProto;
  private readonly entries = new Map<string, BundleEntry>();

  private constructor(
    readonly prefix: string,
    readonly indexFile: string,
    indexBytes: Uint8Array,
  ) {
    let header: BundleHeaderProto | undefined;
    for (const { key, value } of readTable(indexBytes, indexFile)) {
      const name = UTF8.decode(key);
      if (key.length === 0) {
        header = decodeBundleHeader(value, `${indexFile} (header entry)`);
        continue;
      }
      const proto = decodeBundleEntry(value, `${indexFile} (entry "${name}")`);
      this.entries.set(name, {
        key: name,
        dtype: proto.dtype,
        shape: proto.shape?.dim.map((d) => d.size) ?? [],
        shardId: proto.shard_id,
        offset: proto.offset,
        size: proto.size,
        crc32c: proto.crc32c,
        proto,
      });
    }
    if (header === undefined) this.corrupt('it has no header entry');
    this.header = header;
    this.checkHeader(header);
  }

  /** Opens `<prefix>.index` (the prefix may also be given as the .index path). Data shards are opened on demand. */
  static open(prefixOrIndexPath: string): TensorBundle {
    const prefix = bundlePrefix(prefixOrIndexPath);
    const indexFile = indexFileName(prefix);
    if (!existsSync(indexFile)) userError(Codes.FileNotFound, `${indexFile}: checkpoint index not found`, { file: indexFile });
    return new TensorBundle(prefix, indexFile, readFileSync(indexFile));
  }

  /** A bundle whose index bytes are already in memory; data shards are still looked up next to `prefix`. */
  static fromIndexBytes(indexBytes: Uint8Array, prefix: string): TensorBundle {
    return new TensorBundle(prefix, indexFileName(prefix), indexBytes);
  }

  get numShards(): number {
    return this.header.num_shards;
  }

  /** Tensor keys in the index's (bytewise sorted) order, without the header entry. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  entry(key: string): BundleEntry {
    const e = this.entries.get(key);
    if (e === undefined) {
      return userError(Codes.MissingVariable, `${this.indexFile}: the checkpoint has no tensor "${key}"`, { file: this.indexFile });
    }
    return e;
  }

  dataFile(shardId: number): string {
    return dataFileName(this.prefix, shardId, this.numShards);
  }

  /** Reads, checks and decodes one tensor. */
  read(key: string, options: ReadOptions = {}): TensorValue {
    const e = this.entry(key);
    const what = `tensor "${key}"`;
    if (e.proto.slices.length > 0) {
      userError(Codes.NotImplemented, `${this.indexFile}: ${what} is a partitioned variable (${e.proto.slices.length} slices); partitioned checkpoints are not supported`, { file: this.indexFile });
    }
    const shape = e.shape.map((d) => (Number.isSafeInteger(d) && d >= 0 ? d : this.corrupt(`${what} has an invalid dimension ${d}`)));
    const count = elementCount(shape);
    if (!Number.isSafeInteger(count)) this.corrupt(`${what} has an impossible shape [${shape}]`);
    const expected = byteLength(e.dtype, count);
    if (e.dtype !== DT.STRING && expected === undefined) {
      const known = dtypeInfo(e.dtype) !== undefined;
      userError(known ? Codes.NotImplemented : Codes.CorruptFile, `${this.indexFile}: ${what} has dtype ${dtypeName(e.dtype)}, which litec cannot read from a checkpoint`, { file: this.indexFile });
    }
    if (expected !== undefined && e.size !== expected) {
      this.corrupt(`${what} is ${dtypeName(e.dtype)}[${shape}] (${expected} bytes) but its entry says ${e.size} bytes`);
    }
    const file = this.shardFile(e);
    const bytes = readRange(file, e.offset, e.size, key);
    const verify = options.verifyChecksum ?? true;
    const mismatch = (why: string): never =>
      userError(Codes.ChecksumMismatch, `${file}: ${what} ${why}; the checkpoint data is damaged, restore it from the original export`, { file });
    if (e.dtype === DT.STRING) {
      const fail = (why: string): never => userError(Codes.CorruptFile, `${file}: ${what}: corrupt string data (${why})`, { file });
      const decoded = decodeStringTensor(bytes, count, fail);
      if (!decoded.lengthsOk) mismatch('has string lengths that fail their CRC32C check');
      if (verify && maskCrc(decoded.crc) !== e.crc32c) mismatch('fails its CRC32C check');
      return { dtype: e.dtype, shape, data: decodeUtf8(decoded.strings), strings: decoded.strings };
    }
    if (verify && maskCrc(crc32c(bytes)) !== e.crc32c) mismatch('fails its CRC32C check');
    return decodeTensorBytes(e.dtype, shape, bytes);
  }

  /** The TF2 object graph stored under "_CHECKPOINTABLE_OBJECT_GRAPH", if the checkpoint has one. */
  objectGraph(): TrackableObjectGraph | undefined {
    if (!this.has(OBJECT_GRAPH_KEY)) return undefined;
    const value = this.read(OBJECT_GRAPH_KEY);
    const bytes = value.strings?.[0];
    if (value.dtype !== DT.STRING || bytes === undefined) this.corrupt(`"${OBJECT_GRAPH_KEY}" is not a string tensor`);
    return decodeTrackableObjectGraph(bytes, `${this.indexFile} (${OBJECT_GRAPH_KEY})`);
  }

  private shardFile(e: BundleEntry): string {
    if (!Number.isInteger(e.shardId) || e.shardId < 0 || e.shardId >= this.numShards) {
      this.corrupt(`tensor "${e.key}" names data shard ${e.shardId}, but the bundle has ${this.numShards}`);
    }
    const file = this.dataFile(e.shardId);
    if (!existsSync(file)) {
      const hint = 'pass --allow-missing-weights to use seeded values';
      userError(Codes.MissingWeights, `${file}: missing checkpoint data file holding variable "${e.key}" (${hint})`, { file, notes: [hint] });
    }
    return file;
  }

  private checkHeader(h: BundleHeaderProto): void {
    if (!Number.isInteger(h.num_shards) || h.num_shards < 1) this.corrupt(`the header says ${h.num_shards} data shards`);
    if (h.endianness !== 0) {
      userError(Codes.NotImplemented, `${this.indexFile}: big-endian checkpoints are not supported`, { file: this.indexFile });
    }
    const v = h.version;
    if (v !== null && (v.min_consumer > BUNDLE_VERSION || v.bad_consumers.includes(BUNDLE_VERSION))) {
      userError(Codes.UnknownFormat, `${this.indexFile}: checkpoint format version ${v.producer} needs a newer reader (min consumer ${v.min_consumer})`, { file: this.indexFile });
    }
  }

  private corrupt(why: string): never {
    return userError(Codes.CorruptFile, `${this.indexFile}: corrupt TensorBundle index (${why})`, { file: this.indexFile });
  }
}

/** Reads bytes [offset, offset + size) of a data shard into a fresh (hence aligned) buffer. */
function readRange(file: string, offset: number, size: number, key: string): Uint8Array {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || size < 0) {
    return userError(Codes.CorruptFile, `${file}: tensor "${key}" has an invalid location (offset ${offset}, size ${size})`, { file });
  }
  const fd = openSync(file, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    if (offset + size > fileSize) {
      userError(Codes.CorruptFile, `${file}: tensor "${key}" needs bytes ${offset}..${offset + size} but the file has ${fileSize} (truncated?)`, { file });
    }
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, out, done, size - done, offset + done);
      if (n === 0) userError(Codes.CorruptFile, `${file}: unexpected end of file reading tensor "${key}"`, { file });
      done += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
