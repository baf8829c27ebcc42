// Picks a graph's outputs when nobody named them: the sinks that compute something from an input.
//
// A sink is a node no other node reads. Training, saving, initialisation and summary sinks are bookkeeping; a sink
// that reads no Placeholder is an initialiser or a constant; a scalar sink next to non-scalar ones is a loss or a
// metric (TF1 training scripts leave `accuracy = Mean(...)` and `loss` sinks beside the model's softmax).
import type { GraphDef, NodeDef } from '../proto/index.js';
import { isTrainingOrSavingNode, nodeKind } from './node-kinds.js';
import { dataInputs, parseTensorRef } from './tensor-ref.js';
import { outputShapesAttr } from './types.js';

export interface DefaultOutputs {
  /** Chosen output node names, in graph order. */
  outputs: string[];
  /** Sinks passed over and why, for the "chosen" note. */
  skipped: { node: string; why: string }[];
}

export function defaultOutputs(graph: GraphDef, isFunction: (name: string) => boolean): DefaultOutputs {
  const byName = new Map(graph.node.map((n) => [n.name, n]));
  const read = new Set<string>();
  for (const n of graph.node) for (const i of dataInputs(n.input)) {
    const r = parseTensorRef(i);
    if (r !== undefined) read.add(r.node);
  }
  const skipped: DefaultOutputs['skipped'] = [];
  const candidates: NodeDef[] = [];
  for (const n of graph.node) {
    if (read.has(n.name)) continue;
    const kind = nodeKind(n, isFunction);
    if (kind === 'const' || kind === 'placeholder' || kind === 'variable' || kind === 'placeholder-default') continue;
    if (isTrainingOrSavingNode(n)) continue;
    if (!readsPlaceholder(n, byName, isFunction)) {
      skipped.push({ node: n.name, why: 'reads no input' });
      continue;
    }
    candidates.push(n);
  }
  const isScalar = (n: NodeDef): boolean => outputShapesAttr(n.attr)?.[0]?.length === 0;
  const tensors = candidates.filter((n) => !isScalar(n));
  const chosen = tensors.length > 0 ? tensors : candidates;
  for (const n of candidates) if (!chosen.includes(n)) skipped.push({ node: n.name, why: 'a scalar: loss or metric' });
  return { outputs: chosen.map((n) => n.name), skipped };
}

/** True when some Placeholder feeds `start` through data edges (iterative, cycle-safe). */
function readsPlaceholder(start: NodeDef, byName: ReadonlyMap<string, NodeDef>, isFunction: (name: string) => boolean): boolean {
  const seen = new Set<string>([start.name]);
  const stack: NodeDef[] = [start];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n !== start && nodeKind(n, isFunction) === 'placeholder') return true;
    for (const i of dataInputs(n.input)) {
      const r = parseTensorRef(i);
      const m = r === undefined ? undefined : byName.get(r.node);
      if (m !== undefined && !seen.has(m.name)) {
        seen.add(m.name);
        stack.push(m);
      }
    }
  }
  return false;
}
