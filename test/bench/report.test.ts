// The bench harness without running benchmarks: README splicing, the table rows, argument parsing, compile splits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompileReport } from '../../src/driver/compile.js';
import { splitOf } from './efficientnet-bench.js';
import { parseBenchArgs } from './index.js';
import { README_END, README_START, formatRatio, readmeBlock, spliceReadme, type BenchResults } from './report.js';

const machine = { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', os: 'linux 6', memoryGb: 8, loadAverage: 0.5, date: '2025-01-02T03:04:05.000Z' };

function results(): BenchResults {
  return {
    machine,
    quick: false,
    totalMs: 90_000,
    sections: [
      {
        name: 'demo',
        ms: 10,
        text: '',
        markdown: '| extra | table |\n|---|---|',
        figures: [
          { name: 'images a|b', value: 12.345, unit: 'images/s', baseline: 'runtime', ratio: 0.8, goal: '≥ 0.67x', met: true },
          { name: '  sub row', value: 1500, unit: 'ms', baseline: 'parent', ratio: 0.0042 },
          { name: 'size', value: 5.25, unit: 'MB', baseline: 'reference', ratio: 1.2, goal: '≤ 1.05x', met: false },
        ],
      },
      { name: 'broken', ms: 1, text: '', figures: [], error: 'boom\nstack line' },
    ],
  };
}

test('readmeBlock: machine line, one row per figure with ratio and goal marks, extra tables, failures', () => {
  const block = readmeBlock(results());
  const lines = block.split('\n');
  assert.equal(lines[0], README_START);
  assert.equal(lines.at(-1), README_END);
  assert.match(block, /Measured 2025-01-02 on Test CPU \(2 cores, 8 GB\), Node v20\.0\.0, linux 6, load average 0\.5 at start; the full run took 1\.5 min/);
  assert.ok(lines.includes('| images a\\|b | 12.3 images/s | runtime | 0.80x | ≥ 0.67x ✓ |'), block);
  assert.ok(lines.includes('| ↳ sub row | 1,500 ms | parent | 0.0042x |  |'), block);
  assert.ok(lines.includes('| size | 5.25 MB | reference | 1.20x | ≤ 1.05x ✗ |'), block);
  assert.ok(lines.includes('| broken: failed | boom | | | |'), block);
  assert.ok(block.includes('| extra | table |'));
});

test('spliceReadme replaces only the text between the markers, and is stable on a second run', () => {
  const before = `# litec\n\n## Benchmarks\n\nintro\n\n${README_START}\nold table\n${README_END}\n\n## Next\ntext\n`;
  const block = readmeBlock(results());
  const once = spliceReadme(before, block);
  assert.ok(once.startsWith('# litec\n\n## Benchmarks\n\nintro\n\n'));
  assert.ok(once.endsWith(`${README_END}\n\n## Next\ntext\n`));
  assert.ok(!once.includes('old table'));
  assert.equal(spliceReadme(once, block), once);
});

test('spliceReadme adds a Benchmarks section with the markers when they are absent', () => {
  const out = spliceReadme('# litec\n', 'BLOCK');
  assert.equal(out, '# litec\n\n## Benchmarks\n\n`npm run bench` (tinybench) measures every figure against a baseline taken in the same run and rewrites the\ntable below.\n\nBLOCK\n');
});

test('formatRatio keeps two significant digits for small ratios', () => {
  assert.equal(formatRatio(0.0153), '0.015x');
  assert.equal(formatRatio(1.234), '1.23x');
  assert.equal(formatRatio(23.45), '23.4x');
  assert.equal(formatRatio(788.2), '788x');
  assert.equal(formatRatio(undefined), '');
  assert.equal(formatRatio(NaN), '');
});

test('parseBenchArgs: --quick, --only NAME / --only=NAME, and errors for unknown modules and flags', () => {
  assert.deepEqual(parseBenchArgs([]), { quick: false, only: undefined, help: false });
  assert.deepEqual(parseBenchArgs(['--quick', '--only', 'efficientnet']), { quick: true, only: 'efficientnet', help: false });
  assert.equal(parseBenchArgs(['--only=ir']).only, 'ir');
  assert.throws(() => parseBenchArgs(['--only', 'nope']), /no module 'nope' \(modules: core, ir, /);
  assert.throws(() => parseBenchArgs(['--only']), /--only needs a module name/);
  assert.throws(() => parseBenchArgs(['--fast']), /unknown argument '--fast'/);
});

test('splitOf separates calibrate and quantize from the other passes and keeps the rest as other', () => {
  const report = {
    size_after: 5_000_000,
    runtime_check: { ok: true, inputs: [], outputs: [], ms: 40 },
    timings: {
      import_ms: 100,
      emit_ms: 30,
      total_ms: 1000,
      passes: [
        { pass: 'legalize-tf', ms: 50, opsBefore: 1, opsAfter: 1 },
        { pass: 'fold-batchnorm', ms: 20, opsBefore: 1, opsAfter: 1 },
        { pass: 'calibrate', ms: 400, opsBefore: 1, opsAfter: 1 },
        { pass: 'quantize', ms: 200, opsBefore: 1, opsAfter: 1 },
      ],
    },
  } as unknown as CompileReport;
  const s = splitOf('efficientnet-lite0', 'cpu int8', report, 8, 5_300_000, 1500);
  assert.equal(s.passesMs, 70);
  assert.equal(s.calibrateMs, 400);
  assert.equal(s.samples, 8);
  assert.equal(s.quantizeMs, 200);
  assert.equal(s.checkMs, 40);
  assert.equal(s.otherMs, 1000 - 100 - 70 - 400 - 200 - 30 - 40);
  // Wall time past compile()'s own total is the accuracy report it builds afterwards.
  assert.equal(s.totalMs, 1500);
  assert.equal(s.reportMs, 500);
  assert.equal(s.bytes, 5_000_000);
  // No calibrate pass: no per-image figure.
  const float = splitOf('efficientnet-lite0', 'cpu float', { ...report, timings: { ...report.timings, passes: report.timings.passes.slice(0, 2) } }, 8, 1, 900);
  assert.equal(float.samples, 0);
  assert.equal(float.totalMs, 1000, 'never less than compile()\'s own total');
  assert.equal(float.reportMs, 0);
});
