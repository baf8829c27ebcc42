// Pipeline strings: syntax, option typing and column-accurate errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline, parsePipelineSyntax, printPipeline } from '../../src/pass/pipeline.js';
import { PassRegistry } from '../../src/pass/registry.js';
import { definePass } from '../../src/pass/pass.js';
import { LitecError } from '../../src/diag/diagnostic.js';

const quant = definePass({
  name: 'quantize',
  summary: 'test pass',
  options: {
    mode: { type: 'enum', values: ['int8', 'float16'], default: 'int8', description: 'mode' },
    'per-channel': { type: 'bool', default: true, description: 'per channel' },
    samples: { type: 'int', default: 100, description: 'n' },
  },
  run: () => {},
});
const canon = definePass({ name: 'canonicalize', summary: 'c', run: () => {} });
const reg = new PassRegistry([quant, canon]);

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LitecError, `expected LitecError, got ${String(e)}`);
    return e.diagnostics[0]!.format();
  }
  assert.fail('expected an error');
}

test('parses names, options, spaces and nesting', () => {
  const items = parsePipelineSyntax(" canonicalize , quantize{mode=float16 per-channel=false} ,builtin.module(canonicalize)");
  assert.deepEqual(items.map((i) => i.name), ['canonicalize', 'quantize', 'canonicalize']);
  assert.equal(items[1]!.options.get('mode'), 'float16');
  assert.equal(items[1]!.options.get('per-channel'), 'false');
  assert.equal(items[1]!.col, 17);
});

test('resolves options with defaults and types', () => {
  const passes = parsePipeline('quantize{samples=7 per-channel=false}', reg);
  assert.deepEqual(passes[0]!.options, { mode: 'int8', 'per-channel': false, samples: 7 });
  assert.equal(printPipeline(passes), 'quantize{per-channel=false samples=7}');
});

test('none and empty mean no passes', () => {
  assert.equal(parsePipeline('none', reg).length, 0);
  assert.equal(parsePipeline('', reg).length, 0);
});

test('unknown pass is reported at its column', () => {
  const msg = errorOf(() => parsePipeline('canonicalize,fold-bn', reg));
  assert.match(msg, /^--passes:1:14: error LC4001: unknown pass 'fold-bn'/);
});

test('unknown option and bad values name the pass and column', () => {
  assert.match(errorOf(() => parsePipeline('canonicalize,quantize{bits=4}', reg)), /--passes:1:14: error LC4002: pass 'quantize' has no option 'bits' \(options: mode, per-channel, samples\)/);
  assert.match(errorOf(() => parsePipeline('quantize{mode=int4}', reg)), /expects one of int8\|float16, got 'int4'/);
  assert.match(errorOf(() => parsePipeline('quantize{samples=x}', reg)), /expects an integer/);
});

test('syntax errors point at the offending character', () => {
  assert.match(errorOf(() => parsePipeline('canonicalize;quantize', reg)), /--passes:1:13: error LC4003: expected ',' between passes, found ';'/);
  assert.match(errorOf(() => parsePipeline('quantize{mode=int8', reg)), /expected '}' to close the options of 'quantize'/);
  assert.match(errorOf(() => parsePipeline('canonicalize,', reg)), /expected a pass name at the end/);
});
