// The import benchmark helper runs and yields timings and TensorBundle MB/s (figures are printed, never judged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatImportTimings, importBench, importTimings } from '../bench/import-bench.js';
import { skipUnlessShared } from '../support/shared-models.js';

test('importBench times the SavedModel imports and bundle reads', { skip: skipUnlessShared(), timeout: 120_000 }, async () => {
  const rows = importTimings(await importBench({ time: 1, iterations: 1 }));
  console.log(formatImportTimings(rows).replace(/^/gm, '  '));
  assert.deepEqual(rows.map((r) => r.task), ['import mnist_cnn_bn', 'import mobilenet_v2 (seeded weights)', 'decode mobilenet_v2 saved_model.pb', 'TensorBundle read all (mnist_cnn_bn)']);
  for (const r of rows) assert.ok(r.meanMs > 0 && Number.isFinite(r.meanMs), r.task);
  const read = rows[3]!;
  assert.ok(read.bytes > 1_500_000 && read.mbPerSec > 0, 'bundle throughput is reported');
});
