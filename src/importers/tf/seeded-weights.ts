// Deterministic stand-in weights for --allow-missing-weights: seeded by variable name, in ranges a layer expects.
//
// The values are not trained; they exist so a graph whose data shard is absent can still be compiled, run and
// measured. Each variable gets the same values on every run (the seed is a hash of its name), and the ranges keep the
// network numerically sane: batch-norm variances positive near 1, gammas near 1, kernels He-normal-like.
import { DenseData, allocData, floatToHalf } from '../../ir/attributes.js';
import { ElementType } from '../../ir/types.js';
import { mulberry32 } from '../../interpreter/datasets/synthetic.js';

/** 32-bit FNV-1a of the name: a stable seed. */
export function nameSeed(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32 (the synthetic datasets' generator): floats in [0, 1), the same sequence for the same seed. */
export const seededRandom: (seed: number) => () => number = mulberry32;

export type WeightRole = 'variance' | 'gamma' | 'mean' | 'beta' | 'bias' | 'kernel' | 'other';

/** What a variable is, from the last component of its name (Keras and TF1 naming). */
export function weightRole(name: string): WeightRole {
  const parts = name.replace(/\/\.ATTRIBUTES\/VARIABLE_VALUE$/, '').toLowerCase().split('/');
  const last = parts[parts.length - 1] ?? '';
  if (/variance/.test(last)) return 'variance';
  if (/gamma|^scale$/.test(last)) return 'gamma';
  if (/moving_mean|^mean$/.test(last)) return 'mean';
  if (/beta|^offset$/.test(last)) return 'beta';
  if (/bias|^b$|^biases$/.test(last)) return 'bias';
  if (/kernel|weight|^w$|filter|embedding/.test(last)) return 'kernel';
  return 'other';
}

/** Fan-in of a weight shape: every dimension but the last (HWIO conv, [in, out] dense; depthwise gives H*W*C). */
function fanIn(shape: readonly number[]): number {
  if (shape.length <= 1) return Math.max(1, shape[0] ?? 1);
  let n = 1;
  for (let i = 0; i < shape.length - 1; i++) n *= shape[i]!;
  // Depthwise filters (H, W, C, multiplier) see only H*W inputs per output channel.
  if (shape.length === 4 && shape[3]! <= 4 && shape[2]! > 4) n = shape[0]! * shape[1]!;
  return Math.max(1, n);
}

/** Fills `out` with values for `role`; normals come in Box-Muller pairs, clipped at two standard deviations. */
function fill(out: Float32Array | Float64Array, role: WeightRole, std: number, rand: () => number): void {
  const n = out.length;
  switch (role) {
    case 'variance':
      for (let i = 0; i < n; i++) out[i] = 0.5 + rand();
      return;
    case 'gamma':
      for (let i = 0; i < n; i++) out[i] = 1 + 0.1 * (rand() - 0.5);
      return;
    case 'mean':
    case 'beta':
    case 'bias':
      for (let i = 0; i < n; i++) out[i] = 0.05 * (rand() - 0.5);
      return;
    case 'kernel':
    case 'other':
      for (let i = 0; i < n; i += 2) {
        // 1 - u keeps the logarithm finite.
        const r = Math.sqrt(-2 * Math.log(1 - rand()));
        const a = 2 * Math.PI * rand();
        out[i] = Math.max(-2, Math.min(2, r * Math.cos(a))) * std;
        if (i + 1 < n) out[i + 1] = Math.max(-2, Math.min(2, r * Math.sin(a))) * std;
      }
  }
}

/** Values for a variable of `shape` whose data is missing. Integer variables (counters) are zero. */
export function seededWeights(name: string, elem: ElementType, shape: readonly number[]): DenseData {
  let count = 1;
  for (const d of shape) count *= d;
  const out = allocData(elem, count);
  if (!(elem === 'f32' || elem === 'f64' || elem === 'f16' || elem === 'bf16')) return out;
  const rand = seededRandom(nameSeed(name));
  const std = Math.sqrt(2 / fanIn(shape));
  if (out instanceof Float32Array || out instanceof Float64Array) {
    fill(out, weightRole(name), std, rand);
    return out;
  }
  const wide = new Float32Array(count);
  fill(wide, weightRole(name), std, rand);
  const bits = out as Uint16Array;
  const u32 = new Uint32Array(wide.buffer);
  for (let i = 0; i < count; i++) bits[i] = elem === 'f16' ? floatToHalf(wide[i]!) : u32[i]! >>> 16;
  return bits;
}
