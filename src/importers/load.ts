// importModel: one entry point that detects a model's format and lifts it into IR.
import { registry } from '../../dialects/registry.js';
import { Codes } from '../diag/catalogue.js';
import { LitecError, summarizeDiagnostics, userError } from '../diag/diagnostic.js';
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
import { checkTensorSizes } from './tensor-limits.js';

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
    let text: string;
    try {
      text = readFileSync(m.path, 'utf8');
    } catch (e) {
      return userError(Codes.FileNotFound, `${m.path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: m.path });
    }
    const module = parseModule(text, m.path, registry);
    const errs = verifyModule(module, { registry });
    if (errs.length) throw new LitecError(summarizeDiagnostics(errs));
    return module;
  },
};

/** The flag that sets each import option, and the formats it means something for. */
const OPTION_FLAGS: Record<keyof ImportOptions, { flag: string; formats: readonly ModelFormat[] }> = {
  signature: { flag: '--signature', formats: ['saved-model', 'checkpoint'] },
  inputs: { flag: '--inputs', formats: ['saved-model', 'graphdef', 'checkpoint'] },
  outputs: { flag: '--outputs', formats: ['saved-model', 'graphdef', 'checkpoint'] },
  inputShapes: { flag: '--input-shape', formats: ['saved-model', 'graphdef', 'checkpoint'] },
  allowMissingWeights: { flag: '--allow-missing-weights', formats: ['saved-model', 'graphdef', 'checkpoint', 'builtin', 'tflite', 'mlir'] },
  batchSize: { flag: '--batch-size', formats: ['saved-model', 'graphdef', 'checkpoint', 'builtin'] },
  checkpoint: { flag: '--ckpt', formats: ['builtin'] },
  numClasses: { flag: '--num-classes', formats: ['builtin'] },
};

/** How messages name a format: one model of it, and the kind in general. */
const FORMAT_NAMES: Record<ModelFormat, [one: string, all: string]> = {
  'saved-model': ['a SavedModel', 'SavedModels'],
  graphdef: ['a GraphDef', 'GraphDefs'],
  checkpoint: ['a checkpoint', 'checkpoints'],
  builtin: ['a built-in model', 'built-in models'],
  tflite: ['a .tflite model', '.tflite models'],
  mlir: ['a .mlir file', '.mlir files'],
};

/** A flag that means nothing for the model's format is an error, not silently ignored (e.g. --input-shape on a .tflite). */
export function rejectInapplicableOptions(path: string, format: ModelFormat, opts: ImportOptions): void {
  for (const key of Object.keys(OPTION_FLAGS) as (keyof ImportOptions)[]) {
    const { flag, formats } = OPTION_FLAGS[key];
    const v = opts[key];
    const given = v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0) && !(v instanceof Map && v.size === 0);
    if (!given || formats.includes(format)) continue;
    const where = formats.map((f) => FORMAT_NAMES[f][1]).join(', ');
    userError(Codes.BadFlag, `${path}: ${flag} does not apply to ${FORMAT_NAMES[format][0]} (only to ${where}); remove it`, { file: path });
  }
}

export async function importModel(path: string, opts: ImportOptions = {}): Promise<ImportedModel> {
  const detected = detectModel(path, BUILTIN_MODELS);
  const importer = importers[detected.format];
  if (importer === undefined) userError(Codes.NotImplemented, `${path}: importing ${detected.format} models is not implemented yet`, { file: path });
  rejectInapplicableOptions(path, detected.format, opts);
  const module = await importer(detected, opts);
  checkTensorSizes(module, path);
  return { module, format: detected.format, path: detected.path };
}
