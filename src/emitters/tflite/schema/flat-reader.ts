// Bounds-checked flatbuffer access: every offset, vtable, vector and string is verified before it is followed.
import { ByteBuffer } from 'flatbuffers';
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';

/** Largest uoffset a flatbuffer may hold (offsets are unsigned but must fit in int32). */
const MAX_UOFFSET = 0x7fffffff;

/**
 * Owns the bytes and the verification state. Offsets in a flatbuffer only point forward, so following them
 * cannot loop; what bounds the work on a hostile file (many vectors sharing one large table or vector) is
 * `budget`, charged with the bytes each table or vector occupies: a file without sharing spends at most its
 * own size, and twice that plus some slack is allowed.
 */
export class FlatReader {
  readonly bytes: Uint8Array;
  readonly bb: ByteBuffer;
  readonly length: number;
  private spent = 0;
  private readonly budget: number;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    bytes: Uint8Array,
    readonly file: string,
  ) {
    // A plain Uint8Array view even when given a Node Buffer, so the data views handed out are all one class.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.bb = new ByteBuffer(this.bytes);
    this.length = bytes.length;
    this.budget = 2 * bytes.length + 65536;
  }

  fail(message: string): never {
    return userError(Codes.CorruptFile, `corrupt TFLite flatbuffer: ${message}`, { file: this.file });
  }

  /** Checks the 4-byte file identifier at bytes 4..8 and returns the root table. */
  root(identifier: string, what: string): FlatTable {
    if (this.length < 8) this.fail(`file is ${this.length} bytes, too short to hold a flatbuffer header`);
    let id = '';
    for (let i = 4; i < 8; i++) id += String.fromCharCode(this.bytes[i] ?? 0);
    if (id !== identifier) {
      userError(Codes.BadMagic, `not a TFLite model: file identifier is ${JSON.stringify(id)}, expected "${identifier}"`, {
        file: this.file,
      });
    }
    return this.tableAt(this.deref(0, `${what} (root offset)`), what);
  }

  /** Follows the uoffset stored at `at` (whose 4 bytes are already known to be in bounds). */
  deref(at: number, what: string): number {
    const off = this.bb.readUint32(at);
    if (off === 0 || off > MAX_UOFFSET) this.fail(`${what}: invalid offset ${off} at byte ${at}`);
    const target = at + off;
    if (target >= this.length) this.fail(`${what}: offset points to byte ${target}, past the end of the file (${this.length} bytes)`);
    return target;
  }

  /** Verifies the table at `pos` (alignment, vtable, inline size) and returns a handle to it. */
  tableAt(pos: number, what: string): FlatTable {
    if (pos % 4 !== 0) this.fail(`${what}: table at byte ${pos} is not 4-byte aligned`);
    if (pos + 4 > this.length) this.fail(`${what}: table at byte ${pos} runs past the end of the file`);
    const vt = pos - this.bb.readInt32(pos);
    if (vt < 0 || vt % 2 !== 0 || vt + 4 > this.length) this.fail(`${what}: vtable offset of table at byte ${pos} is out of range`);
    const vsize = this.bb.readUint16(vt);
    const tsize = this.bb.readUint16(vt + 2);
    if (vsize < 4 || vsize % 2 !== 0 || vt + vsize > this.length) this.fail(`${what}: vtable at byte ${vt} has a bad size (${vsize})`);
    if (tsize < 4 || pos + tsize > this.length) this.fail(`${what}: table at byte ${pos} (${tsize} bytes) runs past the end of the file`);
    this.charge(tsize, what);
    return new FlatTable(this, pos, vt, vsize, tsize, what);
  }

  /** Verifies the vector whose uoffset is at `at`; returns the first element's position and the count. */
  vectorAt(at: number, elemSize: number, what: string, chargePerElem = elemSize): { start: number; count: number } {
    const pos = this.deref(at, what);
    if (pos % 4 !== 0) this.fail(`${what}: vector at byte ${pos} is not 4-byte aligned`);
    if (pos + 4 > this.length) this.fail(`${what}: vector length at byte ${pos} is past the end of the file`);
    const count = this.bb.readUint32(pos);
    if (pos + 4 + count * elemSize > this.length) {
      this.fail(`${what}: vector of ${count} elements at byte ${pos} runs past the end of the file (${this.length} bytes)`);
    }
    this.charge(4 + count * chargePerElem, what);
    return { start: pos + 4, count };
  }

  /** Verifies and decodes the string whose uoffset is at `at` (length, bounds, NUL terminator). */
  stringAt(at: number, what: string): string {
    // Charged per byte: decoding is a copy, and many strings may point at one long string.
    const { start, count } = this.vectorAt(at, 1, what, 1);
    if (start + count >= this.length || this.bytes[start + count] !== 0) this.fail(`${what}: string is not NUL-terminated`);
    return this.decoder.decode(this.bytes.subarray(start, start + count));
  }

  /** Records work done on behalf of the file; past the budget the file is rejected. */
  charge(units: number, what: string): void {
    this.spent += units;
    if (this.spent > this.budget) {
      this.fail(`${what}: the file references more data than it holds (shared or overlapping tables/vectors); giving up`);
    }
  }
}

