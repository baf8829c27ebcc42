// `litec inspect MODEL [--json] [--ir]`: format, ops, I/O with quantization, parameters, MAdds and sizes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { Module } from '../ir/core.js';
import { printModule } from '../ir/printer.js';
import { modelStats, ModelStats } from '../analysis/model-stats.js';
import { builtinOperatorName } from '../emitters/tflite/schema/builtin-operator.js';
import { readTfliteModel } from '../emitters/tflite/schema/reader.js';
import { tensorTypeName } from '../emitters/tflite/schema/enums.js';
import type { TfliteModel } from '../emitters/tflite/schema/types.js';
import { importTflite } from '../importers/tflite/import.js';
import { ImportOptions, importModel, rejectInapplicableOptions } from '../importers/load.js';
import { detectModel } from '../importers/detect.js';
import { BUILTIN_MODELS } from '../importers/load.js';
import { flag, parseCommandArgs } from './args.js';
import { importOptionsFromArgs, importFlags } from './import-flags.js';
import { CliIO } from './io.js';

export interface InspectReport extends ModelStats {
  format: string;
  path: string;
  size_bytes: number;
  details: Record<string, unknown>;
}

function readModelFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    return userError(Codes.FileNotFound, `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: path });
  }
}

function sizeOf(path: string): number {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    return readdirSync(path).reduce((a, n) => a + sizeOf(join(path, n)), 0);
  } catch {
    return 0;
  }
}

/** TFLite-level facts the IR does not carry: op versions, tensor count, per-channel tensors, buffer bytes. */
export function tfliteDetails(model: TfliteModel): Record<string, unknown> {
  const sg = model.subgraphs[0];
  const versions: Record<string, number[]> = {};
  const tfliteOps: Record<string, number> = {};
  for (const op of sg?.operators ?? []) {
    const code = model.operatorCodes[op.opcodeIndex];
    if (code === undefined) continue;
    const name = code.builtinCode === 32 ? `CUSTOM(${code.customCode ?? ''})` : builtinOperatorName(code.builtinCode);
    tfliteOps[name] = (tfliteOps[name] ?? 0) + 1;
    const vs = versions[name] ?? [];
    if (!vs.includes(code.version)) vs.push(code.version);
    versions[name] = vs.sort((a, b) => a - b);
  }
  let perChannel = 0;
  let perTensor = 0;
  const types: Record<string, number> = {};
  for (const t of sg?.tensors ?? []) {
    const tn = tensorTypeName(t.type);
    types[tn] = (types[tn] ?? 0) + 1;
    if (t.quantization && t.quantization.scale.length > 1) perChannel++;
    else if (t.quantization && t.quantization.scale.length === 1) perTensor++;
  }
  const bufferBytes = model.buffers.reduce((a, b) => a + b.data.length, 0);
  return {
    description: model.description,
    subgraphs: model.subgraphs.length,
    tflite_ops: tfliteOps,
    op_versions: versions,
    tensors: sg?.tensors.length ?? 0,
    tensor_types: types,
    quantization: { per_channel_tensors: perChannel, per_tensor_tensors: perTensor },
    buffer_bytes: bufferBytes,
    metadata: model.metadata.map((m) => m.name),
    signatures: model.signatureDefs.map((s) => ({ key: s.signatureKey, inputs: s.inputs.map((i) => i.name), outputs: s.outputs.map((o) => o.name) })),
  };
}

export async function inspectModel(path: string, module?: Module, importOpts: ImportOptions = {}): Promise<{ report: InspectReport; module: Module }> {
  const det = detectModel(path, BUILTIN_MODELS);
  let details: Record<string, unknown> = {};
  let m = module;
  if (det.format === 'tflite') {
    rejectInapplicableOptions(path, det.format, importOpts);
    const model = readTfliteModel(readModelFile(path), path);
    details = tfliteDetails(model);
    m ??= importTflite(model, path);
  } else {
    m ??= (await importModel(path, importOpts)).module;
    for (const [k, a] of m.attrs) if (a.kind === 'string' || a.kind === 'int' || a.kind === 'bool') details[k] = a.value;
  }
  const stats = modelStats(m);
  const ops = det.format === 'tflite' ? (details['tflite_ops'] as Record<string, number>) : stats.ops;
  return { report: { format: det.format, path, size_bytes: det.format === 'builtin' ? 0 : sizeOf(path), ...stats, ops, details }, module: m };
}

function formatShape(s: number[] | null): string {
  return s === null ? '*' : `[${s.map((d) => (d < 0 ? '?' : d)).join(',')}]`;
}

export function formatInspect(r: InspectReport): string {
  const lines = [`${r.path}: ${r.format}, ${r.size_bytes.toLocaleString('en-US')} bytes`];
  const d = r.details;
  if (d['description']) lines.push(`  description: ${String(d['description'])}`);
  for (const [k, v] of Object.entries(d)) if (k.startsWith('tf.')) lines.push(`  ${k}: ${String(v)}`);
  const io = (label: string, list: InspectReport['inputs']): void => {
    for (const t of list) {
      const q = t.scale === null ? '' : Array.isArray(t.scale) ? ` per-axis (${t.scale.length} scales)` : ` scale=${t.scale} zero_point=${String(t.zero_point)}`;
      lines.push(`  ${label} ${t.name}: ${t.dtype}${formatShape(t.shape)}${q}`);
    }
  };
  io('input ', r.inputs);
  io('output', r.outputs);
  lines.push(`  params: ${r.params.toLocaleString('en-US')}   MAdds: ${r.madds.toLocaleString('en-US')}   weights: ${r.weight_bytes.toLocaleString('en-US')} bytes`);
  const versions = (d['op_versions'] ?? {}) as Record<string, number[]>;
  lines.push(`  ops (${Object.values(r.ops).reduce((a, b) => a + b, 0)}):`);
  for (const [name, n] of Object.entries(r.ops).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const v = versions[name] ? `  v${versions[name]!.join(',v')}` : '';
    lines.push(`    ${String(n).padStart(5)}  ${name}${v}`);
  }
  if (d['tensors'] !== undefined) {
    const q = d['quantization'] as { per_channel_tensors: number; per_tensor_tensors: number };
    lines.push(`  tensors: ${String(d['tensors'])} (${Object.entries(d['tensor_types'] as Record<string, number>).map(([k, v]) => `${v} ${k}`).join(', ')}); quantized: ${q.per_channel_tensors} per-channel, ${q.per_tensor_tensors} per-tensor`);
    lines.push(`  buffers: ${(d['buffer_bytes'] as number).toLocaleString('en-US')} bytes; metadata: ${(d['metadata'] as string[]).join(', ') || 'none'}`);
  }
  return lines.join('\n');
}

export async function inspectCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('inspect', argv, { json: { type: 'boolean' }, ir: { type: 'boolean' }, 'print-all-data': { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...importFlags });
  if (flag(p, 'help')) {
    io.stdout('usage: litec inspect MODEL [--json] [--ir [--print-all-data]] [import options]\n');
    return 0;
  }
  const path = p.positionals[0];
  if (path === undefined) return userError(Codes.BadFlag, 'litec inspect: missing MODEL argument');
  const { report, module } = await inspectModel(path, undefined, importOptionsFromArgs(p, 'inspect'));
  if (flag(p, 'ir')) io.stdout(printModule(module, { printAllData: flag(p, 'print-all-data') }) + '\n');
  else if (flag(p, 'json')) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else io.stdout(formatInspect(report) + '\n');
  return 0;
}
