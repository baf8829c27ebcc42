// SavedModel folder (saved_model.pb + variables/) → tf-dialect module for one signature of the `serve` MetaGraph.
//
// TF1 SavedModels keep VariableV2 nodes restored by name from variables/variables. TF2/Keras ones put the model in
// the function library behind a StatefulPartitionedCall whose captured resource inputs are resolved to checkpoint
// keys through the object graphs (graph/object-graph.ts); the calls are inlined and variable reads become constants.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Codes } from '../../diag/catalogue.js';
import { LitecError, userError } from '../../diag/diagnostic.js';
import type { Module } from '../../ir/core.js';
import type { OpRegistry } from '../../ir/opdef.js';
import type { ImportOptions } from '../load.js';
import { decodeSavedModel, type MetaGraphDef, type TrackableObjectGraph } from './proto/index.js';
import type { TensorBundle } from './tensor-bundle/index.js';
import { CheckpointVariables, setImportAttrs } from './graph/index.js';
import { readModelBytes } from './graph/io-spec.js';
import { objectBindings } from './graph/object-graph.js';
import { openBundle } from './checkpoint.js';
import { importGraphByNames, importGraphBySignature } from './graph/by-names.js';

/** The MetaGraph tagged `serve` (or the only one). */
export function serveMetaGraph(metas: readonly MetaGraphDef[], file: string): MetaGraphDef {
  const serve = metas.find((m) => m.meta_info_def?.tags.includes('serve') === true);
  if (serve !== undefined) return serve;
  if (metas.length === 1) return metas[0]!;
  const tags = metas.map((m) => `[${m.meta_info_def?.tags.join(',') ?? ''}]`).join(', ');
  return userError(Codes.BadSignature, `${file}: no MetaGraph is tagged "serve" (tag sets: ${tags})`, { file });
}

/**
 * The checkpoint's object graph, or undefined when there is none or its data shard is missing (the variables'
 * keys are then derived from the SavedModel's object graph, and the missing shard is reported per variable).
 */
function checkpointObjectGraph(bundle: TensorBundle | undefined): TrackableObjectGraph | undefined {
  if (bundle === undefined) return undefined;
  try {
    return bundle.objectGraph();
  } catch (e) {
    if (e instanceof LitecError && e.diagnostics[0]?.code === Codes.MissingWeights) return undefined;
    throw e;
  }
}

/** Imports the `serve` MetaGraph of SavedModel folder `dir`: signature --signature (default serving_default), or --inputs/--outputs. */
export function importSavedModel(dir: string, opts: ImportOptions = {}, registry?: OpRegistry): Module {
  const pbFile = join(dir, 'saved_model.pb');
  const saved = decodeSavedModel(readModelBytes(pbFile, 'SavedModel'), pbFile);
  const meta = serveMetaGraph(saved.meta_graphs, pbFile);
  const graph = meta.graph_def;
  if (graph === null || graph.node.length === 0) return userError(Codes.CorruptFile, `${pbFile}: the MetaGraph has no graph`, { file: pbFile });

  const varsDir = join(dir, 'variables');
  const allow = opts.allowMissingWeights === true;
  let opened: ReturnType<typeof openBundle>;
  if (!existsSync(varsDir)) {
    // Variables are only needed if the imported function reads one; the error comes then, naming the folder.
    opened = { bundle: undefined, missing: 'the SavedModel has no variables/ folder' };
  } else {
    opened = openBundle(join(varsDir, 'variables'), allow);
  }
  const bindings = objectBindings(graph, meta.object_graph_def, checkpointObjectGraph(opened.bundle));
  const variables = new CheckpointVariables({
    file: opened.bundle === undefined ? varsDir : pbFile,
    bundle: opened.bundle,
    ...(opened.missing ? { missingBundle: opened.missing } : {}),
    bindings: bindings.byNode,
    byVariableName: bindings.byVariableName,
    allowMissingWeights: allow,
  });
  const extra = { opList: meta.meta_info_def?.stripped_op_list?.op ?? [], ...(registry ? { registry } : {}) };
  const named = (opts.inputs?.length ?? 0) > 0 || (opts.outputs?.length ?? 0) > 0;
  const r = named ? importGraphByNames(graph, pbFile, opts, variables, extra) : importGraphBySignature(meta, graph, opts.signature ?? 'serving_default', pbFile, opts, variables, extra);
  setImportAttrs(r.module, {
    format: 'saved-model',
    ...(meta.meta_info_def?.tensorflow_version ? { version: meta.meta_info_def.tensorflow_version } : {}),
    ...(graph.versions ? { producer: graph.versions.producer } : {}),
    ...(r.signature !== undefined ? { signature: r.signature } : {}),
    tally: variables.tally,
    inputs: r.inputs,
    outputs: r.outputs,
    outputsChosenBy: r.chosenBy,
    inlinedCalls: r.inlinedCalls,
  });
  return r.module;
}
