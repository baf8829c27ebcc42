// NumPy-style broadcasting of two operands: the output shape and, for each output element, the source indices.
//
// TFLite's BroadcastAdd4DSlow / BroadcastMul4DSlow (and the N-d recursive variants) visit every output element
// once and apply the same per-element function as the non-broadcast path, so the order of the visit does not
// change any result; this helper gives that mapping for any rank.

/** The broadcast shape, or undefined when the shapes are incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` aligned to `outShape`, 0 along broadcast dimensions. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const d = shape[shape.length - rank + i] ?? 1;
    strides[i] = d === 1 ? 0 : stride;
    stride *= d;
  }
  return strides;
}

/** Source index of every output element for an operand of `shape` broadcast to `outShape`. */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const strides = broadcastStrides(shape, outShape);
  let total = 1;
  for (const d of outShape) total *= d;
  const index = new Int32Array(total);
  const rank = outShape.length;
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < total; i++) {
    index[i] = src;
    // Odometer increment from the innermost dimension.
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      src += strides[d]!;
      if (counter[d]! < outShape[d]!) break;
      src -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return index;
}
