// Refuses imported models whose tensors are too large to exist: a corrupt shape, or a huge --input-shape/--batch-size.
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import type { Module, Value } from '../ir/core.js';
import { elementByteSize, printType, storageElem } from '../ir/types.js';

/**
 * Largest tensor litec accepts, in bytes. The TFLite runtime litec checks against is 32-bit WASM (its byte counts
 * overflow past this), and JS typed arrays the interpreter allocates stop near here too; an edge model never
 * comes close, so a bigger tensor means a damaged file or a mistyped shape flag.
 */
export const MAX_TENSOR_BYTES = 2 ** 31 - 1;

function tooLarge(v: Value): number | undefined {
  const shape = v.type.shape;
  if (shape === null) return undefined;
  // Dynamic dims (-1) count as 1: the check is about what the file itself fixes.
  let n = Math.max(1, elementByteSize(storageElem(v.type)));
  for (const d of shape) n *= Math.max(1, d);
  return n > MAX_TENSOR_BYTES ? n : undefined;
}

/** Throws a user error (LC2010) naming the first tensor of `module` larger than MAX_TENSOR_BYTES. */
export function checkTensorSizes(module: Module, file: string): void {
  for (const f of module.funcs) {
    f.args.forEach((a, i) => {
      const n = tooLarge(a);
      if (n !== undefined) fail(file, `input "${f.argName(i) ?? `#${i}`}"`, printType(a.type), n);
    });
    for (const op of f.ops()) {
      for (const r of op.results) {
        const n = tooLarge(r);
        if (n === undefined) continue;
        const where = op.loc.describe();
        fail(file, `the result of '${op.name}'${where ? ` at ${where}` : ''}`, printType(r.type), n);
      }
    }
  }
}

function fail(file: string, what: string, type: string, bytes: number): never {
  return userError(
    Codes.TensorTooLarge,
    `${file}: ${what} has type ${type} (${bytes.toExponential(2)} bytes), over the 2 GiB a tensor may hold; ` +
      'the file is damaged or an --input-shape/--batch-size value is too large',
    { file },
  );
}
