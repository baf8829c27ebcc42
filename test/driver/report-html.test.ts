// `litec compile --report-html`: one self-contained page with the placement, the per-layer SQNR chart and table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { escapeHtml, sqnrChart } from '../../src/driver/report-html.js';
import type { LayerReport } from '../../src/quant/report.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

function layer(index: number, sqnrDb: number | null, loc = `layer${index}`): LayerReport {
  return { index, op: 'tfl.conv_2d', loc, shape: [1, 2], scale: 0.1, zeroPoint: 0, rmseOverScale: 0.3, count: 2, sqnrDb, rmse: 0.01, maxAbsErr: 0.02, meanErr: 0, floatRms: 1 };
}

test('escapeHtml and the SQNR chart: one bar per layer, worst and low layers marked, exact matches drawn full', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const svg = sqnrChart([layer(0, 42), layer(1, 12.5, 'conv/<odd>&name'), layer(2, null), layer(3, 30)], new Set([1]));
  assert.equal(count(svg, /<rect /g), 4);
  assert.equal(count(svg, /class="worst"/g), 1);
  assert.equal(count(svg, /class="low"/g), 0, 'the low layer is the worst one, drawn as worst');
  assert.match(svg, /conv\/&lt;odd&gt;&amp;name/);
  assert.doesNotMatch(svg, /<odd>/);
  // Bar widths follow SQNR on a 0..60 dB axis (420 px): 42 dB → 294 px; null (exact) → the full width.
  assert.match(svg, /width="294\.0" height="14" class="ok"/);
  assert.match(svg, /width="420\.0" height="14" class="ok"><title>2 conv_2d layer2: ∞ dB/);
  const low = sqnrChart([layer(0, 15)], new Set());
  assert.match(low, /class="low"/);
});

test('--report-html on mnist_cnn_bn for the Edge TPU: summary, placement, chart and table per layer, no scripts', { skip: skipUnlessShared() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'litec-html-'));
  try {
    const out = join(dir, 'm.tflite');
    const html = join(dir, 'report.html');
    const json = join(dir, 'report.json');
    let err = '';
    const io = { stdout: () => undefined, stderr: (s: string) => void (err += s) } as unknown as CliIO;
    const code = await runCli(['compile', sharedModel('savedmodel/mnist_cnn_bn'), '--target', 'edgetpu', '--calibration-data', 'mnist', '--samples', '30', '--report-samples', '10', '-o', out, '--report-html', html, '--report-json', json], io);
    assert.equal(code, 0, err);
    const page = readFileSync(html, 'utf8');
    const report = JSON.parse(readFileSync(json, 'utf8')) as { quantization: { layers: { layers: unknown[]; worst: number[] } }; placement: { total: number } };
    const layers = report.quantization.layers;
    assert.ok(page.startsWith('<!DOCTYPE html>'));
    assert.doesNotMatch(page, /<script|<link|src="http/i, 'self-contained, no scripts');
    assert.match(page, /<h2>Placement on edgetpu<\/h2>/);
    assert.match(page, new RegExp(`${report.placement.total} of ${report.placement.total} ops mapped \\(all-mapped\\)`));
    assert.equal(count(page, /<svg /g), 1);
    assert.equal(count(page, /<rect /g), layers.layers.length);
    assert.equal(count(page, /<rect [^>]*class="worst"/g), layers.worst.length);
    assert.equal(count(page, /<tr class="worst">/g), layers.worst.length);
    assert.match(page, /10 samples of MNIST digits/);
    assert.match(page, /sequential\/conv2d\/Conv2D/);
    assert.match(page, /<h2>Terminal report<\/h2>\s*<pre>litec compile/);
    // An unwritable report path is a user error and leaves no model behind.
    writeFileSync(join(dir, 'file'), 'x');
    const out2 = join(dir, 'm2.tflite');
    const bad = await runCli(['compile', sharedModel('savedmodel/mnist_cnn_bn'), '--passes', 'none', '-o', out2, '--report-html', join(dir, 'file', 'r.html')], io);
    assert.equal(bad, 2);
    assert.throws(() => readFileSync(out2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
