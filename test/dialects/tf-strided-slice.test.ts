// StridedSlice semantics against an independent NumPy-style indexing reference (ellipsis, new axes, shrinks, masks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveStridedSlice, sliceIndices, type SliceMasks } from '../../dialects/tf/strided-slice.js';

type Index = { kind: 'ellipsis' } | { kind: 'new' } | { kind: 'int'; i: number } | { kind: 'slice'; start?: number; stop?: number; step: number };

/** Python's slice.indices(n) followed by range(): the positions a slice takes from a dim of size n. */
function pySlice(n: number, start: number | undefined, stop: number | undefined, step: number): number[] {
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? n : n - 1;
  const fix = (x: number | undefined, dflt: number): number => {
    if (x === undefined) return dflt;
    const y = x < 0 ? x + n : x;
    return y < lower ? lower : y > upper ? upper : y;
  };
  const a = fix(start, step < 0 ? upper : lower);
  const b = fix(stop, step < 0 ? lower : upper);
  const out: number[] = [];
  for (let k = a; step > 0 ? k < b : k > b; k += step) out.push(k);
  return out;
}

/** x[index] as NumPy computes it: result shape and the flat input positions, or an error. */
function numpyIndex(shape: number[], index: Index[]): { shape: number[]; flat: number[] } | 'error' {
  const real = index.filter((x) => x.kind === 'int' || x.kind === 'slice').length;
  if (real > shape.length) return 'error';
  const full: Index[] = [];
  let sawEllipsis = false;
  for (const x of index) {
    if (x.kind === 'ellipsis' && !sawEllipsis) {
      sawEllipsis = true;
      for (let k = 0; k < shape.length - real; k++) full.push({ kind: 'slice', step: 1 });
    } else full.push(x);
  }
  if (!sawEllipsis) for (let k = 0; k < shape.length - real; k++) full.push({ kind: 'slice', step: 1 });
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  let flat = [0];
  const outShape: number[] = [];
  let dim = 0;
  for (const x of full) {
    if (x.kind === 'new') {
      outShape.push(1);
      continue;
    }
    if (x.kind === 'ellipsis') continue;
    const n = shape[dim]!;
    let picks: number[];
    if (x.kind === 'int') {
      const i = x.i < 0 ? x.i + n : x.i;
      if (i < 0 || i >= n) return 'error';
      picks = [i];
    } else {
      picks = pySlice(n, x.start, x.stop, x.step);
      outShape.push(picks.length);
    }
    flat = flat.flatMap((base) => picks.map((p) => base + p * strides[dim]!));
    dim++;
  }
  return { shape: outShape, flat };
}

interface Spec {
  shape: number[];
  begin: number[];
  end: number[];
  strides: number[];
  masks: SliceMasks;
}

/** The NumPy index a TF spec means (ellipsis beats new axis beats shrink, as in TF). */
function toIndex(s: Spec): Index[] | 'error' {
  const out: Index[] = [];
  for (let i = 0; i < s.begin.length; i++) {
    const bit = (m: number): boolean => (m & (1 << i)) !== 0;
    if (bit(s.masks.ellipsis)) out.push({ kind: 'ellipsis' });
    else if (bit(s.masks.newAxis)) out.push({ kind: 'new' });
    else if (bit(s.masks.shrink)) {
      if (s.strides[i]! <= 0) return 'error';
      out.push({ kind: 'int', i: s.begin[i]! });
    } else {
      const slice: Index = { kind: 'slice', step: s.strides[i]! };
      if (!bit(s.masks.begin)) slice.start = s.begin[i]!;
      if (!bit(s.masks.end)) slice.stop = s.end[i]!;
      out.push(slice);
    }
  }
  return out;
}

const spec: fc.Arbitrary<Spec> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
    n: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.integer({ min: -7, max: 7 }), { minLength: 8, maxLength: 8 }),
    strides: fc.array(fc.constantFrom(-3, -2, -1, 1, 2, 3), { minLength: 4, maxLength: 4 }),
    begin: fc.nat(15),
    end: fc.nat(15),
    ellipsis: fc.integer({ min: -1, max: 3 }),
    newAxis: fc.nat(15),
    shrink: fc.nat(15),
  })
  .map((r) => ({
    shape: r.shape,
    begin: r.seed.slice(0, r.n),
    end: r.seed.slice(4, 4 + r.n),
    strides: r.strides.slice(0, r.n),
    masks: { begin: r.begin, end: r.end, ellipsis: r.ellipsis < 0 ? 0 : 1 << r.ellipsis, newAxis: r.newAxis, shrink: r.shrink },
  }));

test('resolveStridedSlice agrees with NumPy indexing on shapes and elements', () => {
  fc.assert(
    fc.property(spec, (s) => {
      const r = resolveStridedSlice(s.shape, s.begin, s.end, s.strides, s.masks);
      const idx = toIndex(s);
      const ref = idx === 'error' ? 'error' : numpyIndex(s.shape, idx);
      if (ref === 'error') {
        assert.equal(typeof r, 'string', `expected an error for ${JSON.stringify(s)}`);
        return;
      }
      assert.notEqual(typeof r, 'string', `unexpected error ${String(r)} for ${JSON.stringify(s)}`);
      if (typeof r === 'string') return;
      assert.deepEqual([...r.shape], ref.shape, JSON.stringify(s));
      assert.deepEqual(sliceIndices(s.shape, r), ref.flat, JSON.stringify(s));
    }),
    { numRuns: 3000, seed: 20240611 },
  );
});

test('dynamic dims stay dynamic unless shrunk; static ones are exact', () => {
  const r = resolveStridedSlice([-1, 4], [0, 1], [1, 3], [1, 1], { begin: 0, end: 0, ellipsis: 0, newAxis: 0, shrink: 1 });
  assert.ok(typeof r !== 'string');
  assert.deepEqual(r.shape, [2]);
  const d = resolveStridedSlice([-1, 4], [1], [3], [1], { begin: 0, end: 0, ellipsis: 0, newAxis: 0, shrink: 0 });
  assert.ok(typeof d !== 'string');
  assert.deepEqual(d.shape, [-1, 4]);
  assert.equal(resolveStridedSlice([3], [0], [1], [0], { begin: 0, end: 0, ellipsis: 0, newAxis: 0, shrink: 0 }), 'stride 0 is 0');
  assert.match(String(resolveStridedSlice([3], [0, 0], [1, 1], [1, 1], { begin: 0, end: 0, ellipsis: 3, newAxis: 0, shrink: 0 })), /more than one ellipsis/);
});
