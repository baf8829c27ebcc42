// `litec export-ckpt MODEL -o PREFIX`: a built-in architecture's (seeded) weights as a TF checkpoint.
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { EFFICIENTNET_MODELS } from '../zoo/efficientnet-arch.js';
import { exportCheckpoint } from '../zoo/export-ckpt.js';
import { flag, parseCommandArgs, str } from './args.js';
import { CliIO } from './io.js';

export async function exportCkptCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('export-ckpt', argv, { output: { type: 'string', short: 'o' }, ema: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (flag(p, 'help')) {
    io.stdout('usage: litec export-ckpt MODEL -o DIR/model.ckpt [--ema]\nWrites the built-in model\'s seeded weights as a TF checkpoint with the official variable names.\n');
    return 0;
  }
  const model = p.positionals[0];
  if (model === undefined || !EFFICIENTNET_MODELS.includes(model)) return userError(Codes.BadFlag, `litec export-ckpt: MODEL must be one of ${EFFICIENTNET_MODELS.join(', ')}`);
  const out = str(p, 'output');
  if (out === undefined) return userError(Codes.BadFlag, 'litec export-ckpt: missing -o PREFIX (e.g. -o ckpt/model.ckpt)');
  const r = exportCheckpoint(model, out, { ema: flag(p, 'ema') });
  io.stdout(`wrote ${r.variables} variables to ${r.indexFile} and ${r.dataFile}\n`);
  return 0;
}
