// Fuzz: mutated IR text either parses or fails with a located LitecError; nothing else escapes, nothing hangs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { registry } from '../../dialects/registry.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import { parseModule } from '../../src/ir/parser.js';
import { printModule } from '../../src/ir/printer.js';
import { tflGraph } from '../support/arbitrary-graph.js';

const PIECES = ['[', ']', '{', '}', '<', '>', '(', ')', '"', ',', ':', '=', '%0', '%arg0', '#1', '-', '0x', '1e', 'x', '?', '*', '\n', '\\', 'loc(', 'dense<', 'tensor<', '!quant.uniform<', '//', '@', '-1', '99999999999', 'ui8', 'f16'];

type Mutation = { kind: 'delete' | 'insert' | 'duplicate'; at: number; len: number; piece: number };

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = m.at % (t.length + 1);
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.kind === 'insert') t = t.slice(0, at) + PIECES[m.piece % PIECES.length]! + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
  }
  return t;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  piece: fc.nat(),
});

test('mutated IR text parses or throws a one-line LitecError with file:line:col', () => {
  let errors = 0;
  fc.assert(
    fc.property(tflGraph({ quantized: 'sometimes', maxSteps: 6 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (m, ms, locs) => {
      const text = mutate(printModule(m, { printAllData: true, printLocs: locs }), ms);
      try {
        parseModule(text, 'fuzz.mlir', registry);
      } catch (e) {
        if (!(e instanceof LitecError)) throw e;
        errors++;
        const d = e.diagnostics[0]!;
        assert.equal(d.file, 'fuzz.mlir');
        assert.ok(d.line !== undefined && d.line >= 1 && d.col !== undefined && d.col >= 1, d.format());
        assert.ok(!d.format().includes('\n'));
      }
    }),
    { numRuns: 400 },
  );
  assert.ok(errors > 100, `only ${errors} mutations were rejected: the fuzzer is not exercising errors`);
});

test('hostile nesting is rejected as a parse error, not a stack overflow', () => {
  for (const text of [
    `func.func @f() attributes {a = ${'['.repeat(100000)}} {\n}`,
    `func.func @f() {\n  %0 = arith.constant dense<${'['.repeat(100000)}> : tensor<1xf32>\n}`,
    `func.func @f() {\n  return loc(${'"a"('.repeat(50000)}\n}`,
  ]) {
    assert.throws(() => parseModule(text, 'deep.mlir', registry), (e: unknown) => e instanceof LitecError && /nesting deeper than/.test(e.message));
  }
});
