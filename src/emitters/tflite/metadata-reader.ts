// Reads the parts of a TFLite ModelMetadata flatbuffer ("M001") litec uses: names, normalization, label files.
import { ByteBuffer } from 'flatbuffers';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import { METADATA_FILE_IDENTIFIER } from './metadata.js';

export interface ReadTensorMetadata {
  name: string | null;
  mean: number[] | null;
  std: number[] | null;
  labelsFiles: string[];
}

export interface ReadModelMetadata {
  name: string | null;
  description: string | null;
  version: string | null;
  minParserVersion: string | null;
  inputs: ReadTensorMetadata[];
  outputs: ReadTensorMetadata[];
}

/** Bounds-checked access to one table; flatbuffers' ByteBuffer itself does not check offsets. */
class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
    private readonly what: string,
  ) {
    if (pos < 0 || pos + 4 > bb.capacity()) this.fail('table offset out of range');
  }
  fail(msg: string): never {
    return userError(Codes.CorruptFile, `TFLite metadata: ${this.what}: ${msg}`);
  }
  private field(id: number): number {
    const vt = this.pos - this.bb.readInt32(this.pos);
    if (vt < 0 || vt + 4 > this.bb.capacity()) this.fail('vtable out of range');
    const vtSize = this.bb.readUint16(vt);
    const slot = 4 + 2 * id;
    return slot < vtSize ? this.bb.readUint16(vt + slot) : 0;
  }
  private deref(id: number): number {
    const o = this.field(id);
    if (o === 0) return 0;
    const at = this.pos + o;
    if (at + 4 > this.bb.capacity()) this.fail(`field ${id} out of range`);
    const target = at + this.bb.readUint32(at);
    if (target + 4 > this.bb.capacity()) this.fail(`field ${id} points out of range`);
    return target;
  }
  string(id: number): string | null {
    const p = this.deref(id);
    if (p === 0) return null;
    const len = this.bb.readUint32(p);
    if (p + 4 + len > this.bb.capacity()) this.fail('string out of range');
    return new TextDecoder().decode(this.bb.bytes().subarray(p + 4, p + 4 + len));
  }
  int8(id: number): number {
    const o = this.field(id);
    return o === 0 ? 0 : this.bb.readInt8(this.pos + o);
  }
  table(id: number, what: string): Table | null {
    const p = this.deref(id);
    return p === 0 ? null : new Table(this.bb, p, what);
  }
  vectorLength(id: number): { start: number; length: number } | null {
    const p = this.deref(id);
    if (p === 0) return null;
    const length = this.bb.readUint32(p);
    if (p + 4 + 4 * length > this.bb.capacity()) this.fail('vector out of range');
    return { start: p + 4, length };
  }
  tables(id: number, what: string): Table[] {
    const v = this.vectorLength(id);
    if (v === null) return [];
    const out: Table[] = [];
    for (let i = 0; i < v.length; i++) {
      const at = v.start + 4 * i;
      out.push(new Table(this.bb, at + this.bb.readUint32(at), `${what}[${i}]`));
    }
    return out;
  }
  floats(id: number): number[] | null {
    const v = this.vectorLength(id);
    if (v === null) return null;
    const out: number[] = [];
    for (let i = 0; i < v.length; i++) out.push(this.bb.readFloat32(v.start + 4 * i));
    return out;
  }
}

function tensor(t: Table): ReadTensorMetadata {
  let mean: number[] | null = null;
  let std: number[] | null = null;
  for (const pu of t.tables(4, 'process_units')) {
    if (pu.int8(0) !== 1) continue; // NormalizationOptions
    const opts = pu.table(1, 'NormalizationOptions');
    mean = opts?.floats(0) ?? null;
    std = opts?.floats(1) ?? null;
  }
  const labelsFiles = t.tables(6, 'associated_files').filter((f) => f.int8(2) === 2).map((f) => f.string(0) ?? '');
  return { name: t.string(0), mean, std, labelsFiles };
}

export function readModelMetadata(bytes: Uint8Array): ReadModelMetadata {
  if (bytes.length < 8) return userError(Codes.CorruptFile, 'TFLite metadata: buffer too small');
  const bb = new ByteBuffer(bytes);
  const id = String.fromCharCode(...bytes.subarray(4, 8));
  if (id !== METADATA_FILE_IDENTIFIER) return userError(Codes.BadMagic, `TFLite metadata: file identifier is "${id}", expected "${METADATA_FILE_IDENTIFIER}"`);
  const root = new Table(bb, bb.readUint32(0), 'ModelMetadata');
  const sub = root.tables(3, 'subgraph_metadata')[0];
  return {
    name: root.string(0),
    description: root.string(1),
    version: root.string(2),
    minParserVersion: root.string(7),
    inputs: sub ? sub.tables(2, 'input_tensor_metadata').map(tensor) : [],
    outputs: sub ? sub.tables(3, 'output_tensor_metadata').map(tensor) : [],
  };
}
