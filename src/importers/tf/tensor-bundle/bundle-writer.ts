// Writes a single-shard TensorBundle (<prefix>.index + <prefix>.data-00000-of-00001) that TensorFlow can restore.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DT, dtypeByName, dtypeInfo, dtypeName, type DataTypeId } from '../dtypes.js';
import { encodeMessage } from '../proto/decode.js';
import { crc32c, maskCrc } from './crc32c.js';
import { floatsToBfloat16Bits, floatsToHalfBits } from './half.js';
import { dataFileName, indexFileName } from './naming.js';
import type { TableEntry } from './sstable-read.js';
import { compareBytes } from './sstable-read.js';
import { buildTable, type TableOptions } from './sstable-write.js';
import { encodeStringTensor } from './string-tensor.js';
import { arrayBytes, arrayFor, elementCount, type NumericArray } from './tensor-bytes.js';

export interface BundleTensor {
  name: string;
  /** DataType enum value (DT.FLOAT) or python-style name ('float32'). */
  dtype: DataTypeId | string;
  shape: readonly number[];
  /**
   * Row-major values: the dtype's own typed array is written as is (Uint16Array bit patterns for float16/bfloat16,
   * Uint8Array 0/1 for bool, interleaved pairs for complex); other typed arrays or number[] are converted (floats to
   * float16/bfloat16 with round-to-nearest-even). String tensors take string[] (UTF-8) or Uint8Array[].
   */
  data: NumericArray | readonly number[] | readonly bigint[] | readonly string[] | readonly Uint8Array[];
}

export interface WrittenBundle {
  indexFile: string;
  dataFile: string;
}

const UTF8 = new TextEncoder();

/**
 * Writes the bundle. Index keys are sorted bytewise after the header entry, every entry carries the masked CRC32C
 * of its bytes. Each file is written to a temporary name and renamed, so a failure never leaves a half-written one.
 * Throws (a plain Error: the caller's bug) on duplicate or empty names, unknown dtypes or a data/shape mismatch.
 */
export function writeTensorBundle(prefix: string, tensors: readonly BundleTensor[], options: TableOptions = {}): WrittenBundle {
  // Data go to the shard in the caller's order (as TensorFlow's BundleWriter::Add does); the index is sorted.
  const chunks: Uint8Array[] = [];
  const entries: TableEntry[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '') throw new Error('writeTensorBundle: a tensor name must not be empty (that key holds the header)');
    if (seen.has(t.name)) throw new Error(`writeTensorBundle: duplicate tensor name "${t.name}"`);
    seen.add(t.name);
    const dtype = resolveDtype(t.dtype, t.name);
    const { bytes, maskedCrc } = encodeTensor(dtype, t);
    const entry: Record<string, unknown> = { dtype, shape: { dim: t.shape.map((size) => ({ size })) }, crc32c: maskedCrc };
    // proto3 writers omit zero scalars; matching that keeps the index byte-identical to TensorFlow's.
    if (offset !== 0) entry['offset'] = offset;
    if (bytes.length !== 0) entry['size'] = bytes.length;
    entries.push({ key: UTF8.encode(t.name), value: encodeMessage('BundleEntryProto', entry) });
    chunks.push(bytes);
    offset += bytes.length;
  }
  entries.sort((a, b) => compareBytes(a.key, b.key));
  const header = encodeMessage('BundleHeaderProto', { num_shards: 1, version: { producer: 1 } });
  entries.unshift({ key: new Uint8Array(0), value: header });

  const data = new Uint8Array(offset);
  let pos = 0;
  for (const c of chunks) {
    data.set(c, pos);
    pos += c.length;
  }
  const indexFile = indexFileName(prefix);
  const dataFile = dataFileName(prefix, 0, 1);
  mkdirSync(dirname(indexFile), { recursive: true });
  writeAtomically(dataFile, data);
  writeAtomically(indexFile, buildTable(entries, options));
  return { indexFile, dataFile };
}

function resolveDtype(dtype: DataTypeId | string, name: string): DataTypeId {
  const info = typeof dtype === 'string' ? dtypeByName(dtype) : dtypeInfo(dtype);
  if (info === undefined) throw new Error(`writeTensorBundle: tensor "${name}" has unknown dtype ${String(dtype)}`);
  return info.id;
}

function encodeTensor(dtype: DataTypeId, t: BundleTensor): { bytes: Uint8Array; maskedCrc: number } {
  const count = elementCount(t.shape);
  if (dtype === DT.STRING) {
    const items = (t.data as readonly (string | Uint8Array)[]).map((s) => (typeof s === 'string' ? UTF8.encode(s) : s));
    if (items.length !== count) throw new Error(`writeTensorBundle: tensor "${t.name}" has ${items.length} strings for shape [${t.shape}]`);
    return encodeStringTensor(items);
  }
  const bytes = arrayBytes(elementArray(dtype, t, count));
  return { bytes, maskedCrc: maskCrc(crc32c(bytes)) };
}

/** The data as the dtype's storage typed array (no copy when it already is one). */
function elementArray(dtype: DataTypeId, t: BundleTensor, count: number): NumericArray {
  const spec = arrayFor(dtype);
  if (spec === undefined) throw new Error(`writeTensorBundle: tensor "${t.name}" has dtype ${dtypeName(dtype)}, which cannot be written`);
  const want = count * spec.perElement;
  const data = t.data;
  if (data.length !== want) {
    throw new Error(`writeTensorBundle: tensor "${t.name}" has ${data.length} values, shape [${t.shape}] needs ${want}`);
  }
  if ((dtype === DT.HALF || dtype === DT.BFLOAT16) && !(data instanceof Uint16Array)) {
    const floats = Float32Array.from(data as ArrayLike<number>);
    return dtype === DT.HALF ? floatsToHalfBits(floats) : floatsToBfloat16Bits(floats);
  }
  if (data instanceof spec.ctor) return data;
  const out = new spec.ctor(want);
  const isBig = out instanceof BigInt64Array || out instanceof BigUint64Array;
  for (let i = 0; i < want; i++) {
    const v = (data as ArrayLike<number | bigint | string | Uint8Array>)[i];
    if (typeof v !== 'number' && typeof v !== 'bigint') throw new Error(`writeTensorBundle: tensor "${t.name}" holds non-numeric values`);
    (out as unknown as (number | bigint)[])[i] = isBig ? BigInt(v) : Number(v);
  }
  return out;
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
