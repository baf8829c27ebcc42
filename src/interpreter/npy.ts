// NumPy .npy (format versions 1-3) and .npz (a zip of .npy files) reading and writing, little-endian, C order.
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { readZip, writeZip } from './datasets/zip.js';

export type NpyDtype = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'int32' | 'int64' | 'bool' | 'float16';

/** bool is stored as 0/1 bytes in a Uint8Array; float16 as raw IEEE half bits in a Uint16Array. */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

interface DtypeInfo {
  descr: string;
  size: number;
  make: (buf: ArrayBuffer) => NpyData;
}

const DTYPES: Record<NpyDtype, DtypeInfo> = {
  float32: { descr: '<f4', size: 4, make: (b) => new Float32Array(b) },
  float64: { descr: '<f8', size: 8, make: (b) => new Float64Array(b) },
  int8: { descr: '|i1', size: 1, make: (b) => new Int8Array(b) },
  uint8: { descr: '|u1', size: 1, make: (b) => new Uint8Array(b) },
  int16: { descr: '<i2', size: 2, make: (b) => new Int16Array(b) },
  int32: { descr: '<i4', size: 4, make: (b) => new Int32Array(b) },
  int64: { descr: '<i8', size: 8, make: (b) => new BigInt64Array(b) },
  bool: { descr: '|b1', size: 1, make: (b) => new Uint8Array(b) },
  float16: { descr: '<f2', size: 2, make: (b) => new Uint16Array(b) },
};

const KIND_TO_DTYPE: Record<string, NpyDtype> = {
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  b1: 'bool',
  f2: 'float16',
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** True when the bytes start with the .npy magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

// ---- header: a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

function parsePyLiteral(text: string, fail: (why: string) => never): PyValue {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (depth: number): PyValue => {
    if (depth > 16) fail('header nests too deeply');
    ws();
    const c = text[i];
    if (c === undefined) return fail('header ends early');
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string in header');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (c === '{' || c === '(' || c === '[') {
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const map = new Map<string, PyValue>();
      const list: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          break;
        }
        if (c === '{') {
          const k = value(depth + 1);
          if (typeof k !== 'string') fail('header dict key is not a string');
          ws();
          if (text[i] !== ':') fail(`expected ':' after '${k}' in header`);
          i++;
          map.set(k, value(depth + 1));
        } else {
          list.push(value(depth + 1));
        }
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`expected ',' or '${close}' in header at column ${i}`);
      }
      return c === '{' ? map : list;
    }
    const m = /^(-?\d+)L?|^(True|False|None)/.exec(text.slice(i, i + 32));
    if (!m) return fail(`unexpected '${c}' in header at column ${i}`);
    i += m[0].length;
    if (m[2] !== undefined) return m[2] === 'None' ? null : m[2] === 'True';
    return Number(m[1]);
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail(`unexpected text after the header dict at column ${i}`);
  return v;
}

export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the array data in the file. */
  dataOffset: number;
  dataBytes: number;
}

/**
 * Parses the .npy header from the first bytes of a file whose total length is `fileLength`, checking that the
 * data size matches the file size exactly. `file` names the source in error messages.
 */
export function parseNpyHeader(bytes: Uint8Array, fileLength: number, file: string): NpyHeader {
  const fail = (why: string): never => userError(Codes.BadInput, `not a valid .npy array: ${why}`, { file });
  if (bytes.length < 10 || !isNpy(bytes)) fail('missing the \\x93NUMPY magic string');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) {
    headerStart = 10;
    headerLen = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated header');
    headerStart = 12;
    headerLen = view.getUint32(8, true);
  } else {
    return fail(`unsupported format version ${major}.${bytes[7]} (1.0, 2.0 and 3.0 are supported)`);
  }
  if (headerStart + headerLen > bytes.length) fail(`header length ${headerLen} runs past the end of the file (truncated?)`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLen),
  );
  const dict = parsePyLiteral(header.trim(), fail);
  if (!(dict instanceof Map)) return fail('header is not a dict');
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shapeValue = dict.get('shape');
  if (typeof descr !== 'string') return fail("header has no 'descr' string (structured dtypes are not supported)");
  if (typeof fortran !== 'boolean') return fail("header has no 'fortran_order' boolean");
  if (!Array.isArray(shapeValue)) return fail("header has no 'shape' tuple");
  if (fortran) {
    fail('fortran_order=True (column-major) arrays are not supported; save with np.ascontiguousarray(x)');
  }
  const order = descr[0];
  const kind = descr.slice(/^[<>|=]/.test(descr) ? 1 : 0);
  const dtype = KIND_TO_DTYPE[kind];
  if (dtype === undefined) {
    return fail(`dtype '${descr}' is not supported (supported: ${Object.values(DTYPES).map((d) => d.descr).join(' ')})`);
  }
  const info = DTYPES[dtype];
  if (order === '>' && info.size > 1) fail(`big-endian dtype '${descr}'; save with x.astype(x.dtype.newbyteorder('<'))`);
  const shape: number[] = [];
  let count = 1;
  for (const d of shapeValue) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return fail(`bad dimension ${String(d)} in shape`);
    shape.push(d);
    count *= d;
  }
  const dataOffset = headerStart + headerLen;
  const dataBytes = count * info.size;
  const available = fileLength - dataOffset;
  if (!Number.isSafeInteger(dataBytes) || dataBytes > available) {
    fail(`shape (${shape.join(', ')}) of ${descr} needs ${dataBytes} data bytes but the file has ${available} (truncated?)`);
  }
  if (dataBytes < available) fail(`${available - dataBytes} unexpected bytes after the array data`);
  return { dtype, shape, dataOffset, dataBytes };
}

