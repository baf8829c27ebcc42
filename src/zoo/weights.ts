// Weight sources for built-in architectures: deterministic seeded values, or a TF checkpoint by variable name.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { TensorBundle } from '../importers/tf/tensor-bundle/index.js';

export type WeightKind = 'kernel' | 'depthwise' | 'bias' | 'gamma' | 'beta' | 'mean' | 'variance';

export interface WeightSource {
  readonly synthetic: boolean;
  readonly description: string;
  get(name: string, shape: readonly number[], kind: WeightKind): Float32Array;
}

/** 32-bit FNV-1a of the name: each variable gets its own stream, independent of build order. */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Seeded values with sensible ranges: He-uniform-ish kernels, gamma ~1, variance ~1, small shifts. */
export function seededWeights(seed = 0): WeightSource {
  return {
    synthetic: true,
    description: 'synthetic weights (deterministic seeded values, not trained)',
    get(name, shape, kind) {
      const n = shape.reduce((a, d) => a * d, 1);
      const out = new Float32Array(n);
      let s = (seedOf(name) ^ seed) >>> 0 || 1;
      const next = (): number => {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        return (s >>> 0) / 2 ** 32;
      };
      // Fan-in of a kernel: every dimension but the output one (depthwise: the window only).
      const fanIn = kind === 'depthwise' ? shape[0]! * shape[1]! : kind === 'kernel' ? n / shape[shape.length - 1]! : 1;
      const bound = Math.sqrt(6 / Math.max(1, fanIn));
      for (let i = 0; i < n; i++) {
        const u = next() * 2 - 1;
        switch (kind) {
          case 'kernel':
          case 'depthwise':
            out[i] = u * bound;
            break;
          case 'gamma':
            out[i] = 1 + 0.1 * u;
            break;
          case 'variance':
            out[i] = 1 + 0.25 * (u + 1);
            break;
          default:
            out[i] = 0.05 * u;
        }
      }
      return out;
    },
  };
}

/** Resolves DIR, DIR/model.ckpt, a prefix or an .index path to a checkpoint prefix. */
export function checkpointPrefix(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) {
    for (const p of [join(path, 'model.ckpt'), join(path, 'ckpt')]) if (existsSync(`${p}.index`)) return p;
    return userError(Codes.FileNotFound, `${path}: no model.ckpt.index in this folder (expected the official efficientnet-liteN.tar.gz layout)`, { file: path });
  }
  if (path.endsWith('.index')) return path.slice(0, -'.index'.length);
  if (existsSync(`${path}.index`)) return path;
  return userError(Codes.FileNotFound, `${path}: no such checkpoint (looked for ${path}.index)`, { file: path });
}

/** Weights from a TF checkpoint, preferring ExponentialMovingAverage shadow variables as the official eval does. */
export function checkpointWeights(path: string): WeightSource & { usedEma: () => number; keys: () => string[] } {
  const prefix = checkpointPrefix(path);
  const bundle = TensorBundle.open(prefix);
  let ema = 0;
  return {
    synthetic: false,
    description: `checkpoint ${prefix}`,
    usedEma: () => ema,
    keys: () => bundle.keys(),
    get(name, shape) {
      const shadow = `${name}/ExponentialMovingAverage`;
      const key = bundle.has(shadow) ? shadow : name;
      if (!bundle.has(key)) {
        userError(Codes.MissingVariable, `${prefix}: variable '${name}' is not in the checkpoint (is it a checkpoint of this architecture?)`, { file: prefix });
      }
      if (key === shadow) ema++;
      const t = bundle.read(key);
      const want = shape.join(',');
      if (t.shape.join(',') !== want) {
        userError(Codes.ShapeMismatch, `${prefix}: variable '${key}' has shape [${t.shape.join(',')}], the architecture needs [${want}]`, { file: prefix });
      }
      if (!(t.data instanceof Float32Array)) userError(Codes.BadInput, `${prefix}: variable '${key}' is not float32`, { file: prefix });
      return t.data;
    },
  };
}
