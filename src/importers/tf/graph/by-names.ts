// Imports a GraphDef by tensor names (--inputs/--outputs, else Placeholders and default sinks) or by a signature.
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import type { Module } from '../../../ir/core.js';
import type { OpRegistry } from '../../../ir/opdef.js';
import type { ImportOptions } from '../../load.js';
import type { GraphDef, MetaGraphDef, OpDef as TfOpDef } from '../proto/index.js';
import { defaultOutputs } from './default-outputs.js';
import { importGraph } from './index.js';
import { checkDistinct, displayName, inputDeclsFromNames, outputsFromNames } from './io-spec.js';
import { signatureIO } from './signature.js';
import type { ShapeOverrides } from './types.js';
import type { VariableSource } from './variables.js';

/** Outputs the caller named, or the default sinks with a note saying how they were chosen. */
export function chooseOutputs(graph: GraphDef, opts: ImportOptions, file: string): { outputs: { tensor: string; name: string }[]; chosenBy: string } {
  if (opts.outputs !== undefined && opts.outputs.length > 0) {
    checkDistinct(opts.outputs, '--outputs', file);
    return { outputs: outputsFromNames(opts.outputs), chosenBy: '--outputs' };
  }
  const fns = new Set((graph.library?.function ?? []).map((f) => f.signature?.name ?? ''));
  const d = defaultOutputs(graph, (n) => fns.has(n));
  if (d.outputs.length === 0) {
    return userError(Codes.BadSignature, `${file}: cannot tell the model's outputs (no sink computes anything from an input); name them with --outputs`, { file });
  }
  const skipped = d.skipped.length ? `; skipped ${d.skipped.slice(0, 4).map((s) => `${s.node} (${s.why})`).join(', ')}${d.skipped.length > 4 ? ', ...' : ''}` : '';
  return { outputs: outputsFromNames(d.outputs), chosenBy: `default: sinks that are not training/saving ops${skipped}` };
}

/** What a graph import produced, with the facts module attributes report. */
export interface NamedTensorImport {
  module: Module;
  inputs: string[];
  outputs: string[];
  chosenBy: string;
  inlinedCalls: number;
  signature?: string;
}

/** Imports the function a MetaGraph's signature `name` describes. */
export function importGraphBySignature(meta: MetaGraphDef, graph: GraphDef, name: string, file: string, opts: ImportOptions, variables: VariableSource, extra: { opList?: readonly TfOpDef[]; registry?: OpRegistry } = {}): NamedTensorImport {
  const io = signatureIO(meta, name, file);
  const { module, flat } = importGraph({ file, graph, inputs: io.inputs, outputs: io.outputs, variables, shapes: shapeOverrides(opts), ...extra });
  return { module, inputs: io.inputs.map((i) => i.name), outputs: io.outputs.map((o) => o.name), chosenBy: `signature ${name}`, inlinedCalls: flat.inlinedCalls, signature: name };
}

/** Imports a decoded GraphDef with --inputs/--outputs (or Placeholders and default sinks). */
export function importGraphByNames(graph: GraphDef, file: string, opts: ImportOptions, variables: VariableSource, extra: { opList?: readonly TfOpDef[]; registry?: OpRegistry } = {}): NamedTensorImport {
  const { outputs, chosenBy } = chooseOutputs(graph, opts, file);
  if (opts.inputs !== undefined && opts.inputs.length > 0) checkDistinct(opts.inputs, '--inputs', file);
  const inputs = opts.inputs !== undefined && opts.inputs.length > 0 ? inputDeclsFromNames(opts.inputs) : 'placeholders';
  const { module, flat } = importGraph({ file, graph, inputs, outputs, variables, shapes: shapeOverrides(opts), ...extra });
  return { module, inputs: flat.inputs.map((i) => displayName(i.decl.tensor)), outputs: outputs.map((o) => o.name), chosenBy, inlinedCalls: flat.inlinedCalls };
}

export function shapeOverrides(opts: ImportOptions): ShapeOverrides {
  return { ...(opts.inputShapes ? { inputShapes: opts.inputShapes } : {}), ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}) };
}
