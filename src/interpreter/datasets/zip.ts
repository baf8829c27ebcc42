// A minimal ZIP container (the .npz format): reads stored/deflated entries (zip64 sizes too), writes stored/deflated.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

/** CRC-32 (IEEE 802.3, the one ZIP uses). The table is a constant computed once. */
const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Bounds-checked little-endian reads; every failure is a user error naming the file. */
class Reader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(what: string): never {
    return userError(Codes.BadInput, `corrupt zip (.npz) container: ${what}`, { file: this.file });
  }
  need(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.bytes.length) {
      this.fail(`${what} at byte ${offset} runs past the end of the file (${this.bytes.length} bytes; truncated?)`);
    }
  }
  u16(o: number): number {
    this.need(o, 2, 'field');
    return this.view.getUint16(o, true);
  }
  u32(o: number): number {
    this.need(o, 4, 'field');
    return this.view.getUint32(o, true);
  }
  u64(o: number): number {
    const lo = this.u32(o);
    const hi = this.u32(o + 4);
    const v = hi * 0x100000000 + lo;
    if (!Number.isSafeInteger(v)) this.fail(`64-bit field at byte ${o} is too large`);
    return v;
  }
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function findEndOfCentralDirectory(r: Reader): number {
  const len = r.bytes.length;
  if (len < 22) r.fail(`file is ${len} bytes, too short for a zip archive`);
  const stop = Math.max(0, len - 22 - 0xffff);
  for (let p = len - 22; p >= stop; p--) {
    if (r.bytes[p] === 0x50 && r.bytes[p + 1] === 0x4b && r.u32(p) === SIG_EOCD) return p;
  }
  return r.fail('no end-of-central-directory record (not a zip file, or truncated)');
}

function readCentralDirectory(r: Reader): CentralEntry[] {
  const eocd = findEndOfCentralDirectory(r);
  if (r.u16(eocd + 4) !== 0 || r.u16(eocd + 6) !== 0) r.fail('multi-disk archives are not supported');
  let count = r.u16(eocd + 10);
  let cdSize = r.u32(eocd + 12);
  let cdOffset = r.u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || r.u32(loc) !== SIG_ZIP64_LOCATOR) r.fail('zip64 end-of-central-directory locator is missing');
    const z = r.u64(loc + 8);
    if (r.u32(z) !== SIG_ZIP64_EOCD) r.fail(`no zip64 end-of-central-directory record at byte ${z}`);
    count = r.u64(z + 32);
    cdSize = r.u64(z + 40);
    cdOffset = r.u64(z + 48);
  }
  r.need(cdOffset, cdSize, 'central directory');
  const end = cdOffset + cdSize;
  const entries: CentralEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    r.need(p, 46, 'central directory entry');
    if (p + 46 > end) r.fail(`central directory is shorter than its ${count} entries`);
    if (r.u32(p) !== SIG_CENTRAL) r.fail(`bad central directory entry signature at byte ${p}`);
    const flags = r.u16(p + 8);
    const method = r.u16(p + 10);
    const crc = r.u32(p + 16);
    let compressedSize = r.u32(p + 20);
    let size = r.u32(p + 24);
    const nameLen = r.u16(p + 28);
    const extraLen = r.u16(p + 30);
    const commentLen = r.u16(p + 32);
    let localOffset = r.u32(p + 42);
    r.need(p + 46, nameLen + extraLen + commentLen, 'central directory entry name');
    const nameBytes = r.bytes.subarray(p + 46, p + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    // zip64: the extra field (id 1) holds, in order, the fields whose 32-bit slot is 0xFFFFFFFF.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      let q = p + 46 + nameLen;
      const qEnd = q + extraLen;
      let found = false;
      while (q + 4 <= qEnd) {
        const id = r.u16(q);
        const sz = r.u16(q + 2);
        if (q + 4 + sz > qEnd) break;
        if (id === 1) {
          let f = q + 4;
          const take = (): number => {
            if (f + 8 > q + 4 + sz) r.fail(`zip64 extra field of "${name}" is too short`);
            const v = r.u64(f);
            f += 8;
            return v;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localOffset === 0xffffffff) localOffset = take();
          found = true;
          break;
        }
        q += 4 + sz;
      }
      if (!found) r.fail(`entry "${name}" needs a zip64 extra field but has none`);
    }
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function extract(r: Reader, e: CentralEntry): Uint8Array {
  if (e.flags & 1) r.fail(`entry "${e.name}" is encrypted`);
  r.need(e.localOffset, 30, `local header of "${e.name}"`);
  if (r.u32(e.localOffset) !== SIG_LOCAL) r.fail(`bad local header signature for "${e.name}"`);
  // The local name/extra lengths can differ from the central ones (zip64 writers), so read them here.
  const start = e.localOffset + 30 + r.u16(e.localOffset + 26) + r.u16(e.localOffset + 28);
  r.need(start, e.compressedSize, `data of "${e.name}"`);
  const raw = r.bytes.subarray(start, start + e.compressedSize);
  let data: Uint8Array;
  if (e.method === METHOD_STORED) {
    if (e.compressedSize !== e.size) r.fail(`stored entry "${e.name}" has different packed and unpacked sizes`);
    data = raw;
  } else if (e.method === METHOD_DEFLATE) {
    try {
      // maxOutputLength guards against a lying size field (a "zip bomb").
      const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      data = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (err) {
      return r.fail(`entry "${e.name}" does not inflate (${(err as Error).message})`);
    }
    if (data.length !== e.size) r.fail(`entry "${e.name}" inflates to ${data.length} bytes, expected ${e.size}`);
  } else {
    return r.fail(`entry "${e.name}" uses compression method ${e.method} (only stored and deflate are supported)`);
  }
  if (crc32(data) !== e.crc) r.fail(`CRC-32 mismatch in entry "${e.name}"`);
  return data;
}

/** All file entries (directories skipped) in central-directory order. */
export function readZip(bytes: Uint8Array, file: string): ZipEntry[] {
  const r = new Reader(bytes, file);
  return readCentralDirectory(r)
    .filter((e) => !e.name.endsWith('/'))
    .map((e) => ({ name: e.name, data: extract(r, e) }));
}

/**
 * A ZIP archive with fixed timestamps (1980-01-01) so equal input gives equal bytes. `baseOffset` is where the
 * archive will start in its file (TFLite metadata appends a zip of associated files to the model), so that the
 * offsets recorded in the central directory are absolute, as Python's zipfile writes them in append mode.
 */
export function writeZip(entries: readonly ZipEntry[], opts: { compress?: boolean; baseOffset?: number } = {}): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  const base = opts.baseOffset ?? 0;
  let offset = base;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const utf8 = /[^\x20-\x7e]/.test(e.name) ? 0x800 : 0;
    const method = opts.compress ? METHOD_DEFLATE : METHOD_STORED;
    const packed = opts.compress ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const crc = crc32(e.data);
    if (packed.length >= 0xffffffff || e.data.length >= 0xffffffff || offset >= 0xffffffff) {
      throw new Error('writeZip: entries of 4 GiB or more need zip64, which the writer does not produce');
    }
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, SIG_LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, utf8, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true); // time 00:00
    lv.setUint16(12, (0 << 9) | (1 << 5) | 1, true); // date 1980-01-01
    lv.setUint32(14, crc, true);
    lv.setUint32(18, packed.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, SIG_CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, utf8, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, (1 << 5) | 1, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, packed.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, packed);
    centrals.push(central);
    offset += local.length + packed.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, SIG_EOCD, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset - base + cdSize + 22);
  let p = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
