// The TensorBundle encoding of a DT_STRING tensor, and its checksum.
//
// On disk: one varint64 length per element, a 4-byte masked CRC32C of those lengths, then the element bytes.
// The entry's crc32c covers the lengths (each as a little-endian uint32, or uint64 above 2^32-1, not as varints),
// the 4 stored checksum bytes, and the element bytes.
import { ByteReader, pushVarint, readFixed32, writeFixed32, type Fail } from './byte-reader.js';
import { crc32cExtend, maskCrc, unmaskCrc } from './crc32c.js';

export interface DecodedStrings {
  strings: Uint8Array[];
  /** Unmasked CRC32C as TensorFlow computes it for the entry. */
  crc: number;
  /** Whether the stored checksum of the lengths matched. */
  lengthsOk: boolean;
}

/** Decodes `count` strings from exactly the entry's bytes; `fail` gets the reason the layout is broken. */
export function decodeStringTensor(bytes: Uint8Array, count: number, fail: Fail): DecodedStrings {
  if (count === 0 && bytes.length === 0) return { strings: [], crc: 0, lengthsOk: true };
  const r = new ByteReader(bytes, fail);
  const lengths: number[] = [];
  let crc = 0;
  for (let i = 0; i < count; i++) {
    const len = r.varint64();
    lengths.push(len);
    crc = crc32cExtend(crc, lengthBytes(len));
  }
  const storedBytes = r.take(4);
  const lengthsOk = unmaskCrc(readFixed32(storedBytes, 0)) === crc;
  // Damaged lengths would misplace every string; report the checksum rather than a confusing layout error.
  if (!lengthsOk) return { strings: [], crc, lengthsOk };
  crc = crc32cExtend(crc, storedBytes);
  const strings: Uint8Array[] = [];
  for (const len of lengths) {
    const s = r.take(len);
    crc = crc32cExtend(crc, s);
    strings.push(s);
  }
  if (r.remaining !== 0) fail(`${r.remaining} bytes follow the last string`);
  return { strings, crc, lengthsOk };
}

/** Encodes strings (even zero of them get the 4 checksum bytes, as TensorFlow writes); returns the bytes and the
 * masked crc32c to store in the entry. */
export function encodeStringTensor(strings: readonly Uint8Array[]): { bytes: Uint8Array; maskedCrc: number } {
  const head: number[] = [];
  let crc = 0;
  for (const s of strings) {
    pushVarint(head, s.length);
    crc = crc32cExtend(crc, lengthBytes(s.length));
  }
  const lengthsCrc = new Uint8Array(4);
  writeFixed32(lengthsCrc, 0, maskCrc(crc));
  crc = crc32cExtend(crc, lengthsCrc);
  const total = head.length + 4 + strings.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  out.set(head, 0);
  out.set(lengthsCrc, head.length);
  let pos = head.length + 4;
  for (const s of strings) {
    out.set(s, pos);
    pos += s.length;
    crc = crc32cExtend(crc, s);
  }
  return { bytes: out, maskedCrc: maskCrc(crc) };
}

/** A length as TensorFlow checksums it: uint32 little-endian, or uint64 when it does not fit. */
function lengthBytes(len: number): Uint8Array {
  if (len <= 0xffffffff) {
    const b = new Uint8Array(4);
    writeFixed32(b, 0, len);
    return b;
  }
  const b = new Uint8Array(8);
  writeFixed32(b, 0, len % 2 ** 32);
  writeFixed32(b, 4, Math.floor(len / 2 ** 32));
  return b;
}
