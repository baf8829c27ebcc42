// Property tests: random tfl graphs verify, and print → parse → print is the identity (data and locs included).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { registry } from '../../dialects/registry.js';
import { DenseAttr, attrsEqual } from '../../src/ir/attributes.js';
import { Module } from '../../src/ir/core.js';
import { parseModule } from '../../src/ir/parser.js';
import { IrPrintOptions, printModule } from '../../src/ir/printer.js';
import { verifyModule } from '../../src/ir/verifier.js';
import { GRAPH_OPS, randomTflGraph, tflGraph } from '../support/arbitrary-graph.js';

const RUNS = 150;

function constants(m: Module): DenseAttr[] {
  const out: DenseAttr[] = [];
  for (const op of m.allOps()) {
    const v = op.attrs.get('value');
    if (op.name === 'arith.constant' && v?.kind === 'dense') out.push(v);
  }
  return out;
}

function bytes(d: DenseAttr): Uint8Array {
  if (Array.isArray(d.data)) return new TextEncoder().encode(JSON.stringify(d.data));
  const a = d.data as Exclude<DenseAttr['data'], readonly string[]>;
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function reprint(text: string, opts: IrPrintOptions): string {
  return printModule(parseModule(text, 'roundtrip.mlir', registry), opts);
}

test('every generated graph (float and quantized) passes the verifier, before and after a round trip', () => {
  fc.assert(
    fc.property(tflGraph({ quantized: 'sometimes' }), (m) => {
      assert.deepEqual(verifyModule(m, { registry }).map((d) => d.format()), []);
      const back = parseModule(printModule(m, { printAllData: true }), 'roundtrip.mlir', registry);
      assert.deepEqual(verifyModule(back, { registry }).map((d) => d.format()), []);
    }),
    { numRuns: RUNS },
  );
});

test('the arbitrary covers every op kind it offers', () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(tflGraph({ quantized: 'sometimes', minSteps: 8 }), (m) => {
      for (const op of m.allOps()) seen.add(op.name);
    }),
    { numRuns: 60, seed: 42 },
  );
  for (const k of GRAPH_OPS) assert.ok(seen.has(`tfl.${k}`), `no tfl.${k} generated`);
  for (const k of ['tfl.quantize', 'tfl.dequantize', 'arith.constant']) assert.ok(seen.has(k), `no ${k} generated`);
});

for (const [label, opts] of [
  ['default (large constants elided)', {}],
  ['printAllData', { printAllData: true }],
  ['printAllData + printLocs', { printAllData: true, printLocs: true }],
  ['printLocs with a small elide limit', { printLocs: true, elideLimit: 2 }],
] as const) {
  test(`print → parse → print is the identity: ${label}`, () => {
    fc.assert(
      fc.property(tflGraph({ quantized: 'sometimes' }), (m) => {
        const text = printModule(m, opts);
        assert.equal(reprint(text, opts), text);
      }),
      { numRuns: RUNS },
    );
  });
}

test('parse(print(m, printAllData)) holds bit-identical dense data and equal types', () => {
  fc.assert(
    fc.property(tflGraph({ quantized: 'sometimes' }), (m) => {
      const back = parseModule(printModule(m, { printAllData: true }), 'roundtrip.mlir', registry);
      const a = constants(m);
      const b = constants(back);
      assert.equal(b.length, a.length);
      a.forEach((x, i) => {
        const y = b[i]!;
        assert.ok(attrsEqual(x, y), `constant ${i} differs`);
        assert.equal(y.elided, undefined);
        assert.deepEqual(bytes(y), bytes(x), `constant ${i} bytes differ`);
      });
      const ta = [...m.allOps()].flatMap((op) => op.results.map((r) => r.type));
      const tb = [...back.allOps()].flatMap((op) => op.results.map((r) => r.type));
      assert.deepEqual(tb, ta);
    }),
    { numRuns: RUNS },
  );
});

test('without printAllData large constants come back elided (zeros) and print elided again', () => {
  const m = randomTflGraph({ seed: 11, minSteps: 12, maxSteps: 12, ops: ['conv_2d', 'fully_connected'] });
  const big = constants(m).filter((d) => d.data.length > 16);
  assert.ok(big.length > 0, 'the sample graph must have a large constant');
  const back = parseModule(printModule(m), 'x.mlir', registry);
  const elided = constants(back).filter((d) => d.elided === true);
  assert.equal(elided.length, big.length);
  for (const d of elided) assert.ok(Array.from(d.data as Float32Array).every((v) => v === 0));
});

test('randomTflGraph is deterministic for a seed and honours maxOps', () => {
  const a = printModule(randomTflGraph({ seed: 5, minSteps: 30, maxSteps: 30 }), { printAllData: true });
  const b = printModule(randomTflGraph({ seed: 5, minSteps: 30, maxSteps: 30 }), { printAllData: true });
  assert.equal(a, b);
  const c = randomTflGraph({ seed: 5, minSteps: 300, maxSteps: 300, maxOps: 100 });
  assert.ok(c.main().body.size >= 100 && c.main().body.size < 110, `size ${c.main().body.size}`);
});
