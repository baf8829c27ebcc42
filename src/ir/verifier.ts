// Verifier: structural and type invariants of a module; returns diagnostics instead of throwing.
import { Diagnostic } from '../diag/diagnostic.js';
import { Codes } from '../diag/catalogue.js';
import { Attr } from './attributes.js';
import { Func, Module, Operation, Value } from './core.js';
import { AttrSpec, OpRegistry } from './opdef.js';
import { printType, shapesCompatible } from './types.js';

export interface VerifyOptions {
  /** When given, ops must be registered here. */
  registry?: OpRegistry;
  /** Check result types against the op's inferTypes hook (default true). */
  checkInferredTypes?: boolean;
}

function attrMatches(spec: AttrSpec, a: Attr): string | undefined {
  const want = (k: string): string => `expected ${k}, got ${a.kind}`;
  switch (spec.kind) {
    case 'any':
      return undefined;
    case 'i32':
    case 'i64':
      return a.kind === 'int' ? undefined : want('an integer');
    case 'f32':
    case 'f64':
      return a.kind === 'float' || a.kind === 'int' ? undefined : want('a float');
    case 'bool':
      return a.kind === 'bool' ? undefined : want('a bool');
    case 'string':
      return a.kind === 'string' ? undefined : want('a string');
    case 'enum':
      if (a.kind !== 'string') return want('a string');
      return spec.values!.includes(a.value) ? undefined : `"${a.value}" is not one of ${spec.values!.map((v) => `"${v}"`).join(', ')}`;
    case 'ints':
      return a.kind === 'array' && a.value.every((x) => x.kind === 'int') ? undefined : want('an array of integers');
    case 'floats':
      return a.kind === 'array' && a.value.every((x) => x.kind === 'float' || x.kind === 'int') ? undefined : want('an array of floats');
    case 'strings':
      return a.kind === 'array' && a.value.every((x) => x.kind === 'string') ? undefined : want('an array of strings');
    case 'dense':
      return a.kind === 'dense' ? undefined : want('a dense tensor');
    case 'type':
      return a.kind === 'type' ? undefined : want('a type');
  }
}

export function verifyOp(op: Operation, defined: ReadonlySet<Value>, opts: VerifyOptions = {}): string | undefined {
  const def = op.def;
  if (def === undefined) return opts.registry && !opts.registry.has(op.name) ? `unknown op '${op.name}'` : undefined;
  const n = op.numOperands;
  if (n < def.minOperands || n > def.maxOperands) {
    const want = def.maxOperands === Infinity ? `at least ${def.minOperands}` : def.minOperands === def.maxOperands ? `${def.minOperands}` : `${def.minOperands} to ${def.maxOperands}`;
    return `expects ${want} operands, got ${n}`;
  }
  for (let i = 0; i < n; i++) {
    const v = op.operand(i);
    if (!defined.has(v)) return `operand ${i} is used before it is defined (or comes from another func)`;
    if (!v.uses.some((u) => u.op === op && u.index === i)) return `internal use list broken at operand ${i}`;
  }
  if (!def.variadicResults && op.results.length !== def.resultNames.length) return `expects ${def.resultNames.length} results, got ${op.results.length}`;
  for (const [name, spec] of def.attrSpecs) {
    const a = op.attrs.get(name);
    if (a === undefined) {
      if (spec.default === undefined && !spec.optional) return `requires attribute '${name}'`;
      continue;
    }
    const bad = attrMatches(spec, a);
    if (bad !== undefined) return `attribute '${name}': ${bad}`;
  }
  const custom = def.spec.verify?.(op);
  if (custom !== undefined) return custom;
  if (opts.checkInferredTypes !== false && def.spec.inferTypes) {
    const inferred = def.spec.inferTypes(op);
    if (inferred !== undefined) {
      for (let i = 0; i < Math.min(inferred.length, op.results.length); i++) {
        const have = op.result(i).type;
        const want = inferred[i]!;
        const elemOk = have.elem === want.elem;
        if (!elemOk || !shapesCompatible(have.shape, want.shape)) return `result ${i} has type ${printType(have)} but the operands imply ${printType(want)}`;
      }
    }
  }
  return undefined;
}

export function verifyFunc(f: Func, opts: VerifyOptions = {}): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const defined = new Set<Value>(f.args);
  const last = f.body.last;
  if (last === undefined || last.name !== 'func.return') {
    diags.push(new Diagnostic({ code: Codes.VerifyError, message: `func @${f.name} must end with func.return`, loc: f.loc }));
  }
  for (const op of f.ops()) {
    if (op.parent !== f.body) diags.push(new Diagnostic({ code: Codes.VerifyError, message: `internal: '${op.name}' has a wrong parent`, loc: op.loc }));
    const err = verifyOp(op, defined, opts);
    if (err !== undefined) diags.push(new Diagnostic({ code: Codes.VerifyError, message: `'${op.name}' op ${err}`, loc: op.loc }));
    for (const r of op.results) defined.add(r);
  }
  return diags;
}

export function verifyModule(m: Module, opts: VerifyOptions = {}): Diagnostic[] {
  return m.funcs.flatMap((f) => verifyFunc(f, opts));
}
