// TF2 captured resources → checkpoint keys, through the SavedModel's object graph and the checkpoint's.
//
// A TF2 SavedModel's signature is a call whose trailing inputs are captured variables. The SavedObjectGraph lists,
// for each concrete function, the object ids those captures bind to (`bound_inputs`); the checkpoint's
// TrackableObjectGraph uses the same ids, and a variable's node there holds its `checkpoint_key` (e.g.
// "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE").
import type { GraphDef, SavedObjectGraph, TrackableObjectGraph } from '../proto/index.js';
import { callTarget, nodeKind } from './node-kinds.js';
import { dataInputs, parseTensorRef } from './tensor-ref.js';
import type { VariableBinding } from './variables.js';

/** The name of the tensor that holds a checkpointed variable's value. */
const VARIABLE_VALUE = 'VARIABLE_VALUE';

export interface ObjectBindings {
  /** Top-level node name (VarHandleOp or resource Placeholder) → checkpoint tensor. */
  byNode: Map<string, VariableBinding>;
  /** SavedVariable.name → checkpoint tensor (for variables not reached through a capture). */
  byVariableName: Map<string, VariableBinding>;
}

/** TF's escaping of one object-path component: "." → "..", "/" → ".S". */
function escapeLocalName(name: string): string {
  return name.replace(/\./g, '..').replace(/\//g, '.S');
}

/**
 * Object paths from the root, breadth first in child order: how TF names objects in a checkpoint. Used only when the
 * checkpoint's own object graph cannot be read (its data shard is missing), to still find each variable's entry.
 */
export function objectPaths(saved: SavedObjectGraph): Map<number, string> {
  const paths = new Map<number, string>([[0, '']]);
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    const base = paths.get(id)!;
    for (const c of saved.nodes[id]?.children ?? []) {
      if (paths.has(c.node_id) || saved.nodes[c.node_id] === undefined) continue;
      paths.set(c.node_id, base === '' ? escapeLocalName(c.local_name) : `${base}/${escapeLocalName(c.local_name)}`);
      queue.push(c.node_id);
    }
  }
  return paths;
}

/** Checkpoint tensor of saved object `id`, or undefined when it is not a variable with a value. */
function bindingOf(id: number, saved: SavedObjectGraph, ckpt: TrackableObjectGraph | undefined, paths: () => Map<number, string>): VariableBinding | undefined {
  const obj = saved.nodes[id];
  if (obj === undefined || obj.kind !== 'variable') return undefined;
  const name = obj.variable?.name || `object ${id}`;
  if (ckpt === undefined) {
    const path = paths().get(id);
    return { key: path === undefined ? name : `${path}/.ATTRIBUTES/${VARIABLE_VALUE}`, name };
  }
  const attr = ckpt.nodes[id]?.attributes.find((a) => a.name === VARIABLE_VALUE);
  return attr === undefined || attr.checkpoint_key === '' ? undefined : { key: attr.checkpoint_key, name };
}

export function objectBindings(graph: GraphDef, saved: SavedObjectGraph | null, ckpt: TrackableObjectGraph | undefined): ObjectBindings {
  const byNode = new Map<string, VariableBinding>();
  const byVariableName = new Map<string, VariableBinding>();
  if (saved === null) return { byNode, byVariableName };
  let cachedPaths: Map<number, string> | undefined;
  const paths = (): Map<number, string> => (cachedPaths ??= objectPaths(saved));
  const fns = new Set((graph.library?.function ?? []).map((f) => f.signature?.name ?? ''));
  for (const node of graph.node) {
    if (nodeKind(node, (n) => fns.has(n)) !== 'call') continue;
    const bound = saved.concrete_functions[callTarget(node).name]?.bound_inputs ?? [];
    if (bound.length === 0) continue;
    const inputs = dataInputs(node.input);
    const captured = inputs.slice(Math.max(0, inputs.length - bound.length));
    captured.forEach((input, i) => {
      const ref = parseTensorRef(input);
      const b = bindingOf(bound[i]!, saved, ckpt, paths);
      if (ref !== undefined && b !== undefined && !byNode.has(ref.node)) byNode.set(ref.node, b);
    });
  }
  const counts = new Map<string, number>();
  saved.nodes.forEach((obj) => {
    const n = obj.kind === 'variable' ? obj.variable?.name : undefined;
    if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  });
  saved.nodes.forEach((obj, id) => {
    const n = obj.kind === 'variable' ? obj.variable?.name : undefined;
    if (!n || counts.get(n) !== 1) return;
    const b = bindingOf(id, saved, ckpt, paths);
    if (b !== undefined) byVariableName.set(n, b);
  });
  return { byNode, byVariableName };
}
