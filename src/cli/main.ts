// The `litec` command: dispatches subcommands; user errors exit 2 in one line, bugs exit 70 with a stack.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLitecError } from '../diag/diagnostic.js';
import { CliIO, processIO } from './io.js';
import { optCommand } from './opt.js';
import { passesCommand } from './passes-cmd.js';
import { compileCommand } from './compile.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR } from './exit-codes.js';
import { runCommand } from './run.js';
import { exportCkptCommand } from './export-ckpt.js';
import { inspectCommand } from './inspect.js';

export { EXIT_OK, EXIT_USER_ERROR, EXIT_CPU_FALLBACK, EXIT_INTERNAL } from './exit-codes.js';

type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  compile: { run: compileCommand, summary: 'compile a model to a .tflite for a target (cpu, gpu, edgetpu)' },
  inspect: { run: inspectCommand, summary: 'describe a model: format, ops, inputs/outputs, parameters, size' },
  run: { run: runCommand, summary: 'run a model on an input (.npy) with the interpreter or the TFLite runtime' },
  opt: { run: optCommand, summary: 'run passes on textual IR (the mlir-opt of litec)' },
  passes: { run: passesCommand, summary: 'list passes and their options' },
  'export-ckpt': { run: exportCkptCommand, summary: 'write a built-in model\'s weights as a TF checkpoint (official names)' },
};

export function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'litec' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate folder
    }
  }
  return '0.0.0';
}

function help(): string {
  const lines = ['usage: litec <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(9)} ${c.summary}`);
  lines.push('', "Run 'litec <command> --help' for a command's options.", 'With no command, litec compiles the built-in efficientnet-lite0 for the Edge TPU (the demo).');
  return lines.join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(help() + '\n');
      return EXIT_OK;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`litec ${version()}\n`);
      return EXIT_OK;
    }
    if (first === undefined || first.startsWith('-')) return await compileCommand(['--demo', ...argv], io);
    const cmd = commands[first];
    if (cmd === undefined) {
      io.stderr(`litec: error LC1001: unknown command '${first}' (commands: ${Object.keys(commands).join(', ')})\n`);
      return EXIT_USER_ERROR;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    if (isLitecError(e)) {
      // One line per diagnostic: format() escapes line breaks a message quotes (a runtime's log, a file name); a bare
      // message without diagnostics is folded onto one line here.
      const lines = e.diagnostics.length > 0 ? e.diagnostics.map((d) => d.format()) : [e.message.replace(/\s*[\r\n]+\s*/g, ' ')];
      for (const l of lines) io.stderr(`litec: ${l}\n`);
      return EXIT_USER_ERROR;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`litec: internal error: ${err.message}\n${err.stack ?? ''}\nPlease report this with the command line and model.\n`);
    return EXIT_INTERNAL;
  }
}