/** Parses .npy bytes. `file` names the source in error messages. */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const h = parseNpyHeader(bytes, bytes.length, file);
  // Copy into a fresh, aligned buffer: the data offset in the file need not be aligned. (Uint8Array's slice,
  // not Buffer's: Buffer#slice returns a view of the whole pooled buffer.)
  const buf = Uint8Array.prototype.slice.call(bytes, h.dataOffset, h.dataOffset + h.dataBytes).buffer;
  return { dtype: h.dtype, shape: h.shape, data: DTYPES[h.dtype].make(buf) };
}

export async function readNpy(path: string): Promise<NpyArray> {
  return parseNpy(await readFileOrFail(path), path);
}

/** Reads only the header of a .npy file (and checks the file size against it). */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return userError(Codes.FileNotFound, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      file: path,
    });
  }
  try {
    const size = (await fh.stat()).size;
    const first = new Uint8Array(Math.min(size, 12));
    await fh.read(first, 0, first.length, 0);
    let headerEnd = first.length;
    if (first.length >= 10 && isNpy(first)) {
      const v = new DataView(first.buffer);
      headerEnd = first[6] === 1 ? 10 + v.getUint16(8, true) : first.length >= 12 ? 12 + v.getUint32(8, true) : 12;
    }
    const head = new Uint8Array(Math.min(size, headerEnd));
    await fh.read(head, 0, head.length, 0);
    return parseNpyHeader(head, size, path);
  } finally {
    await fh.close();
  }
}

async function readFileOrFail(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    return userError(Codes.FileNotFound, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      file: path,
    });
  }
}

/** Number of elements a shape holds. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Encodes as .npy: format 1.0 unless the header needs more than 65535 bytes; data starts 64-byte aligned. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const info = DTYPES[array.dtype];
  const count = elementCount(array.shape);
  if (array.data.length !== count) {
    throw new Error(`encodeNpy: shape [${array.shape.join(',')}] has ${count} elements but data has ${array.data.length}`);
  }
  const shapeText = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  const dict = `{'descr': '${info.descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let prefix = 10;
  let total = prefix + dict.length + 1;
  if (Math.ceil(total / 64) * 64 - prefix > 0xffff) prefix = 12;
  total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const headerLen = total - prefix;
  const header = dict + ' '.repeat(headerLen - dict.length - 1) + '\n';
  const dataBytes = new Uint8Array(array.data.buffer, array.data.byteOffset, count * info.size);
  const out = new Uint8Array(total + dataBytes.length);
  out.set(MAGIC, 0);
  out[6] = prefix === 10 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (prefix === 10) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(dataBytes, total);
  return out;
}

/** Writes through a temp file and a rename, so a failed write never leaves a half-written file. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    userError(Codes.WriteFailed, `cannot write file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: path });
  }
}

export async function writeNpy(path: string, array: NpyArray): Promise<void> {
  await writeAtomically(path, encodeNpy(array));
}

/** Parses .npz bytes: arrays by name (the ".npy" suffix dropped), in archive order. */
export function parseNpz(bytes: Uint8Array, file: string): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  for (const entry of readZip(bytes, file)) {
    const name = entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
    out.set(name, parseNpy(entry.data, `${file}:${entry.name}`));
  }
  return out;
}

export async function readNpz(path: string): Promise<Map<string, NpyArray>> {
  return parseNpz(await readFileOrFail(path), path);
}

/** Encodes arrays as .npz like np.savez (stored) or np.savez_compressed (compress: true). */
export function encodeNpz(
  arrays: ReadonlyMap<string, NpyArray> | Readonly<Record<string, NpyArray>>,
  opts: { compress?: boolean } = {},
): Uint8Array {
  const list = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  return writeZip(
    list.map(([name, a]) => ({ name: `${name}.npy`, data: encodeNpy(a) })),
    opts,
  );
}

export async function writeNpz(
  path: string,
  arrays: ReadonlyMap<string, NpyArray> | Readonly<Record<string, NpyArray>>,
  opts: { compress?: boolean } = {},
): Promise<void> {
  await writeAtomically(path, encodeNpz(arrays, opts));
}

/** IEEE 754 half-precision bits to a number (exact). */
export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A number to IEEE 754 half-precision bits, rounding to nearest even (overflow gives infinity). */
export function numberToFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // 65520 = halfway between max half (65504) and 2^16: rounds up to inf
  if (a < 2 ** -14) {
    // Subnormal: units of 2^-24, ties to even.
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp--;
  if (2 ** (exp + 1) <= a) exp++;
  let mant = roundHalfEven((a / 2 ** exp - 1) * 1024);
  if (mant === 1024) {
    mant = 0;
    exp++;
  }
  return sign | ((exp + 15) << 10) | mant;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The array's values as float32 (int64 through Number, bool as 0/1, float16 decoded). */
export function npyToFloat32(array: NpyArray): Float32Array {
  const { data, dtype } = array;
  if (dtype === 'float32') return new Float32Array(data as Float32Array);
  const out = new Float32Array(data.length);
  if (dtype === 'int64') {
    const d = data as BigInt64Array;
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]!);
  } else if (dtype === 'float16') {
    const d = data as Uint16Array;
    for (let i = 0; i < d.length; i++) out[i] = float16BitsToNumber(d[i]!);
  } else if (dtype === 'bool') {
    const d = data as Uint8Array;
    for (let i = 0; i < d.length; i++) out[i] = d[i] ? 1 : 0;
  } else {
    const d = data as Exclude<NpyData, BigInt64Array>;
    for (let i = 0; i < d.length; i++) out[i] = d[i]!;
  }
  return out;
}
