// Transposing constant weights (filter layout changes in legalize-tf) with cache-friendly loops over the typed array.
import { DenseAttr, dense } from '../../src/ir/attributes.js';
import { tensorType } from '../../src/ir/types.js';
import { transposeConst } from '../../dialects/tf/fold-array.js';

const TILE = 8;

/** out[c][r] = src[r][c] for a rows x cols matrix, in TILE x TILE blocks so reads and writes both stay in cache. */
function transpose2d(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        const rowBase = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = src[rowBase + c]!;
      }
    }
  }
  return out;
}

/**
 * When `perm` moves a block of trailing input axes in front of the leading ones (HWIO → OHWI is [3, 0, 1, 2], a
 * matrix transpose is [1, 0]), the data is a [rows, cols] matrix transpose: returns rows (the product of the leading
 * block), else undefined.
 */
function rotationSplit(perm: readonly number[]): number | undefined {
  const k = perm[0]!;
  if (k === 0) return undefined;
  const rank = perm.length;
  return perm.every((p, i) => p === (i < rank - k ? k + i : i - (rank - k))) ? k : undefined;
}

/**
 * `c` transposed by `perm`. Non-splat f32 filters whose permutation is a rotation of the axes (every layout change
 * legalize-tf makes) go through a blocked matrix transpose: MobileNetV2's 3.5M weights move in a few milliseconds,
 * where the generic element-by-element walk, striding through memory, takes tens. Anything else uses the dialect's
 * generic transpose.
 */
export function transposeWeights(c: DenseAttr, perm: readonly number[]): DenseAttr {
  const shape = c.type.shape;
  const src = c.data;
  const n = shape === null ? 0 : shape.reduce((a, b) => a * b, 1);
  const split = rotationSplit(perm);
  if (shape === null || !(src instanceof Float32Array) || src.length !== n || n <= 1 || split === undefined) return transposeConst(c, perm);
  const rows = shape.slice(0, split).reduce((a, b) => a * b, 1);
  const out = transpose2d(src, rows, n / rows);
  return dense(tensorType(perm.map((p) => shape[p]!), c.type.elem, c.type.quant), out);
}
