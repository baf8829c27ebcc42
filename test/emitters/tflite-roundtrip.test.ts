// Real .tflite files: import → emit runs in the real TFLite runtime with bit-identical outputs; IR round-trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { importTfliteBytes, importTfliteFile } from '../../src/importers/tflite/import.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { attrsEqual } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import { Module } from '../../src/ir/core.js';
import { printModule } from '../../src/ir/printer.js';
import { sharedModel, skipUnlessShared, sharedModelsPresent } from '../support/shared-models.js';

const dir = sharedModel('tflite');
const files = sharedModelsPresent() ? readdirSync(dir).filter((f) => f.endsWith('.tflite')).sort() : [];

function seededInput(dtype: string, n: number, seed: number): Float32Array | Int8Array | Uint8Array {
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  if (dtype === 'float32') return Float32Array.from({ length: n }, () => next() * 2 - 1);
  if (dtype === 'int8') return Int8Array.from({ length: n }, () => Math.floor(next() * 256) - 128);
  if (dtype === 'uint8') return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
  throw new Error(`test: no input generator for ${dtype}`);
}

/** Same ops, attributes, types and constant data, in the same order. */
function assertSameIr(a: Module, b: Module): void {
  assert.equal(printModule(b), printModule(a));
  const ca = [...a.main().ops()].map(constantValue).filter((c) => c !== undefined);
  const cb = [...b.main().ops()].map(constantValue).filter((c) => c !== undefined);
  assert.equal(cb.length, ca.length);
  ca.forEach((c, i) => assert.ok(attrsEqual(c!, cb[i]!), `constant ${i} differs`));
}

test('shared .tflite files are present', { skip: skipUnlessShared() }, () => {
  assert.ok(files.length >= 8, `expected the 8 shared .tflite files, found ${files.length}`);
});

const sizes: string[] = [];
for (const f of files) {
  test(`round trip ${f}: identical runtime outputs, same IR, size`, async () => {
    const path = `${dir}/${f}`;
    const original = readFileSync(path);
    const m1 = importTfliteFile(path);
    const bytes = emitTflite(m1);
    const m2 = importTfliteBytes(bytes, 're-emitted');
    assertSameIr(m1, m2);

    const a = await TfliteRuntime.load(original);
    const b = await TfliteRuntime.load(bytes);
    try {
      assert.deepEqual(b.inputs().map((t) => [t.dtype, t.shape]), a.inputs().map((t) => [t.dtype, t.shape]));
      for (const seed of [1, 2]) {
        const inputs = a.inputs().map((t, i) => seededInput(t.dtype, t.shape.reduce((x, y) => x * y, 1), seed * 31 + i));
        const oa = a.run(inputs);
        const ob = b.run(inputs);
        assert.equal(ob.length, oa.length);
        oa.forEach((x, i) => assert.deepEqual(ob[i], x, `output ${i} differs for seed ${seed}`));
      }
    } finally {
      a.dispose();
      b.dispose();
    }
    const orig = statSync(path).size;
    const ratio = bytes.length / orig - 1;
    sizes.push(`${f}: ${orig} → ${bytes.length} bytes (${(100 * ratio).toFixed(2)}%)`);
    // Large models must stay within 1%; tiny ones differ by a few dozen bytes of names and metadata.
    if (orig > 100_000) assert.ok(Math.abs(ratio) < 0.01, `size changed by ${(100 * ratio).toFixed(2)}%`);
  });
}

test('report re-emitted sizes', { skip: skipUnlessShared() }, () => {
  console.log(`# re-emitted sizes:\n# ${sizes.join('\n# ')}`);
  assert.equal(sizes.length, files.length);
});
