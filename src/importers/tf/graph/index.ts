// GraphDef → tf-dialect IR: flatten (prune, drop aliases, inline calls), then build one `main` func.
import { registry as defaultRegistry } from '../../../../dialects/registry.js';
import type { Module } from '../../../ir/core.js';
import type { OpRegistry } from '../../../ir/opdef.js';
import type { GraphDef, OpDef as TfOpDef } from '../proto/index.js';
import { buildModule } from './build-ir.js';
import type { FlatGraph, InputDecl } from './flat-graph.js';
import { flattenGraph } from './flatten.js';
import { OpSignatures } from './op-signatures.js';
import type { ShapeOverrides } from './types.js';
import type { VariableSource } from './variables.js';

export interface GraphImportRequest {
  /** The model file, for messages. */
  file: string;
  graph: GraphDef;
  /** A MetaGraph's stripped_op_list: output arg names and default attrs of the ops used. */
  opList?: readonly TfOpDef[];
  /** Declared inputs, or every Placeholder the outputs need. */
  inputs: readonly InputDecl[] | 'placeholders';
  outputs: readonly { tensor: string; name: string }[];
  variables: VariableSource;
  shapes?: ShapeOverrides;
  /** Op registry to build from (default: litec's). */
  registry?: OpRegistry;
}

export interface GraphImportResult {
  module: Module;
  flat: FlatGraph;
}

export function importGraph(req: GraphImportRequest): GraphImportResult {
  const signatures = new OpSignatures(req.opList ?? [], req.graph.library?.function ?? []);
  const flat = flattenGraph({ file: req.file, graph: req.graph, signatures, inputs: req.inputs, outputs: req.outputs });
  const module = buildModule({ file: req.file, flat, registry: req.registry ?? defaultRegistry, variables: req.variables, shapes: req.shapes ?? {}, signatures });
  return { module, flat };
}

export type { InputDecl, FlatGraph } from './flat-graph.js';
export { defaultOutputs } from './default-outputs.js';
export { CheckpointVariables, NoVariables, type VariableBinding, type VariableSource, type VariableTally } from './variables.js';
export { setImportAttrs, type ImportFacts } from './module-attrs.js';
export { unsupportedOpsMessage } from './unsupported.js';
