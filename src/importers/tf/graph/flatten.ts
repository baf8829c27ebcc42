// Walks a GraphDef from the requested outputs back to the inputs: prunes, removes aliases, inlines function calls.
//
// The walk is demand-driven (only what the outputs need is visited, so training, saving and initialisation
// subgraphs never appear) and runs on an explicit stack (see lazy-eval.ts). Function calls are inlined per call site:
// a body's argument resolves to the caller's input, a call's output i to the body's `ret` tensor for output arg i.
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import type { AttrValue, FunctionDef, GraphDef, NodeDef } from '../proto/index.js';
import type { FlatGraph, FlatInput, FlatNode, FlatOutput, FlatRef, InputDecl } from './flat-graph.js';
import { type Demand, LazyEvaluator, type Task } from './lazy-eval.js';
import { callTarget, nodeKind } from './node-kinds.js';
import { OpSignatures, flatIndex, outputCount } from './op-signatures.js';
import { dataInputs, normaliseTensorName, parseTensorRef, tensorKey } from './tensor-ref.js';

/** Function calls nest at most this deep (deeper means a recursive function, which TF graphs cannot run anyway). */
const MAX_CALL_DEPTH = 64;

export interface FlattenRequest {
  file: string;
  graph: GraphDef;
  signatures: OpSignatures;
  /** Declared inputs; 'placeholders' = every Placeholder the outputs need becomes an input. */
  inputs: readonly InputDecl[] | 'placeholders';
  outputs: readonly { tensor: string; name: string }[];
}

interface Scope {
  readonly id: number;
  readonly nodes: ReadonlyMap<string, NodeDef>;
  readonly fn: FunctionDef | undefined;
  readonly argIndex: ReadonlyMap<string, number>;
  readonly caller: { scope: Scope; node: NodeDef; inputs: readonly string[] } | undefined;
  readonly bindings: Readonly<Record<string, AttrValue>>;
  readonly depth: number;
}

function nodeMap(nodes: readonly NodeDef[]): Map<string, NodeDef> {
  const m = new Map<string, NodeDef>();
  for (const n of nodes) m.set(n.name, n);
  return m;
}

class Flattener {
  private readonly nodes: FlatNode[] = [];
  private readonly inputs = new Map<string, FlatInput>();
  private readonly functions = new Map<string, FunctionDef>();
  private readonly bodies = new Map<string, Map<string, NodeDef>>();
  private readonly callScopes = new Map<string, Scope>();
  private readonly eval: LazyEvaluator<FlatRef>;
  private readonly top: Scope;
  private nextScope = 1;
  private inlined = 0;
  private readonly file: string;

  constructor(private readonly req: FlattenRequest) {
    this.file = req.file;
    for (const f of req.graph.library?.function ?? []) if (f.signature !== null) this.functions.set(f.signature.name, f);
    this.top = { id: 0, nodes: nodeMap(req.graph.node), fn: undefined, argIndex: new Map(), caller: undefined, bindings: {}, depth: 0 };
    this.eval = new LazyEvaluator<FlatRef>(
      (keys) => this.cycle(keys),
      () => userError(Codes.CorruptFile, `${this.file}: the graph is too large to import (more than 20 million steps to flatten)`, { file: this.file }),
    );
  }

