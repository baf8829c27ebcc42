// cloneModule: a deep copy of a module's structure (funcs, ops, values, attribute maps). Attribute values are
// immutable by convention (passes replace attributes rather than edit them), so they are shared, not copied.
import { Func, Module, Operation, Value } from './core.js';

export function cloneFunc(f: Func): Func {
  const g = new Func(f.name, f.args.map((a) => a.type), [...f.resultTypes]);
  g.loc = f.loc;
  for (const [k, v] of f.attrs) g.attrs.set(k, v);
  f.argAttrs.forEach((m, i) => {
    for (const [k, v] of m) g.argAttrs[i]!.set(k, v);
  });
  f.resultAttrs.forEach((m, i) => {
    if (g.resultAttrs[i] === undefined) g.resultAttrs[i] = new Map();
    for (const [k, v] of m) g.resultAttrs[i]!.set(k, v);
  });
  const map = new Map<Value, Value>();
  f.args.forEach((a, i) => map.set(a, g.args[i]!));
  for (const op of f.ops()) {
    const operands = op.operands.map((v) => {
      const m = map.get(v);
      if (m === undefined) throw new Error(`internal: cloneFunc: operand of ${op.name} defined after its use`);
      return m;
    });
    const copy = new Operation(op.name, op.def, operands, op.results.map((r) => r.type), op.attrs, op.loc);
    op.results.forEach((r, i) => map.set(r, copy.results[i]!));
    g.body.insert(copy);
  }
  return g;
}

export function cloneModule(m: Module): Module {
  const c = new Module();
  for (const [k, v] of m.attrs) c.attrs.set(k, v);
  for (const f of m.funcs) c.addFunc(cloneFunc(f));
  return c;
}
