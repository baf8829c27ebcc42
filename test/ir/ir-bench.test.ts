// Smoke test of the IR benchmark helper (tiny budget): it runs, and reports sane throughput figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIrThroughput, irBench, irThroughput } from '../bench/ir-bench.js';

test('irBench runs print and parse tasks and yields MB/s and ops/s', async () => {
  const bench = await irBench({ time: 20, ops: 200 });
  const rows = irThroughput(bench);
  assert.deepEqual(rows.map((r) => r.task), ['print (elided constants)', 'parse (elided constants)', 'print (all data)', 'parse (all data)']);
  for (const r of rows) {
    assert.ok(r.bytes > 10_000, `${r.task}: ${r.bytes} bytes`);
    assert.ok(Number.isFinite(r.mbPerSec) && r.mbPerSec > 0, `${r.task}: ${r.mbPerSec} MB/s`);
    assert.ok(Number.isFinite(r.irOpsPerSec) && r.irOpsPerSec > 0);
  }
  assert.equal(formatIrThroughput(rows).split('\n').length, 4);
});