  flatten(): FlatGraph {
    const decls = this.req.inputs;
    if (decls !== 'placeholders') {
      for (const d of decls) {
        const t = normaliseTensorName(d.tensor);
        if (t === undefined) return this.fail(`input "${d.tensor}" is not a tensor name (expected node or node:N)`);
        const def = this.top.nodes.get(t.node);
        if (def === undefined) return this.fail(`input "${d.tensor}" names no node of the graph${this.suggest(t.node)}`);
        const key = tensorKey(t.node, t.index);
        if (this.inputs.has(key)) return this.fail(`inputs "${this.inputs.get(key)!.decl.name}" and "${d.name}" both feed tensor ${key}`);
        this.addInput(key, d, def);
      }
    }
    const outputs: FlatOutput[] = this.req.outputs.map((o) => {
      const t = normaliseTensorName(o.tensor);
      if (t === undefined) return this.fail(`output "${o.tensor}" is not a tensor name (expected node or node:N)`);
      if (!this.top.nodes.has(t.node)) return this.fail(`output "${o.tensor}" names no node of the graph${this.suggest(t.node)}`);
      return { ref: this.eval.run(this.tensor(this.top, `${t.node}:${t.index}`, `output "${o.name}"`)), name: o.name };
    });
    let inputs = [...this.inputs.values()];
    // Placeholders found while walking become inputs in graph order, so the signature does not depend on the walk.
    if (decls === 'placeholders') {
      const order = new Map(this.req.graph.node.map((n, i) => [n.name, i]));
      inputs = inputs.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    }
    return { nodes: this.nodes, inputs, outputs, inlinedCalls: this.inlined };
  }

  private addInput(key: string, decl: InputDecl, def: NodeDef | undefined): FlatInput {
    const node: FlatInput = { kind: 'input', id: this.nodes.length, name: def?.name ?? decl.name, decl, def };
    this.nodes.push(node);
    this.inputs.set(key, node);
    return node;
  }

  /** Demand: the tensor `text` as read in `scope` by `reader` (for messages). */
  private tensor(scope: Scope, text: string, reader: string): Demand<FlatRef> {
    return { key: `t${scope.id}|${text}`, start: () => this.tensorTask(scope, text, reader) };
  }

  private *tensorTask(scope: Scope, text: string, reader: string): Task<FlatRef> {
    const ref = parseTensorRef(text);
    if (ref === undefined) return this.fail(`${reader}${this.where(scope)} reads "${text}", which is not a tensor name`);
    if (scope.caller !== undefined && typeof ref.output === 'number' && !text.includes(':')) {
      const argIdx = scope.argIndex.get(ref.node);
      if (argIdx !== undefined) {
        const c = scope.caller;
        const outer = c.inputs[argIdx];
        if (outer === undefined) return this.fail(`node "${c.node.name}"${this.where(c.scope)} passes ${c.inputs.length} inputs to function "${scope.fn?.signature?.name}", which needs argument ${argIdx + 1}`);
        return yield this.tensor(c.scope, outer, `node "${c.node.name}"`);
      }
    }
    if (scope === this.top && typeof ref.output === 'number') {
      const fed = this.inputs.get(tensorKey(ref.node, ref.output));
      if (fed !== undefined) return { node: fed, index: 0 };
    }
    const node = scope.nodes.get(ref.node);
    if (node === undefined) return this.fail(`${reader}${this.where(scope)} reads "${text}", but there is no node "${ref.node}"`);
    const kind = nodeKind(node, (n) => this.functions.has(n));
    const index = this.outputIndex(scope, node, kind, ref.output, reader, text);
    const inputs = dataInputs(node.input);
    const via = `node "${node.name}"`;
    switch (kind) {
      case 'alias': {
        const src = inputs[node.op === 'IdentityN' ? index : 0];
        if (src === undefined || (node.op !== 'IdentityN' && index !== 0)) return this.fail(`${reader}${this.where(scope)} reads output ${index} of ${via} (${node.op}), which has no such output`);
        return yield this.tensor(scope, src, via);
      }
      case 'placeholder-default': {
        if (inputs[0] === undefined) return this.fail(`${via}${this.where(scope)} (PlaceholderWithDefault) has no default input`);
        return yield this.tensor(scope, inputs[0], via);
      }
      case 'read-variable': {
        if (inputs[0] === undefined) return this.fail(`${via}${this.where(scope)} (ReadVariableOp) has no resource input`);
        const v = yield this.tensor(scope, inputs[0], via);
        if (v.node.kind !== 'variable') return this.fail(`${via}${this.where(scope)} reads a resource produced by "${v.node.name}" (${v.node.kind === 'op' ? v.node.op : v.node.kind}), which is not a variable`);
        return v;
      }
      case 'call': {
        const inner = this.callScope(scope, node);
        const out = inner.fn!.signature!.output_arg[index];
        const ret = out === undefined ? undefined : inner.fn!.ret[out.name];
        if (ret === undefined) return this.fail(`${reader}${this.where(scope)} reads output ${index} of call ${via}, but function "${inner.fn!.signature!.name}" returns ${inner.fn!.signature!.output_arg.length} values`);
        return yield this.tensor(inner, ret, `return value "${out!.name}"`);
      }
      default: {
        if (kind !== 'op' && index !== 0) return this.fail(`${reader}${this.where(scope)} reads output ${index} of ${via} (${node.op}), which has one output`);
        const made = yield this.nodeDemand(scope, node, kind);
        return { node: made.node, index };
      }
    }
  }

