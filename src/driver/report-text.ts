// The compile report as text for people (the JSON form is the CompileReport object itself).
import { formatTimings } from '../pass/manager.js';
import type { CompileReport } from './compile.js';
import { formatDrift } from './drift.js';

const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

function opDelta(r: CompileReport): string[] {
  const names = [...new Set([...Object.keys(r.before.ops), ...Object.keys(r.after.ops)])].sort();
  const lines: string[] = [];
  const b = Object.values(r.before.ops).reduce((a, x) => a + x, 0);
  const a = Object.values(r.after.ops).reduce((a, x) => a + x, 0);
  lines.push(`ops: ${b} → ${a}`);
  for (const n of names) {
    const x = r.before.ops[n] ?? 0;
    const y = r.after.ops[n] ?? 0;
    if (y > 0) lines.push(`  ${String(y).padStart(5)}  ${n}${x !== y && x > 0 ? `  (was ${x})` : ''}`);
  }
  return lines;
}

export function formatCompileReport(r: CompileReport, extra: { placementText?: string; quantizationText?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`litec compile ${r.model} (${r.format}) --target=${r.target}`);
  if (r.synthetic_weights) lines.push('  note: synthetic weights (seeded values, not trained): accuracy figures mean nothing');
  if (r.calibration) lines.push(`  calibration data: ${r.calibration}`);
  lines.push(`pipeline: ${r.pipeline}`);
  lines.push('pass timings:');
  lines.push(formatTimings(r.timings.passes));
  lines.push(`import ${r.timings.import_ms.toFixed(0)} ms, emit ${r.timings.emit_ms.toFixed(0)} ms, total ${r.timings.total_ms.toFixed(0)} ms`);
  lines.push(`size: ${r.size_before ? mb(r.size_before) : 'built-in'} → ${mb(r.size_after)}${r.size_before ? ` (${((100 * r.size_after) / r.size_before).toFixed(1)}%)` : ''}`);
  lines.push(`params: ${r.before.params.toLocaleString('en-US')} → ${r.after.params.toLocaleString('en-US')}; MAdds: ${r.before.madds.toLocaleString('en-US')} → ${r.after.madds.toLocaleString('en-US')}`);
  lines.push(...opDelta(r));
  for (const d of r.diagnostics) lines.push(d);
  if (r.drift) lines.push(formatDrift(r.drift));
  if (extra.quantizationText) lines.push(extra.quantizationText);
  if (extra.placementText) lines.push(extra.placementText);
  const c = r.runtime_check;
  if (c === null) lines.push('runtime check: skipped');
  else if (c.ok) lines.push(`runtime check: the real TFLite runtime loaded and ran the model (${c.ms.toFixed(0)} ms): ${c.inputs.map((i) => `${i.dtype}[${i.shape.join(',')}]`).join(', ')} → ${c.outputs.map((o) => `${o.dtype}[${o.shape.join(',')}]`).join(', ')}`);
  else lines.push(`runtime check: FAILED: ${c.error ?? ''}`);
  return lines.join('\n');
}
