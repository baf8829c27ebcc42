// NodeDef attrs → IR attributes, shaped by the op definition's attribute kinds (strides → ints, padding → enum...).
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import { Attr, arr, bool, f32, f64, i32, i64, str, typeAttr } from '../../../ir/attributes.js';
import type { AttrSpec, OpDef } from '../../../ir/opdef.js';
import { tensorType } from '../../../ir/types.js';
import { dtypeName } from '../dtypes.js';
import { attrString, type AttrValue } from '../proto/index.js';
import { tensorToDense } from './dense.js';
import { irElem, shapeFromProto } from './types.js';

/** Attrs that only steer TF's runtime (placement, kernels, calls) or repeat the operand count (N). */
const RUNTIME_ONLY: ReadonlySet<string> = new Set(['N', 'use_cudnn_on_gpu', 'Tin', 'Tout', 'config', 'config_proto', 'executor_type', 'f']);

const UTF8 = new TextDecoder('utf-8');

interface Where {
  file: string;
  node: string;
  op: string;
}

/**
 * Converts a node's attrs for op definition `def`. Attrs the definition declares are converted to its kind; others
 * are kept in a generic form, except type attrs (T, Tidx...: the IR types carry them), shape attrs, `_`-prefixed
 * runtime attrs and the RUNTIME_ONLY set.
 */
export function convertAttrs(attr: Readonly<Record<string, AttrValue>>, def: OpDef, where: Where): [string, Attr][] {
  const out: [string, Attr][] = [];
  for (const [name, value] of Object.entries(attr)) {
    if (name.startsWith('_') || RUNTIME_ONLY.has(name)) continue;
    const spec = def.attrSpecs.get(name);
    if (spec !== undefined) {
      out.push([name, convertTo(spec, value, name, where)]);
      continue;
    }
    const generic = genericAttr(value, name, where);
    if (generic !== undefined) out.push([name, generic]);
  }
  for (const [name, spec] of def.attrSpecs) {
    if (spec.default === undefined && !spec.optional && attr[name] === undefined) {
      fail(where, `has no attr "${name}", which ${where.op} needs`);
    }
  }
  return out;
}

function fail(w: Where, msg: string): never {
  return userError(Codes.CorruptFile, `${w.file}: node "${w.node}" (${w.op}) ${msg}`, { file: w.file });
}

function describe(v: AttrValue): string {
  return v.value === undefined ? 'an empty value' : v.value === 'list' ? 'a list' : `a ${v.value} value`;
}

function intOf(v: AttrValue, name: string, w: Where): number {
  if (v.value === 'i' && v.i !== undefined) return v.i;
  return fail(w, `attr "${name}" should be an int, got ${describe(v)}`);
}

function convertTo(spec: AttrSpec, v: AttrValue, name: string, w: Where): Attr {
  switch (spec.kind) {
    case 'i32':
      return i32(intOf(v, name, w));
    case 'i64':
      return i64(intOf(v, name, w));
    case 'f32':
    case 'f64': {
      const x = v.value === 'f' ? v.f : v.value === 'i' ? v.i : undefined;
      if (x === undefined) return fail(w, `attr "${name}" should be a float, got ${describe(v)}`);
      return spec.kind === 'f32' ? f32(x) : f64(x);
    }
    case 'bool':
      if (v.value === 'b' && v.b !== undefined) return bool(v.b);
      return fail(w, `attr "${name}" should be a bool, got ${describe(v)}`);
    case 'string':
    case 'enum': {
      const s = attrString(v);
      if (s === undefined) return fail(w, `attr "${name}" should be a string, got ${describe(v)}`);
      if (spec.kind === 'enum' && !spec.values!.includes(s)) {
        return userError(Codes.UnsupportedOp, `${w.file}: node "${w.node}" (${w.op}) has ${name} = "${s}", which litec does not support (supported: ${spec.values!.join(', ')})`, { file: w.file });
      }
      return str(s);
    }
    case 'ints': {
      if (v.value === 'list' && v.list !== undefined) return arr(v.list.i.map(i64));
      if (v.value === 'shape') {
        const dims = shapeFromProto(v.shape);
        if (dims !== null) return arr(dims.map(i64));
      }
      if (v.value === 'i' && v.i !== undefined) return arr([i64(v.i)]);
      return fail(w, `attr "${name}" should be a list of ints, got ${describe(v)}`);
    }
    case 'floats':
      if (v.value === 'list' && v.list !== undefined) return arr(v.list.f.map(f32));
      return fail(w, `attr "${name}" should be a list of floats, got ${describe(v)}`);
    case 'strings':
      if (v.value === 'list' && v.list !== undefined) return arr(v.list.s.map((b) => str(UTF8.decode(b))));
      return fail(w, `attr "${name}" should be a list of strings, got ${describe(v)}`);
    case 'dense':
      if (v.value === 'tensor' && v.tensor !== undefined) return tensorToDense(v.tensor, { file: w.file, what: `node "${w.node}" attr "${name}"` });
      return fail(w, `attr "${name}" should be a tensor, got ${describe(v)}`);
    case 'type': {
      if (v.value !== 'type' || v.type === undefined) return fail(w, `attr "${name}" should be a type, got ${describe(v)}`);
      const e = irElem(v.type);
      if (e === undefined) return userError(Codes.UnsupportedOp, `${w.file}: node "${w.node}" (${w.op}) has ${name} = ${dtypeName(v.type)}, which litec does not support`, { file: w.file });
      return typeAttr(tensorType(null, e));
    }
    case 'any':
      return genericAttr(v, name, w) ?? str('');
  }
}

/** A faithful IR form of an attr no definition describes; undefined for type/shape/func attrs (dropped). */
function genericAttr(v: AttrValue, name: string, w: Where): Attr | undefined {
  switch (v.value) {
    case 's':
      return str(attrString(v) ?? '');
    case 'i':
      return i64(v.i ?? 0);
    case 'f':
      return f32(v.f ?? 0);
    case 'b':
      return bool(v.b ?? false);
    case 'tensor':
      return v.tensor === undefined ? undefined : tensorToDense(v.tensor, { file: w.file, what: `node "${w.node}" attr "${name}"` });
    case 'list': {
      const l = v.list;
      if (l === undefined || l.type.length > 0 || l.shape.length > 0 || l.func.length > 0 || l.tensor.length > 0) return undefined;
      if (l.i.length > 0) return arr(l.i.map(i64));
      if (l.f.length > 0) return arr(l.f.map(f32));
      if (l.s.length > 0) return arr(l.s.map((b) => str(UTF8.decode(b))));
      if (l.b.length > 0) return arr(l.b.map(bool));
      return arr([]);
    }
    default:
      return undefined;
  }
}
