// cse: identical pure ops (same name, operands, attributes, result types) and identical constants merge into one.
import { Attr, DenseAttr, TypedArray, attrsEqual } from '../src/ir/attributes.js';
import { constantValue } from '../src/ir/builtin-ops.js';
import { Func, Operation, Value } from '../src/ir/core.js';
import { Traits } from '../src/ir/opdef.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { printType, typesEqual } from '../src/ir/types.js';
import { definePass } from '../src/pass/pass.js';

/** Bytes of a constant's data, for exact comparison (-0 differs from 0, NaN payloads count). */
function bytesOf(d: DenseAttr): Uint8Array | undefined {
  if (Array.isArray(d.data)) return undefined;
  const t = d.data as TypedArray;
  return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
}

/** A cheap hash of up to 64 evenly spaced bytes: buckets constants; equality is decided on all bytes. */
function sampleHash(b: Uint8Array): number {
  let h = 2166136261;
  const step = Math.max(1, Math.floor(b.length / 64));
  for (let i = 0; i < b.length; i += step) h = Math.imul(h ^ b[i]!, 16777619);
  return h >>> 0;
}

function sameConstant(a: DenseAttr, b: DenseAttr): boolean {
  if (!typesEqual(a.type, b.type) || a.data.length !== b.data.length) return false;
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x === undefined || y === undefined) return attrsEqual(a, b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameAttrs(a: ReadonlyMap<string, Attr>, b: ReadonlyMap<string, Attr>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !attrsEqual(v, w)) return false;
  }
  return true;
}

/** Operands in a canonical order: commutative ops compare {a, b} as a set. */
function operandKey(op: Operation, ids: Map<Value, number>): number[] {
  const k = op.operands.map((v) => ids.get(v) ?? -1);
  return op.hasTrait(Traits.Commutative) && k.length === 2 ? [...k].sort((x, y) => x - y) : k;
}

function equivalent(a: Operation, b: Operation, ids: Map<Value, number>): boolean {
  if (a.name !== b.name || a.results.length !== b.results.length) return false;
  if (!a.results.every((r, i) => typesEqual(r.type, b.result(i).type))) return false;
  const ca = constantValue(a);
  const cb = constantValue(b);
  if (ca !== undefined || cb !== undefined) return ca !== undefined && cb !== undefined && sameConstant(ca, cb) && a.attrs.size === b.attrs.size;
  const ka = operandKey(a, ids);
  const kb = operandKey(b, ids);
  return ka.length === kb.length && ka.every((x, i) => x === kb[i]) && sameAttrs(a.attrs, b.attrs);
}

/** Why an op never merges: side effects, a terminator, or data nobody can see (elided constants parse as zeros). */
function mergeable(op: Operation): boolean {
  if (!op.hasTrait(Traits.Pure) || op.hasTrait(Traits.Terminator) || op.results.length === 0) return false;
  const c = constantValue(op);
  return c === undefined || !c.elided;
}

function cseFunc(f: Func): number {
  const ids = new Map<Value, number>();
  f.args.forEach((a) => ids.set(a, ids.size));
  const buckets = new Map<string, Operation[]>();
  const rw = new Rewriter(f);
  let merged = 0;
  for (const op of f.body.opList()) {
    if (mergeable(op)) {
      const c = constantValue(op);
      const bytes = c === undefined ? undefined : bytesOf(c);
      const key = c !== undefined
        ? `const ${printType(c.type)} ${c.data.length} ${bytes === undefined ? '' : sampleHash(bytes)}`
        : `${op.name}(${operandKey(op, ids).join(',')}) ${[...op.attrs.keys()].sort().join(',')}`;
      const bucket = buckets.get(key) ?? [];
      const twin = bucket.find((o) => equivalent(o, op, ids));
      if (twin !== undefined) {
        // The earlier op dominates the later one in a single block, so its results can stand in everywhere.
        rw.replaceOp(op, twin.results);
        merged++;
        continue;
      }
      bucket.push(op);
      buckets.set(key, bucket);
    }
    for (const r of op.results) ids.set(r, ids.size);
  }
  return merged;
}

export const cse = definePass({
  name: 'cse',
  summary: 'Merge identical side-effect-free ops and identical constants (compared by data)',
  description: 'Commutative binary ops match with operands in either order. Elided constants (data not printed) never merge.',
  preservesSemantics: true,
  run(module, ctx) {
    let merged = 0;
    for (const f of module.funcs) merged += cseFunc(f);
    if (merged > 0) ctx.stat('merged', merged);
  },
});
