// A bounds-checked cursor over bytes (LevelDB varints and fixed-width little-endian ints) that reports via `fail`.

/** Called with a short reason when the bytes run out or hold an impossible value; must throw. */
export type Fail = (reason: string) => never;

export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    private readonly fail: Fail,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** An unsigned varint of at most 5 bytes that fits in 32 bits. */
  varint32(): number {
    const v = this.varint64();
    if (v > 0xffffffff) this.fail(`varint ${v} does not fit in 32 bits`);
    return v;
  }

  /** An unsigned varint of at most 10 bytes; values above 2^53 are rejected (no real offset or length is that big). */
  varint64(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) return this.fail('truncated varint');
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) return this.fail('varint larger than 2^53');
        return result;
      }
      scale *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  fixed32(): number {
    if (this.remaining < 4) return this.fail('truncated 32-bit value');
    const v = readFixed32(this.bytes, this.pos);
    this.pos += 4;
    return v;
  }

  /** The next `n` bytes as a view (no copy). */
  take(n: number): Uint8Array {
    if (n < 0 || n > this.remaining) return this.fail(`needs ${n} bytes but ${this.remaining} remain`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Little-endian uint32 at `pos` (the caller checks bounds). */
export function readFixed32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
}

export function writeFixed32(out: Uint8Array, pos: number, v: number): void {
  out[pos] = v & 0xff;
  out[pos + 1] = (v >>> 8) & 0xff;
  out[pos + 2] = (v >>> 16) & 0xff;
  out[pos + 3] = (v >>> 24) & 0xff;
}

/** Appends an unsigned varint (LevelDB PutVarint64) of a non-negative safe integer. */
export function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}