  /** Flat output index of a reference; checks it against the op's output count when that is known. */
  private outputIndex(scope: Scope, node: NodeDef, kind: string, output: number | { arg: string; index: number }, reader: string, text: string): number {
    if (kind === 'call') {
      if (typeof output === 'number') return output;
      // (Stateful)PartitionedCall has one list output arg, "output": "call:output:i" is flat index i.
      if (node.op === 'PartitionedCall' || node.op === 'StatefulPartitionedCall') return output.index;
      // A function used as an op has one tensor per output arg of its signature.
      const outs = this.functions.get(node.op)?.signature?.output_arg ?? [];
      const i = outs.findIndex((o) => o.name === output.arg);
      if (i < 0 || output.index !== 0) return this.fail(`${reader}${this.where(scope)} reads "${text}", but function "${node.op}" has no output "${output.arg}:${output.index}"`);
      return i;
    }
    const attr = this.attrsOf(scope, node);
    const layout = this.req.signatures.outputs(node.op, attr);
    if (typeof output === 'number') {
      const n = layout === undefined ? 0 : outputCount(layout);
      if (layout !== undefined && output >= n && kind === 'op') return this.fail(`${reader}${this.where(scope)} reads "${text}", but node "${node.name}" (${node.op}) has ${n} output${n === 1 ? '' : 's'}`);
      return output;
    }
    // Without a signature the op is assumed to have one output arg, which is what most ops have.
    if (layout === undefined) return output.index;
    const i = flatIndex(layout, output.arg, output.index);
    if (i === undefined) return this.fail(`${reader}${this.where(scope)} reads "${text}", but ${node.op} has no output "${output.arg}:${output.index}"`);
    return i;
  }

  private nodeDemand(scope: Scope, node: NodeDef, kind: string): Demand<FlatRef> {
    return { key: `n${scope.id}|${node.name}`, start: () => this.nodeTask(scope, node, kind) };
  }

  private *nodeTask(scope: Scope, node: NodeDef, kind: string): Task<FlatRef> {
    const id = this.nodes.length;
    if (kind === 'const') return this.push({ kind: 'const', id, name: node.name, def: node });
    if (kind === 'variable') return this.push({ kind: 'variable', id, name: node.name, def: node, topLevel: scope === this.top });
    if (kind === 'placeholder') {
      if (scope !== this.top) return this.fail(`function "${scope.fn?.signature?.name}" contains a Placeholder ("${node.name}"), which cannot be fed`);
      if (this.req.inputs !== 'placeholders') {
        return this.fail(`the outputs depend on placeholder "${node.name}", which is not an input; add it to --inputs (or feed a tensor after it)`);
      }
      const key = tensorKey(node.name, 0);
      return { node: this.addInput(key, { tensor: key, name: node.name }, node), index: 0 };
    }
    const refs: FlatRef[] = [];
    for (const input of dataInputs(node.input)) refs.push(yield this.tensor(scope, input, `node "${node.name}"`));
    const attr = this.attrsOf(scope, node);
    return this.push({ kind: 'op', id: this.nodes.length, name: node.name, op: node.op, attr, inputs: refs, outputs: this.req.signatures.outputs(node.op, attr), def: node });
  }

