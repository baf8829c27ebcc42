// Entry points of the TensorFlow importers: SavedModel folders, frozen GraphDefs and TF1 checkpoints.
import type { Module } from '../../ir/core.js';
import type { OpRegistry } from '../../ir/opdef.js';
import type { DetectedModel } from '../detect.js';
import type { ImportOptions } from '../load.js';
import { importCheckpoint } from './checkpoint.js';
import { importFrozenGraph } from './frozen-graph.js';
import { importSavedModel } from './saved-model.js';

export { importCheckpoint } from './checkpoint.js';
export { importFrozenGraph } from './frozen-graph.js';
export { importSavedModel } from './saved-model.js';

/** Imports a detected TF model ('saved-model', 'graphdef' or 'checkpoint') into a tf-dialect module. */
export function importTfModel(model: DetectedModel, opts: ImportOptions = {}, registry?: OpRegistry): Module {
  switch (model.format) {
    case 'saved-model':
      return importSavedModel(model.path, opts, registry);
    case 'graphdef':
      return importFrozenGraph(model.path, opts, registry);
    case 'checkpoint':
      return importCheckpoint(model.path, opts, registry);
    default:
      throw new Error(`internal: importTfModel called for a ${model.format} model`);
  }
}
