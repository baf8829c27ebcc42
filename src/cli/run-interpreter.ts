// `litec run --runtime interpreter`: imports any model and runs it with litec's reference interpreter.
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { ImportOptions, importModel } from '../importers/load.js';
import { NpyArray } from '../interpreter/npy.js';
import type { OutputTensor } from './run.js';

export async function runWithInterpreter(model: string, arrays: NpyArray[], files: string[], opts: ImportOptions): Promise<OutputTensor[]> {
  const imported = await importModel(model, opts);
  void arrays;
  void files;
  return userError(Codes.NotImplemented, `litec run: the reference interpreter is not available yet for ${imported.path}`);
}
