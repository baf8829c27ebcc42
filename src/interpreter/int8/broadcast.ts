// NumPy-style broadcasting of two operands: the output shape and, for each output element, the source indices.
//
// TFLite's BroadcastAdd4DSlow / BroadcastMul4DSlow (and the N-d recursive variants) visit every output element
// once and apply the same per-element function as the non-broadcast path, so the order of the visit does not
// change any result; this helper gives that mapping for any rank.

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