/** A verified table: field reads check the field lies inside the table and return schema defaults when absent. */
export class FlatTable {
  constructor(
    private readonly r: FlatReader,
    readonly pos: number,
    private readonly vt: number,
    private readonly vsize: number,
    private readonly tsize: number,
    readonly what: string,
  ) {}

  /** Absolute position of field `id` (`size` bytes inline), or 0 when the field is absent. */
  field(id: number, size: number): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > this.vsize) return 0;
    const off = this.r.bb.readUint16(this.vt + slot);
    if (off === 0) return 0;
    if (off < 4 || off + size > this.tsize) this.r.fail(`${this.what}: field ${id} lies outside its table`);
    return this.pos + off;
  }

  /** Each present field's inline bytes (to keep a table of an unknown type): size = gap to the next field, at most 8. */
  rawFields(): { id: number; bytes: Uint8Array }[] {
    this.r.charge(this.vsize, this.what); // a shared vtable may be large; walking it is work
    const present: { id: number; off: number }[] = [];
    for (let id = 0; 4 + 2 * id + 2 <= this.vsize; id++) {
      const off = this.r.bb.readUint16(this.vt + 4 + 2 * id);
      if (off === 0) continue;
      if (off < 4 || off >= this.tsize) this.r.fail(`${this.what}: field ${id} lies outside its table`);
      present.push({ id, off });
    }
    // A field's size is the gap to the next field (or the table end), capped at 8: scalars are at most 8 bytes.
    const offsets = [...new Set(present.map((p) => p.off))].sort((a, b) => a - b);
    const nextOffset = new Map<number, number>();
    offsets.forEach((off, i) => nextOffset.set(off, offsets[i + 1] ?? this.tsize));
    return present.map(({ id, off }) => {
      const size = Math.min(8, (nextOffset.get(off) ?? this.tsize) - off);
      return { id, bytes: this.r.bytes.slice(this.pos + off, this.pos + off + size) };
    });
  }

  bool(id: number, dflt = false): boolean {
    const p = this.field(id, 1);
    return p === 0 ? dflt : this.r.bb.readUint8(p) !== 0;
  }
  i8(id: number, dflt = 0): number {
    const p = this.field(id, 1);
    return p === 0 ? dflt : this.r.bb.readInt8(p);
  }
  u8(id: number, dflt = 0): number {
    const p = this.field(id, 1);
    return p === 0 ? dflt : this.r.bb.readUint8(p);
  }
  i16(id: number, dflt = 0): number {
    const p = this.field(id, 2);
    return p === 0 ? dflt : this.r.bb.readInt16(p);
  }
  u16(id: number, dflt = 0): number {
    const p = this.field(id, 2);
    return p === 0 ? dflt : this.r.bb.readUint16(p);
  }
  i32(id: number, dflt = 0): number {
    const p = this.field(id, 4);
    return p === 0 ? dflt : this.r.bb.readInt32(p);
  }
  u32(id: number, dflt = 0): number {
    const p = this.field(id, 4);
    return p === 0 ? dflt : this.r.bb.readUint32(p);
  }
  f32(id: number, dflt = 0): number {
    const p = this.field(id, 4);
    return p === 0 ? dflt : this.r.bb.readFloat32(p);
  }
  f64(id: number, dflt = 0): number {
    const p = this.field(id, 8);
    return p === 0 ? dflt : this.r.bb.readFloat64(p);
  }
  i64(id: number, dflt = 0n): bigint {
    const p = this.field(id, 8);
    return p === 0 ? dflt : this.r.bb.readInt64(p);
  }
  u64(id: number, dflt = 0n): bigint {
    const p = this.field(id, 8);
    return p === 0 ? dflt : this.r.bb.readUint64(p);
  }

  string(id: number, name: string): string | null {
    const p = this.field(id, 4);
    return p === 0 ? null : this.r.stringAt(p, `${this.what}.${name}`);
  }

  /** Sub-table of field `id`, or null when absent. */
  table(id: number, name: string): FlatTable | null {
    const p = this.field(id, 4);
    return p === 0 ? null : this.r.tableAt(this.r.deref(p, `${this.what}.${name}`), `${this.what}.${name}`);
  }

  /** Vector of tables; element i is named `<name>[i]` in error messages. Absent → []. */
  tables(id: number, name: string): FlatTable[] {
    const p = this.field(id, 4);
    if (p === 0) return [];
    const { start, count } = this.r.vectorAt(p, 4, `${this.what}.${name}`);
    const out: FlatTable[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const at = start + 4 * i;
      const what = `${this.what}.${name}[${i}]`;
      out[i] = this.r.tableAt(this.r.deref(at, what), what);
    }
    return out;
  }

  /** Zero-copy view of a [ubyte] vector, or null when absent. */
  bytes(id: number, name: string): Uint8Array | null {
    const p = this.field(id, 4);
    if (p === 0) return null;
    const { start, count } = this.r.vectorAt(p, 1, `${this.what}.${name}`, 0);
    return this.r.bytes.subarray(start, start + count);
  }

  /** A scalar vector read element by element (no typed-array view, so misaligned data cannot throw). */
  numbers(id: number, name: string, kind: 'i32' | 'u32' | 'f32' | 'u8' | 'bool'): number[] | null {
    const p = this.field(id, 4);
    if (p === 0) return null;
    const size = kind === 'u8' || kind === 'bool' ? 1 : 4;
    const { start, count } = this.r.vectorAt(p, size, `${this.what}.${name}`);
    const bb = this.r.bb;
    const out: number[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const at = start + size * i;
      out[i] =
        kind === 'i32' ? bb.readInt32(at) : kind === 'u32' ? bb.readUint32(at) : kind === 'f32' ? bb.readFloat32(at) : bb.readUint8(at);
    }
    return out;
  }

  /** An int64 vector as bigints, or null when absent. */
  bigints(id: number, name: string): bigint[] | null {
    const p = this.field(id, 4);
    if (p === 0) return null;
    const { start, count } = this.r.vectorAt(p, 8, `${this.what}.${name}`);
    const out: bigint[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = this.r.bb.readInt64(start + 8 * i);
    return out;
  }

  /** The whole file (for data stored after the flatbuffer, located by absolute offsets). */
  fileBytes(): Uint8Array {
    return this.r.bytes;
  }

  fail(message: string): never {
    return this.r.fail(`${this.what}: ${message}`);
  }
}
