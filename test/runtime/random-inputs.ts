// Seeded random inputs for the real-runtime tests, one typed array per model input.
import { mulberry32 as seededRandom } from '../../src/interpreter/datasets/synthetic.js';
import type { RuntimeTensorInfo, TypedArray } from '../../src/runtime/tflite-runtime.js';

/** mulberry32: small, fast, good enough for test data; same seed → same sequence. */
export { seededRandom };

/** Random data over each input's natural range (floats in [-1, 1), integers over their whole range). */
export function randomInputs(infos: readonly RuntimeTensorInfo[], seed: number): TypedArray[] {
  const rnd = seededRandom(seed);
  return infos.map((info) => {
    const n = info.shape.reduce((a, d) => a * d, 1);
    const fill = (arr: TypedArray, lo: number, hi: number): TypedArray => {
      for (let i = 0; i < n; i++) arr[i] = lo + Math.floor(rnd() * (hi - lo + 1));
      return arr;
    };
    switch (info.dtype) {
      case 'float32':
      case 'float64': {
        const arr = info.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
        for (let i = 0; i < n; i++) arr[i] = rnd() * 2 - 1;
        return arr;
      }
      case 'uint8':
        return fill(new Uint8Array(n), 0, 255);
      case 'bool':
        return fill(new Uint8Array(n), 0, 1);
      case 'int8':
        return fill(new Int8Array(n), -128, 127);
      case 'int16':
        return fill(new Int16Array(n), -32768, 32767);
      case 'int32':
        return fill(new Int32Array(n), -1000, 1000);
      case 'uint32':
        return fill(new Uint32Array(n), 0, 1000);
    }
  });
}
