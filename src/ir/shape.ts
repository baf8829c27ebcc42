// Shape arithmetic shared by op definitions: broadcasting, windowed outputs, reductions.

/** NumPy-style broadcast of two shapes; undefined when incompatible. -1 stays dynamic. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x === y) out[i] = x;
    else if (x === 1) out[i] = y;
    else if (y === 1) out[i] = x;
    else if (x < 0 || y < 0) out[i] = Math.max(x, y) >= 0 && Math.min(x, y) < 0 ? Math.max(x, y) : -1;
    else return undefined;
  }
  return out;
}

/** Output size of a convolution/pool window along one axis (TensorFlow's SAME/VALID rules). */
export function windowOutputSize(input: number, filter: number, stride: number, dilation: number, padding: string): number {
  if (input < 0) return -1;
  const effective = (filter - 1) * dilation + 1;
  if (padding === 'SAME') return Math.ceil(input / stride);
  return Math.max(0, Math.floor((input - effective) / stride) + 1);
}

/** Padding TensorFlow applies before the first element for SAME padding (the rest goes after). */
export function samePaddingBefore(input: number, filter: number, stride: number, dilation: number): number {
  const effective = (filter - 1) * dilation + 1;
  const out = Math.ceil(input / stride);
  const total = Math.max(0, (out - 1) * stride + effective - input);
  return Math.floor(total / 2);
}

/** Normalizes a possibly negative axis against a rank. */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Row-major strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Resolves a reshape target (one -1 allowed) against an input element count. */
export function resolveReshape(inputCount: number | undefined, target: readonly number[]): number[] {
  const out = [...target];
  const unknown = out.indexOf(-1);
  if (unknown >= 0 && inputCount !== undefined) {
    const known = product(out.filter((_, i) => i !== unknown));
    if (known > 0 && inputCount % known === 0) out[unknown] = inputCount / known;
  }
  return out;
}
