// IR types: ranked/unranked tensors of plain or uniformly quantized (per-tensor, per-axis) element types.
export type ElementType = 'f32' | 'f16' | 'bf16' | 'f64' | 'i1' | 'i8' | 'u8' | 'i16' | 'i32' | 'i64' | 'string';

export const ELEMENT_TYPES: readonly ElementType[] = ['f32', 'f16', 'bf16', 'f64', 'i1', 'i8', 'u8', 'i16', 'i32', 'i64', 'string'];

/** Storage types a quantized tensor may use. */
export type QuantStorage = 'i8' | 'u8' | 'i16' | 'i32';

/** Uniform quantization: real = scale * (q - zeroPoint). Per-axis when `axis` is set. */
export interface QuantParams {
  readonly storage: QuantStorage;
  /** Storage range (narrow range int8 weights use -127..127). */
  readonly storageMin: number;
  readonly storageMax: number;
  readonly axis?: number;
  readonly scales: readonly number[];
  readonly zeroPoints: readonly number[];
}

/** A tensor type. `shape` null means unranked; a dimension of -1 is dynamic (`?`). */
export interface TensorType {
  readonly shape: readonly number[] | null;
  readonly elem: ElementType;
  readonly quant?: QuantParams;
}

export function tensorType(shape: readonly number[] | null, elem: ElementType, quant?: QuantParams): TensorType {
  if (quant !== undefined) return { shape: shape === null ? null : [...shape], elem, quant };
  return { shape: shape === null ? null : [...shape], elem };
}

export function storageRange(s: QuantStorage): [number, number] {
  switch (s) {
    case 'i8':
      return [-128, 127];
    case 'u8':
      return [0, 255];
    case 'i16':
      return [-32768, 32767];
    case 'i32':
      return [-2147483648, 2147483647];
  }
}

export function perTensorQuant(storage: QuantStorage, scale: number, zeroPoint: number, narrow = false): QuantParams {
  const [lo, hi] = storageRange(storage);
  return { storage, storageMin: narrow ? lo + 1 : lo, storageMax: hi, scales: [scale], zeroPoints: [zeroPoint] };
}

export function perAxisQuant(storage: QuantStorage, axis: number, scales: readonly number[], zeroPoints?: readonly number[], narrow = false): QuantParams {
  const [lo, hi] = storageRange(storage);
  return {
    storage,
    storageMin: narrow ? lo + 1 : lo,
    storageMax: hi,
    axis,
    scales: [...scales],
    zeroPoints: zeroPoints ? [...zeroPoints] : scales.map(() => 0),
  };
}

/** The element type values are stored in: the quant storage type when quantized. */
export function storageElem(t: TensorType): ElementType {
  return t.quant ? t.quant.storage : t.elem;
}

export function rank(t: TensorType): number | undefined {
  return t.shape === null ? undefined : t.shape.length;
}

export function isStatic(t: TensorType): boolean {
  return t.shape !== null && t.shape.every((d) => d >= 0);
}

/** Number of elements, or undefined when not static. */
export function numElements(t: TensorType): number | undefined {
  if (!isStatic(t)) return undefined;
  let n = 1;
  for (const d of t.shape!) n *= d;
  return n;
}

export function elementByteSize(e: ElementType): number {
  switch (e) {
    case 'f64':
    case 'i64':
      return 8;
    case 'f32':
    case 'i32':
      return 4;
    case 'f16':
    case 'bf16':
    case 'i16':
      return 2;
    case 'i1':
    case 'i8':
    case 'u8':
      return 1;
    case 'string':
      return 0;
  }
}

export function isFloatElem(e: ElementType): boolean {
  return e === 'f32' || e === 'f16' || e === 'bf16' || e === 'f64';
}

export function withShape(t: TensorType, shape: readonly number[] | null): TensorType {
  return tensorType(shape, t.elem, t.quant);
}

export function withElem(t: TensorType, elem: ElementType): TensorType {
  return tensorType(t.shape, elem);
}

export function withQuant(t: TensorType, quant: QuantParams | undefined): TensorType {
  return tensorType(t.shape, t.elem, quant);
}

function sameQuant(a: QuantParams | undefined, b: QuantParams | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.storage === b.storage &&
    a.storageMin === b.storageMin &&
    a.storageMax === b.storageMax &&
    a.axis === b.axis &&
    a.scales.length === b.scales.length &&
    a.scales.every((s, i) => s === b.scales[i]) &&
    a.zeroPoints.every((z, i) => z === b.zeroPoints[i])
  );
}

export function typesEqual(a: TensorType, b: TensorType): boolean {
  if (a.elem !== b.elem || !sameQuant(a.quant, b.quant)) return false;
  if (a.shape === null || b.shape === null) return a.shape === b.shape;
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape![i]);
}

/** Shapes are compatible when ranks agree (or either is unranked) and static dims agree. */
export function shapesCompatible(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => d < 0 || b[i]! < 0 || d === b[i]);
}

export function printElem(e: ElementType): string {
  switch (e) {
    case 'u8':
      return 'ui8';
    case 'string':
      return '!tf_type.string';
    default:
      return e;
  }
}

function printNum(x: number): string {
  // Shortest text that reads back to the same double, so printing is exact and deterministic.
  if (Object.is(x, -0)) return '-0.0'; // `${-0}` is "0": keep the sign
  return Number.isInteger(x) && Math.abs(x) < 1e21 ? `${x}.0` : String(x).replace('e+', 'e');
}

export function printQuant(q: QuantParams, expressed: ElementType): string {
  const [lo, hi] = storageRange(q.storage);
  const storage = printElem(q.storage) + (q.storageMin !== lo || q.storageMax !== hi ? `<${q.storageMin}:${q.storageMax}>` : '');
  const pair = (i: number): string => `${printNum(q.scales[i]!)}${q.zeroPoints[i] !== 0 ? `:${q.zeroPoints[i]}` : ''}`;
  if (q.axis === undefined) return `!quant.uniform<${storage}:${printElem(expressed)}, ${pair(0)}>`;
  return `!quant.uniform<${storage}:${printElem(expressed)}:${q.axis}, {${q.scales.map((_, i) => pair(i)).join(',')}}>`;
}

export function printType(t: TensorType): string {
  const elem = t.quant ? printQuant(t.quant, t.elem) : printElem(t.elem);
  if (t.shape === null) return `tensor<*x${elem}>`;
  const dims = t.shape.map((d) => (d < 0 ? '?' : String(d)));
  return `tensor<${dims.map((d) => d + 'x').join('')}${elem}>`;
}

/** Shortest decimal that reads back to the same float32 (what people expect to see for f32 values). */
export function printF32(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  for (let p = 1; p <= 17; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return printNum(Number(s));
  }
  return printNum(x);
}

export { printNum as printFloat };
