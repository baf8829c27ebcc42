// `litec compile --report-html FILE`: the compile report as one self-contained HTML page (no scripts, no external
// files): summary, where each op runs on the target and why, the per-layer float-vs-int8 SQNR as a bar chart with
// the worst layers marked, the output drift of function-changing passes, and the terminal text for reference.
import type { Placement, OpPlacement } from '../../targets/target.js';
import type { QuantReport, LayerReport } from '../quant/report.js';
import type { CompileReport } from './compile.js';

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** SQNR below this is flagged (about 3 bits of effective precision lost against int8's ideal ~48 dB). */
const LOW_SQNR_DB = 20;

const fmtBytes = (n: number): string => `${n.toLocaleString('en-US')} B`;
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
/** SQNR text: null means the values matched exactly. */
const db = (x: number | null): string => (x === null ? '∞' : Number.isFinite(x) ? x.toFixed(1) : x > 0 ? '∞' : '-∞');
const isLow = (x: number | null): boolean => x !== null && x < LOW_SQNR_DB;


function row(cells: readonly string[], cls?: string): string {
  return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function head(cells: readonly string[]): string {
  return `<tr>${cells.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
}

function summary(r: CompileReport, out: string | undefined): string {
  const items: [string, string][] = [
    ['model', `${r.model} (${r.format})${r.synthetic_weights ? ' — synthetic weights: accuracy figures mean nothing' : ''}`],
    ['target', r.target],
    ['pipeline', r.pipeline],
    ['calibration data', r.calibration ?? '—'],
    ['size', `${fmtBytes(r.size_before)} → ${fmtBytes(r.size_after)}`],
    ['params', `${r.before.params.toLocaleString('en-US')} → ${r.after.params.toLocaleString('en-US')}`],
    ['MAdds', `${r.before.madds.toLocaleString('en-US')} → ${r.after.madds.toLocaleString('en-US')}`],
    ['runtime check', r.runtime_check === null ? 'not run' : r.runtime_check.ok ? `the real TFLite runtime loaded and ran it (${r.runtime_check.inputs.map((i) => `${i.dtype}[${i.shape.join(',')}]`).join(', ')} → ${r.runtime_check.outputs.map((o) => `${o.dtype}[${o.shape.join(',')}]`).join(', ')})` : `rejected: ${r.runtime_check.error ?? ''}`],
    ['exit code', String(r.exit_code)],
  ];
  if (out !== undefined) items.unshift(['output', out]);
  return `<table class="kv">${items.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function placementSection(p: Placement): string {
  const verdict = p.verdict === 'all-mapped' ? 'good' : p.verdict === 'partial' ? 'warn' : 'bad';
  const parts = [`<h2>Placement on ${escapeHtml(p.target)}</h2>`, `<p class="${verdict}">${escapeHtml(p.summary)}: ${p.mapped} of ${p.total} ops mapped (${escapeHtml(p.verdict)})</p>`];
  if (p.first_blocker) {
    const b = p.first_blocker;
    parts.push(`<p class="bad">first blocker: #${b.index} ${escapeHtml(b.op)}${b.loc ? ` “${escapeHtml(b.loc)}”` : ''}: ${escapeHtml(b.reason)}${b.fix ? `<br>fix: ${escapeHtml(b.fix)}` : ''}</p>`);
  }
  parts.push('<table>', head(['operator', 'count', 'status']));
  for (const t of p.totals) parts.push(row([escapeHtml(t.op), String(t.count), escapeHtml(t.status)], t.mapped ? undefined : 'cpu'));
  parts.push('</table>');
  const cpu = p.ops.filter((o: OpPlacement) => !o.mapped);
  if (cpu.length > 0) {
    parts.push('<h3>Ops on the CPU</h3><table>', head(['#', 'op', 'location', 'code', 'reason', 'fix']));
    for (const o of cpu) parts.push(row([String(o.index), escapeHtml(o.op), escapeHtml(o.loc ?? ''), escapeHtml(o.code ?? ''), escapeHtml(o.reason), escapeHtml(o.fix ?? '')], 'cpu'));
    parts.push('</table>');
  }
  if (p.suggestions.length > 0) {
    parts.push('<h3>Suggestions</h3><ul>');
    for (const s of p.suggestions) {
      const how = [s.pass ? `pass <code>${escapeHtml(s.pass)}</code>` : '', s.flags ? `flags <code>${escapeHtml(s.flags)}</code>` : ''].filter(Boolean).join(', ');
      parts.push(`<li><b>${escapeHtml(s.title)}</b>${s.changes_numerics ? ' (changes outputs)' : ''}: ${escapeHtml(s.detail)}${how ? ` — ${how}` : ''}</li>`);
    }
    parts.push('</ul>');
  }
  return parts.join('\n');
}

/** A horizontal bar per layer: length is SQNR (capped at the chart's range), red for the worst, amber when low. */
export function sqnrChart(layers: readonly LayerReport[], worst: ReadonlySet<number>): string {
  const finite = layers.map((l) => l.sqnrDb).filter((x): x is number => x !== null && Number.isFinite(x));
  const max = Math.max(60, ...finite.map((x) => Math.ceil(x / 10) * 10));
  const barH = 14;
  const gap = 4;
  const labelW = 300;
  const chartW = 420;
  const height = layers.length * (barH + gap) + 30;
  const svg: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + chartW + 60}" height="${height}" role="img" aria-label="SQNR per layer">`];
  for (let t = 0; t <= max; t += 10) {
    const x = labelW + (t / max) * chartW;
    svg.push(`<line x1="${x}" y1="0" x2="${x}" y2="${height - 20}" class="grid"/><text x="${x}" y="${height - 6}" class="tick">${t}</text>`);
  }
  layers.forEach((l, i) => {
    const y = i * (barH + gap);
    const s = l.sqnrDb;
    const v = s === null ? max : Number.isFinite(s) ? Math.max(0, Math.min(max, s)) : s > 0 ? max : 0;
    const cls = worst.has(l.index) ? 'worst' : isLow(s) ? 'low' : 'ok';
    const label = `${l.index} ${l.op.replace(/^tfl\./, '')} ${l.loc}`;
    const short = label.length > 46 ? `${label.slice(0, 45)}…` : label;
    svg.push(
      `<text x="${labelW - 6}" y="${y + barH - 3}" class="label">${escapeHtml(short)}</text>` +
        `<rect x="${labelW}" y="${y}" width="${((v / max) * chartW).toFixed(1)}" height="${barH}" class="${cls}"><title>${escapeHtml(`${label}: ${db(l.sqnrDb)} dB`)}</title></rect>` +
        `<text x="${labelW + (v / max) * chartW + 4}" y="${y + barH - 3}" class="value">${db(l.sqnrDb)}</text>`,
    );
  });
  svg.push('</svg>');
  return svg.join('');
}

function quantSection(q: QuantReport): string {
  const worst = new Set(q.worst);
  const parts = ['<h2>Float vs int8, layer by layer</h2>'];
  parts.push(`<p>${q.samples} samples of ${escapeHtml(q.data)}; quantized values from the ${q.engine === 'int8-interpreter' ? 'integer interpreter (TFLite arithmetic)' : "float interpreter's simulation"}.</p>`);
  const out = q.model.outputs.map((o) => `${escapeHtml(o.name)} ${db(o.sqnrDb)} dB`).join(', ');
  parts.push(`<p>top-1 agreement <b>${pct(q.model.top1Agreement)}</b> of ${q.model.rows}; output SQNR ${out}${q.model.accuracy ? `; accuracy float <b>${pct(q.model.accuracy.float)}</b>, int8 <b>${pct(q.model.accuracy.quantized)}</b>` : ''}</p>`);
  parts.push(`<p class="legend"><span class="sw worst"></span> 5 worst layers <span class="sw low"></span> below ${LOW_SQNR_DB} dB <span class="sw ok"></span> others. RMSE/scale ≈ 0.289 is pure rounding noise.</p>`);
  parts.push(sqnrChart(q.layers, worst));
  parts.push('<table>', head(['#', 'op', 'location', 'shape', 'scale', 'zp', 'SQNR dB', 'RMSE/scale', 'max |err|']));
  for (const l of q.layers) {
    parts.push(
      row(
        [String(l.index), escapeHtml(l.op), escapeHtml(l.loc), `[${l.shape.join(',')}]`, l.scale === null ? 'float' : l.scale.toPrecision(4), l.zeroPoint === null ? '—' : String(l.zeroPoint), db(l.sqnrDb), l.rmseOverScale === null ? '—' : l.rmseOverScale.toFixed(3), l.maxAbsErr.toPrecision(4)],
        worst.has(l.index) ? 'worst' : isLow(l.sqnrDb) ? 'low' : undefined,
      ),
    );
  }
  parts.push('</table>');
  if (q.unmatched.length > 0) parts.push(`<p>not compared (no float counterpart): ${escapeHtml(q.unmatched.join(', '))}</p>`);
  return parts.join('\n');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
table.kv th{width:11em}tr.cpu td{background:#fff3e0}tr.worst td{background:#fde2e2}tr.low td{background:#fff7d6}
.good{color:#1b5e20}.warn{color:#e65100}.bad{color:#b71c1c}code,pre{font:12px ui-monospace,monospace}
pre{background:#f7f7f7;padding:1em;overflow:auto}svg .grid{stroke:#eee}svg .tick,svg .value{font:11px sans-serif;fill:#555}
svg .label{font:11px ui-monospace,monospace;text-anchor:end;fill:#333}svg .ok,.sw.ok{fill:#4e79a7;background:#4e79a7}
svg .low,.sw.low{fill:#f2b233;background:#f2b233}svg .worst,.sw.worst{fill:#e15759;background:#e15759}
.sw{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}`;

/** The whole page. `text` is the terminal report, included verbatim at the end. */
export function formatCompileReportHtml(r: CompileReport, opts: { text: string; output?: string }): string {
  const q = (r.quantization as { layers?: QuantReport | null } | null)?.layers ?? null;
  const placement = r.placement as Placement | null;
  const body: string[] = [`<h1>litec compile: ${escapeHtml(r.model)} for ${escapeHtml(r.target)}</h1>`, summary(r, opts.output)];
  if (r.diagnostics.length > 0) body.push('<h2>Diagnostics</h2><ul>', ...r.diagnostics.map((d) => `<li>${escapeHtml(d)}</li>`), '</ul>');
  if (placement) body.push(placementSection(placement));
  if (q) body.push(quantSection(q));
  if (r.drift) {
    const d = r.drift;
    body.push(`<h2>Output drift</h2><p>${escapeHtml(d.passes.join(', '))} change the model's function: on ${d.samples} samples of ${escapeHtml(d.data)}, top-1 unchanged on ${pct(d.top1_agreement)}, output SQNR ${db(d.sqnr_db)} dB, max |diff| ${d.max_abs_diff.toPrecision(4)}.</p>`);
  }
  body.push('<h2>Terminal report</h2>', `<pre>${escapeHtml(opts.text)}</pre>`);
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>litec: ${escapeHtml(r.model)} → ${escapeHtml(r.target)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}
