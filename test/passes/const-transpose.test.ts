// transposeWeights (legalize-tf's blocked filter transpose) agrees with the dialect's generic transpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transposeWeights } from '../../passes/patterns/const-transpose.js';
import { transposeConst } from '../../dialects/tf/fold-array.js';
import { dense } from '../../src/ir/attributes.js';
import { printType, tensorType } from '../../src/ir/types.js';

test('transposeWeights equals the generic transpose for every permutation, splats and non-f32 data included', () => {
  const shape = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }).filter((s) => s.reduce((a, b) => a * b, 1) <= 20_000);
  fc.assert(
    fc.property(shape, fc.nat(), fc.constantFrom('f32', 'i32', 'splat'), (s, k, kind) => {
      // Permutation k of the axes (rotations hit the fast path, the rest the generic one).
      const axes = s.map((_, i) => i);
      const perm: number[] = [];
      let rest = k;
      while (axes.length > 0) {
        const size = axes.length;
        perm.push(axes.splice(rest % size, 1)[0]!);
        rest = Math.floor(rest / size);
      }
      const n = s.reduce((a, b) => a * b, 1);
      const data = kind === 'i32' ? Int32Array.from({ length: n }, (_, i) => i) : kind === 'splat' ? Float32Array.from([2.5]) : Float32Array.from({ length: n }, (_, i) => i * 0.5);
      const c = dense(tensorType(s, kind === 'i32' ? 'i32' : 'f32'), data);
      const fast = transposeWeights(c, perm);
      const slow = transposeConst(c, perm);
      assert.equal(printType(fast.type), printType(slow.type));
      assert.deepEqual(Array.from(fast.data as ArrayLike<number>), Array.from(slow.data as ArrayLike<number>), `shape ${s} perm ${perm}`);
    }),
    { numRuns: 300, seed: 9 },
  );
});

test('HWIO → OHWI: out[o][h][w][i] = in[h][w][i][o]', () => {
  const [h, w, i, o] = [2, 3, 4, 5];
  const data = Float32Array.from({ length: h * w * i * o }, (_, k) => k);
  const t = transposeWeights(dense(tensorType([h, w, i, o], 'f32'), data), [3, 0, 1, 2]);
  assert.deepEqual(t.type.shape, [o, h, w, i]);
  const at = (a: number, b: number, c: number, d: number): number => (t.data as Float32Array)[((a * h + b) * w + c) * i + d]!;
  for (let a = 0; a < o; a++) for (let b = 0; b < h; b++) for (let c = 0; c < w; c++) for (let d = 0; d < i; d++) assert.equal(at(a, b, c, d), data[((b * w + c) * i + d) * o + a]);
});
