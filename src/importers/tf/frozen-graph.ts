// Frozen GraphDef (.pb) → tf-dialect module: Placeholders (or --inputs) in, named or default sink tensors out.
import { basename, dirname } from 'node:path';
import type { Module } from '../../ir/core.js';
import type { OpRegistry } from '../../ir/opdef.js';
import type { ImportOptions } from '../load.js';
import { decodeGraphDef } from './proto/index.js';
import { NoVariables, setImportAttrs } from './graph/index.js';
import { importGraphByNames } from './graph/by-names.js';
import { importSavedModel } from './saved-model.js';
import { readModelBytes } from './graph/io-spec.js';

/** Reads and imports a frozen GraphDef file. */
export function importFrozenGraph(path: string, opts: ImportOptions = {}, registry?: OpRegistry): Module {
  // A SavedModel's saved_model.pb named directly means the SavedModel (its variables sit next to it).
  if (basename(path) === 'saved_model.pb') return importSavedModel(dirname(path), opts, registry);
  const graph = decodeGraphDef(readModelBytes(path, 'GraphDef'), path);
  const r = importGraphByNames(graph, path, opts, new NoVariables(path), registry ? { registry } : {});
  setImportAttrs(r.module, {
    format: 'graphdef',
    ...(graph.versions ? { producer: graph.versions.producer } : {}),
    inputs: r.inputs,
    outputs: r.outputs,
    outputsChosenBy: r.chosenBy,
    inlinedCalls: r.inlinedCalls,
  });
  return r.module;
}
