// `litec passes`: lists the registered passes with their summaries and options.
import { passRegistry } from '../../passes/index.js';
import { flag, parseCommandArgs } from './args.js';
import { CliIO } from './io.js';

export async function passesCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('passes', argv, { help: { type: 'boolean', short: 'h' }, target: { type: 'string' } });
  if (flag(p, 'help')) {
    io.stdout('usage: litec passes [--target cpu|gpu|edgetpu]\nLists every pass with its summary and options.\n');
    return 0;
  }
  const lines: string[] = ['Passes (use with --passes=a,b{opt=value}):'];
  for (const spec of passRegistry.all()) {
    lines.push(`  ${spec.name.padEnd(24)} ${spec.summary}`);
    for (const [k, o] of Object.entries(spec.options ?? {})) {
      const vals = o.values ? ` (${o.values.join('|')})` : '';
      lines.push(`      ${k}=${String(o.default).padEnd(14)} ${o.description}${vals}`);
    }
  }
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
