// `litec compile` and `run` (inspect lives in inspect.ts).
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { importModel } from '../importers/load.js';
import { flag, parseCommandArgs } from './args.js';
import { CliIO } from './io.js';

export async function compileCommand(argv: readonly string[], _io: CliIO): Promise<number> {
  const p = parseCommandArgs('compile', argv, { demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (flag(p, 'help')) {
    _io.stdout('usage: litec compile MODEL [-o OUT.tflite] [--target cpu|gpu|edgetpu] [--passes PIPELINE|none] [--quantize ...]\n');
    return 0;
  }
  const model = p.positionals[0] ?? 'efficientnet-lite0';
  await importModel(model);
  return userError(Codes.NotImplemented, `litec compile: the TFLite emitter is not implemented yet (model ${model})`);
}

