// `litec passes [--target T]`: lists the registered passes, or a target's default pipelines and what each step does.
import { passRegistry } from '../../passes/index.js';
import { parsePipelineSyntax } from '../pass/pipeline.js';
import { getTarget, type QuantizeMode } from '../../targets/index.js';
import { flag, parseCommandArgs, str } from './args.js';
import { CliIO } from './io.js';

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function passList(): string[] {
  const lines: string[] = ['Passes (use with --passes=a,b{opt=value}):'];
  for (const spec of passRegistry.all()) {
    lines.push(`  ${spec.name.padEnd(24)} ${spec.summary}`);
    if (spec.preservesSemantics === false) lines.push('      (changes the model\'s function: warns, and compile reports the output drift)');
    if (spec.description) lines.push(...wrap(spec.description, 100).map((l) => `      ${l}`));
    for (const [k, o] of Object.entries(spec.options ?? {})) {
      const vals = o.values ? ` (${o.values.join('|')})` : '';
      lines.push(`      ${`${k}=${String(o.default)}`.padEnd(22)} ${o.description}${vals}`);
    }
  }
  return lines;
}

function targetPipelines(name: string): string[] {
  const t = getTarget(name);
  const lines: string[] = [`target ${t.name}: ${t.summary}`];
  const q = t.defaultQuantize(false);
  const qd = t.defaultQuantize(true);
  lines.push(`default quantization: ${q} without calibration data, ${qd} with --calibration-data`);
  const modes: QuantizeMode[] = [...new Set<QuantizeMode>([qd, q, 'none', 'int8', 'dynamic-range', 'float16'])];
  for (const mode of modes) {
    const pipeline = t.pipeline({ quantize: mode, hasCalibrationData: mode === 'int8' });
    const tag = mode === qd ? ' (default)' : '';
    lines.push('', `--quantize ${mode}${tag}:`, `  ${pipeline}`);
    if (mode === qd) {
      for (const item of parsePipelineSyntax(pipeline)) {
        const spec = passRegistry.get(item.name);
        lines.push(`    ${item.name.padEnd(20)} ${spec?.summary ?? '(not registered)'}`);
      }
    }
  }
  lines.push('', `override with: litec compile MODEL --target ${t.name} --passes PIPELINE`);
  return lines;
}

export async function passesCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('passes', argv, { help: { type: 'boolean', short: 'h' }, target: { type: 'string' } });
  if (flag(p, 'help')) {
    io.stdout('usage: litec passes [--target cpu|gpu|edgetpu]\nLists every pass with its summary and options; with --target, that target\'s default pipelines.\n');
    return 0;
  }
  const target = str(p, 'target');
  io.stdout((target === undefined ? passList() : targetPipelines(target)).join('\n') + '\n');
  return 0;
}