  private push(n: FlatNode): FlatRef {
    this.nodes.push(n);
    return { node: n, index: 0 };
  }

  /** Node attrs with function-attr placeholders bound to the call's values and stripped defaults put back. */
  private attrsOf(scope: Scope, node: NodeDef): Record<string, AttrValue> {
    let attr = node.attr;
    if (scope.fn !== undefined && Object.values(attr).some((a) => a.value === 'placeholder')) {
      attr = { ...attr };
      for (const [k, a] of Object.entries(attr)) {
        if (a.value === 'placeholder' && a.placeholder !== undefined) {
          const bound = scope.bindings[a.placeholder];
          if (bound !== undefined) attr[k] = bound;
        }
      }
    }
    const defaults = this.req.signatures.get(node.op)?.attr;
    if (defaults !== undefined && defaults.some((d) => d.default_value !== null && !(d.name in attr))) {
      attr = { ...attr };
      for (const d of defaults) if (d.default_value !== null && !(d.name in attr)) attr[d.name] = d.default_value;
    }
    return attr;
  }

  private callScope(scope: Scope, node: NodeDef): Scope {
    const key = `${scope.id}|${node.name}`;
    const known = this.callScopes.get(key);
    if (known !== undefined) return known;
    const target = callTarget(node);
    const fn = this.functions.get(target.name);
    if (fn === undefined || fn.signature === null) {
      return this.fail(`node "${node.name}"${this.where(scope)} calls function "${target.name}", which is not in the graph's function library`);
    }
    if (scope.depth >= MAX_CALL_DEPTH) return this.fail(`function calls nest deeper than ${MAX_CALL_DEPTH} at node "${node.name}" (a recursive function?)`);
    let body = this.bodies.get(target.name);
    if (body === undefined) {
      body = nodeMap(fn.node_def);
      this.bodies.set(target.name, body);
    }
    const inner: Scope = {
      id: this.nextScope++,
      nodes: body,
      fn,
      argIndex: new Map(fn.signature.input_arg.map((a, i) => [a.name, i])),
      caller: { scope, node, inputs: dataInputs(node.input) },
      bindings: target.attr,
      depth: scope.depth + 1,
    };
    this.callScopes.set(key, inner);
    this.inlined++;
    return inner;
  }

  private where(scope: Scope): string {
    return scope.fn === undefined ? '' : ` in function "${scope.fn.signature?.name ?? '?'}"`;
  }

  private suggest(name: string): string {
    const lower = name.toLowerCase();
    const near = this.req.graph.node.filter((n) => n.name.toLowerCase().includes(lower) || lower.includes(n.name.toLowerCase())).slice(0, 3);
    return near.length ? ` (did you mean ${near.map((n) => `"${n.name}"`).join(', ')}?)` : '';
  }

  private cycle(keys: string[]): never {
    // A node shows up once as a tensor demand and once as a node demand: keep one of each run.
    const names = keys.map((k) => k.slice(k.indexOf('|') + 1).split(':')[0]!).filter((n, i, all) => i === 0 || all[i - 1] !== n);
    if (names.length > 1 && names[names.length - 1] === names[0]) names.pop();
    return this.fail(`the graph has a cycle: ${[...names, names[0]].join(' -> ')} (loops need control flow ops, which litec does not import)`);
  }

  private fail(msg: string): never {
    return userError(Codes.CorruptFile, `${this.file}: ${msg}`, { file: this.file });
  }
}

/** Flattens the part of `graph` the outputs need into a topologically ordered node list with calls inlined. */
export function flattenGraph(req: FlattenRequest): FlatGraph {
  return new Flattener(req).flatten();
}
