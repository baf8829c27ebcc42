// importModel: one entry point that detects a model's format and lifts it into IR.
import { registry } from '../../dialects/registry.js';
import { Codes } from '../diag/catalogue.js';
import { LitecError, userError } from '../diag/diagnostic.js';
import { Module } from '../ir/core.js';
import { parseModule } from '../ir/parser.js';
import { verifyModule } from '../ir/verifier.js';
import { readFileSync } from 'node:fs';
import { importTfliteFile } from './tflite/import.js';
import { importCheckpoint, importFrozenGraph, importSavedModel } from './tf/import-tf.js';
import { DetectedModel, ModelFormat, detectModel } from './detect.js';
import { EFFICIENTNET_MODELS } from '../zoo/efficientnet-arch.js';
import { buildEfficientNet } from '../zoo/efficientnet.js';
import { checkpointWeights, seededWeights } from '../zoo/weights.js';

export interface ImportOptions {
  /** SavedModel signature (default serving_default). */
  signature?: string;
  /** Input/output node names for GraphDefs and checkpoints. */
  inputs?: string[];
  outputs?: string[];
  /** Input shape overrides: name → shape ('' key = the only input). */
  inputShapes?: Map<string, number[]>;
  /** Deterministic seeded weights where the data shard is absent. */
  allowMissingWeights?: boolean;
  /** Fix a dynamic batch dimension. */
  batchSize?: number;
  /** Checkpoint folder/prefix with weights for a built-in architecture. */
  checkpoint?: string;
  /** Classifier size of a built-in architecture (default 1000). */
  numClasses?: number;
}

export interface ImportedModel {
  readonly module: Module;
  readonly format: ModelFormat;
  readonly path: string;
}

/** Names of built-in models: the EfficientNet(-Lite) family. */
export const BUILTIN_MODELS: readonly string[] = EFFICIENTNET_MODELS;

type Importer = (m: DetectedModel, opts: ImportOptions) => Promise<Module>;

const importers: Partial<Record<ModelFormat, Importer>> = {
  tflite: async (m) => importTfliteFile(m.path),
  builtin: async (m, o) => {
    const weights = o.checkpoint === undefined ? seededWeights() : checkpointWeights(o.checkpoint);
    return buildEfficientNet(m.path, { weights, batch: o.batchSize ?? 1, ...(o.numClasses === undefined ? {} : { numClasses: o.numClasses }) }).module;
  },
  'saved-model': async (m, o) => importSavedModel(m.path, o),
  graphdef: async (m, o) => importFrozenGraph(m.path, o),
  checkpoint: async (m, o) => importCheckpoint(m.path, o),
  mlir: async (m) => {
    const module = parseModule(readFileSync(m.path, 'utf8'), m.path, registry);
    const errs = verifyModule(module, { registry });
    if (errs.length) throw new LitecError(errs);
    return module;
  },
};

export async function importModel(path: string, opts: ImportOptions = {}): Promise<ImportedModel> {
  const detected = detectModel(path, BUILTIN_MODELS);
  const importer = importers[detected.format];
  if (importer === undefined) userError(Codes.NotImplemented, `${path}: importing ${detected.format} models is not implemented yet`, { file: path });
  return { module: await importer(detected, opts), format: detected.format, path: detected.path };
}
