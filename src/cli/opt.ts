// `litec opt FILE.mlir --passes=PIPELINE`: the mlir-opt of litec (parse, verify, run passes, print).
import { readFileSync } from 'node:fs';
import { registry } from '../../dialects/registry.js';
import { passRegistry } from '../../passes/index.js';
import { Codes } from '../diag/catalogue.js';
import { LitecError, userError } from '../diag/diagnostic.js';
import { parseModule } from '../ir/parser.js';
import { printModule } from '../ir/printer.js';
import { verifyModule } from '../ir/verifier.js';
import { PassManager, formatTimings } from '../pass/manager.js';
import { PassContext } from '../pass/pass.js';
import { flag, parseCommandArgs, str } from './args.js';
import { constantEvaluatorKey } from '../../passes/fold-constants.js';
import { interpreterEvaluator } from '../driver/constant-evaluator.js';
import { CliIO, writeFileAtomic } from './io.js';

export const optHelp = `usage: litec opt FILE.mlir [--passes=PIPELINE] [-o OUT.mlir] [options]

Parses textual IR, verifies it, runs a pass pipeline and prints the result (like mlir-opt).
  --passes=P             pipeline, e.g. 'canonicalize,fuse-activation{...}' (default: none)
  -o, --output FILE      write the IR to FILE instead of stdout
  --print-all-data       print large constants in full (hex) instead of eliding them
  --print-loc            print op locations
  --print-ir-after=NAME  print the IR after pass NAME (or 'all') to stderr
  --timing               print per-pass timing to stderr
  --no-verify            do not verify after each pass
  --debug-patterns       print pass statistics (which patterns fired) to stderr
FILE may be '-' for standard input.`;

export function readTextInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return userError(Codes.FileNotFound, code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(e)})`, { file: path });
  }
}

export async function optCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('opt', argv, {
    passes: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'print-all-data': { type: 'boolean' },
    'print-loc': { type: 'boolean' },
    'print-ir-after': { type: 'string' },
    timing: { type: 'boolean' },
    'no-verify': { type: 'boolean' },
    'debug-patterns': { type: 'boolean' },
    'verify-diagnostics': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flag(p, 'help')) {
    io.stdout(optHelp + '\n');
    return 0;
  }
  const file = p.positionals[0];
  if (file === undefined) userError(Codes.BadFlag, "litec opt: missing input file (usage: litec opt FILE.mlir --passes=PIPELINE)");
  if (p.positionals.length > 1) userError(Codes.BadFlag, `litec opt: unexpected argument '${p.positionals[1]}'`);
  const pia = str(p, 'print-ir-after');
  const pm = PassManager.fromPipeline(str(p, 'passes') ?? 'none', passRegistry, {
    verifyEach: !flag(p, 'no-verify'),
    printIrAfter: pia === undefined ? undefined : pia === 'all' ? 'all' : new Set(pia.split(',')),
    out: io.stderr,
  });
  const text = readTextInput(file);
  const module = parseModule(text, file, registry);
  const errors = verifyModule(module, { registry });
  if (errors.length > 0) throw new LitecError(errors);
  const ctx = new PassContext();
  ctx.provide(constantEvaluatorKey, interpreterEvaluator);
  const result = await pm.run(module, ctx);
  for (const d of ctx.diagnostics) io.stderr(d.format() + '\n');
  if (flag(p, 'timing')) io.stderr(formatTimings(result.timings) + '\n');
  if (flag(p, 'debug-patterns')) {
    for (const [pass, stats] of ctx.stats) for (const [k, v] of stats) io.stderr(`${pass}: ${k} = ${v}\n`);
  }
  const out = printModule(module, { printAllData: flag(p, 'print-all-data'), printLocs: flag(p, 'print-loc') }) + '\n';
  const o = str(p, 'output');
  if (o !== undefined) writeFileAtomic(o, out);
  else io.stdout(out);
  return 0;
}
