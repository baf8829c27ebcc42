// Command-line flags shared by every command that imports a model (compile, inspect, run).
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { ImportOptions } from '../importers/load.js';
import { OptionsConfig, Parsed, flag, intFlag, str, strs } from './args.js';

export const importFlags: OptionsConfig = {
  signature: { type: 'string' },
  inputs: { type: 'string', multiple: true },
  outputs: { type: 'string', multiple: true },
  'input-shape': { type: 'string', multiple: true },
  'allow-missing-weights': { type: 'boolean' },
  'batch-size': { type: 'string' },
  ckpt: { type: 'string' },
  'num-classes': { type: 'string' },
};

/** Parses `1,224,224,3` or `name=1,224,224,3` (several flags allowed). */
export function parseInputShapes(specs: readonly string[], command: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const name = eq >= 0 ? spec.slice(0, eq) : '';
    const dims = eq >= 0 ? spec.slice(eq + 1) : spec;
    if (!/^[1-9]\d*(,[1-9]\d*)*$/.test(dims)) userError(Codes.BadFlag, `litec ${command}: --input-shape expects N,H,W,C or name=N,H,W,C, got '${spec}'`);
    out.set(name, dims.split(',').map(Number));
  }
  return out;
}

export function importOptionsFromArgs(p: Parsed, command: string): ImportOptions {
  const opts: ImportOptions = {};
  const sig = str(p, 'signature');
  if (sig !== undefined) opts.signature = sig;
  const split = (xs: string[]): string[] => xs.flatMap((x) => x.split(',')).filter((x) => x !== '');
  if (strs(p, 'inputs').length) opts.inputs = split(strs(p, 'inputs'));
  if (strs(p, 'outputs').length) opts.outputs = split(strs(p, 'outputs'));
  if (strs(p, 'input-shape').length) opts.inputShapes = parseInputShapes(strs(p, 'input-shape'), command);
  if (flag(p, 'allow-missing-weights')) opts.allowMissingWeights = true;
  const bs = intFlag(p, 'batch-size', command);
  if (bs !== undefined) opts.batchSize = bs;
  const ckpt = str(p, 'ckpt');
  if (ckpt !== undefined) opts.checkpoint = ckpt;
  const nc = intFlag(p, 'num-classes', command);
  if (nc !== undefined) opts.numClasses = nc;
  return opts;
}
