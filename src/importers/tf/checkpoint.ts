// TF1 checkpoint (prefix.meta + prefix.index/.data-*) → tf-dialect module with variables read from the bundle.
//
// Without --inputs/--outputs or a serving_default signature in the .meta, the outputs are the graph's sinks that are
// not training, saving or metric nodes, and the inputs are the Placeholders they read. For the MNIST MLP in the
// shared models (fc2.ckpt) that is `output/sm` (the softmax) fed by `input/x`: the loss, the accuracy `Mean` (a
// scalar reading the label placeholder) and the Adam/save/init ops are all passed over.
import { existsSync } from 'node:fs';
import { Codes } from '../../diag/catalogue.js';
import { userError } from '../../diag/diagnostic.js';
import type { Module } from '../../ir/core.js';
import type { OpRegistry } from '../../ir/opdef.js';
import type { ImportOptions } from '../load.js';
import { decodeMetaGraphDef } from './proto/index.js';
import { TensorBundle, indexFileName } from './tensor-bundle/index.js';
import { CheckpointVariables, setImportAttrs } from './graph/index.js';
import { readModelBytes } from './graph/io-spec.js';
import { servingSignatures } from './graph/signature.js';
import { importGraphByNames, importGraphBySignature } from './graph/by-names.js';

/** Opens a bundle; a missing index is allowed (undefined) only when seeded weights may stand in. */
export function openBundle(prefix: string, allowMissing: boolean): { bundle: TensorBundle | undefined; missing?: string } {
  const index = indexFileName(prefix);
  if (!existsSync(index) && allowMissing) return { bundle: undefined, missing: `the checkpoint index ${index} is missing` };
  return { bundle: TensorBundle.open(prefix) };
}

/** Imports checkpoint `prefix` (the path without .meta/.index). */
export function importCheckpoint(prefix: string, opts: ImportOptions = {}, registry?: OpRegistry): Module {
  const metaFile = `${prefix}.meta`;
  if (!existsSync(metaFile)) {
    return userError(Codes.FileNotFound, `${metaFile}: the checkpoint has no MetaGraph (.meta) file; litec needs it for the graph (or import a SavedModel)`, { file: metaFile });
  }
  const meta = decodeMetaGraphDef(readModelBytes(metaFile, 'checkpoint MetaGraph'), metaFile);
  const graph = meta.graph_def;
  if (graph === null || graph.node.length === 0) return userError(Codes.CorruptFile, `${metaFile}: the MetaGraph has no graph`, { file: metaFile });
  const { bundle, missing } = openBundle(prefix, opts.allowMissingWeights === true);
  const variables = new CheckpointVariables({ file: metaFile, bundle, ...(missing ? { missingBundle: missing } : {}), allowMissingWeights: opts.allowMissingWeights === true });
  const extra = { opList: meta.meta_info_def?.stripped_op_list?.op ?? [], ...(registry ? { registry } : {}) };
  const named = (opts.inputs?.length ?? 0) > 0 || (opts.outputs?.length ?? 0) > 0;
  const sigName = opts.signature ?? 'serving_default';
  const useSignature = !named && (opts.signature !== undefined || servingSignatures(meta).includes(sigName));
  const facts = useSignature ? importGraphBySignature(meta, graph, sigName, metaFile, opts, variables, extra) : importGraphByNames(graph, metaFile, opts, variables, extra);
  setImportAttrs(facts.module, {
    format: 'checkpoint',
    ...(meta.meta_info_def?.tensorflow_version ? { version: meta.meta_info_def.tensorflow_version } : {}),
    ...(graph.versions ? { producer: graph.versions.producer } : {}),
    ...(facts.signature !== undefined ? { signature: facts.signature } : {}),
    tally: variables.tally,
    inputs: facts.inputs,
    outputs: facts.outputs,
    outputsChosenBy: facts.chosenBy,
    inlinedCalls: facts.inlinedCalls,
  });
  return facts.module;
}
