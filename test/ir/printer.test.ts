// Printer unit tests: exact text for tricky floats, integers, strings, names, multi-result ops, funcs and modules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registry } from '../../dialects/registry.js';
import * as tfl from '../../dialects/tfl/index.js';
import { Attr, dense, f32, f64, i32, i64, str, unit } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';
import { Func, Module } from '../../src/ir/core.js';
import { fileLoc, nameLoc } from '../../src/ir/loc.js';
import { parseAttribute, parseModule } from '../../src/ir/parser.js';
import { printAttrDict, printFunc, printModule, printOp } from '../../src/ir/printer.js';
import { tensorType } from '../../src/ir/types.js';

const t2 = tensorType([2], 'f32');

function printed(a: Attr): string {
  return printAttrDict(new Map([['v', a]])).slice(5, -1);
}

test('floats print exactly and read back to the same number', () => {
  const cases: [Attr, string][] = [
    [f64(0.1), '0.1 : f64'],
    [f32(0.1), '0.1 : f32'],
    [f64(1e-7), '1e-7 : f64'],
    [f64(-0), '-0.0 : f64'],
    [f64(2), '2.0 : f64'],
    [f64(1e21), '1e21 : f64'],
    [f32(NaN), '0x7FC00000 : f32'],
    [f32(Infinity), '0x7F800000 : f32'],
    [f32(-Infinity), '0xFF800000 : f32'],
  ];
  for (const [a, text] of cases) {
    assert.equal(printed(a), text);
    const back = parseAttribute(text);
    assert.equal(back.kind, 'float');
    if (back.kind === 'float' && a.kind === 'float') {
      assert.ok(Object.is(back.value, a.value), `${text} read back as ${back.value}`);
      assert.equal(back.width, a.width);
    }
  }
});

test('integers: i32, i64 near 2^53, untyped integers are i64, dense i64 beyond 2^53 is exact', () => {
  assert.equal(printed(i32(-2147483648)), '-2147483648 : i32');
  assert.equal(printed(i64(9007199254740991)), '9007199254740991 : i64');
  assert.deepEqual(parseAttribute('42'), i64(42));
  assert.deepEqual(parseAttribute('0x10 : i32'), i32(16));
  const d = dense(tensorType([2], 'i64'), BigInt64Array.from([9007199254740993n, -9223372036854775808n]));
  const text = printed(d);
  assert.equal(text, 'dense<[9007199254740993, -9223372036854775808]> : tensor<2xi64>');
  const back = parseAttribute(text);
  assert.ok(back.kind === 'dense' && back.data instanceof BigInt64Array);
  assert.deepEqual(Array.from(back.data as BigInt64Array), [9007199254740993n, -9223372036854775808n]);
});

test('strings with quotes, backslashes, control and non-ASCII characters round-trip', () => {
  for (const s of ['say "hi"', 'back\\slash', 'tab\tnew\nline', '\u0000\u001f', 'ünï©ødé ✓', '']) {
    const text = printed(str(s));
    assert.deepEqual(parseAttribute(text), str(s), text);
  }
  // MLIR's two-hex-digit escapes are accepted too.
  assert.deepEqual(parseAttribute('"a\\22b\\0A"'), str('a"b\n'));
});

test('attribute dicts are sorted; unit attributes print bare; odd names are quoted', () => {
  const d = new Map<string, Attr>([
    ['zeta', i32(1)],
    ['alpha', unit],
    ['with space', str('x')],
    ['tf.name', str('y')],
  ]);
  assert.equal(printAttrDict(d), '{alpha, tf.name = "y", "with space" = "x", zeta = 1 : i32}');
});

function sampleModule(): Module {
  const m = new Module();
  m.attrs.set('tfl.schema_version', i32(3));
  const f = m.addFunc(new Func('main', [t2], [t2, tensorType([1], 'i32')]));
  f.argAttrs[0]!.set('tf.name', str('x'));
  f.resultAttrs[1]!.set('tf.name', str('code'));
  f.attrs.set('tf.entry_function', unit);
  const b = new Builder(f);
  const custom = b.create(tfl.Custom, [f.args[0]!], { custom_code: str('Pair') }, [t2, tensorType([1], 'i32')], nameLoc('pair'));
  const relu = b.create(tfl.Relu, [custom.result(1 - 1)], {}, undefined, fileLoc('m.mlir', 4, 5));
  b.create(ReturnOp, [relu.result(0), custom.result(1)], {}, []);
  return m;
}

test('modules: numbering, multi-result ops, arg/result/func/module attributes, return short form', () => {
  const text = printModule(sampleModule());
  assert.equal(
    text,
    [
      'module attributes {tfl.schema_version = 3 : i32} {',
      '  func.func @main(%arg0: tensor<2xf32> {tf.name = "x"}) -> (tensor<2xf32>, tensor<1xi32> {tf.name = "code"}) attributes {tf.entry_function} {',
      '    %0:2 = "tfl.custom"(%arg0) {custom_code = "Pair"} : (tensor<2xf32>) -> (tensor<2xf32>, tensor<1xi32>)',
      '    %1 = "tfl.relu"(%0#0) : (tensor<2xf32>) -> tensor<2xf32>',
      '    return %1, %0#1 : tensor<2xf32>, tensor<1xi32>',
      '  }',
      '}',
    ].join('\n'),
  );
  assert.equal(printModule(parseModule(text, 'm.mlir', registry)), text);
});

test('printLocs prints every location, unknown ones as loc(unknown), and they read back', () => {
  const m = sampleModule();
  const text = printModule(m, { printLocs: true });
  assert.match(text, /"tfl.custom".* loc\("pair"\)$/m);
  assert.match(text, /"tfl.relu".* loc\("m.mlir":4:5\)$/m);
  assert.match(text, /return .* loc\(unknown\)$/m);
  assert.match(text, /^ {2}\} loc\(unknown\)$/m);
  assert.equal(printModule(parseModule(text, 'other.mlir', registry), { printLocs: true }), text);
});

test('printFunc and printOp name values as in their func', () => {
  const m = sampleModule();
  const f = m.main();
  assert.ok(printFunc(f).startsWith('func.func @main(%arg0: tensor<2xf32> {tf.name = "x"})'));
  const relu = [...f.ops()][1]!;
  assert.equal(printOp(relu), '%1 = "tfl.relu"(%0#0) : (tensor<2xf32>) -> tensor<2xf32>');
  assert.equal(printOp(relu, { printLocs: true }), '%1 = "tfl.relu"(%0#0) : (tensor<2xf32>) -> tensor<2xf32> loc("m.mlir":4:5)');
});

test('a func without results prints no arrow and a bare return; func names that need quotes get them', () => {
  const m = new Module();
  const f = m.addFunc(new Func('my func', [], []));
  new Builder(f).create(ReturnOp, [], {}, []);
  const text = printModule(m);
  assert.equal(text, 'module {\n  func.func @"my func"() {\n    return\n  }\n}');
  assert.equal(printModule(parseModule(text, 'x.mlir', registry)), text);
});

test('dense data: elided above the limit, hex with printAllData, nested at or below the limit', () => {
  const data = Float32Array.from({ length: 17 }, (_, i) => i / 4);
  const d = dense(tensorType([17], 'f32'), data);
  assert.equal(printed(d), 'dense_resource<__elided__> : tensor<17xf32>');
  const hex = printAttrDict(new Map([['v', d]]), { printAllData: true });
  assert.match(hex, /^\{v = dense<"0x000000000000803E0000003F/);
  const small = dense(tensorType([2, 2], 'f32'), Float32Array.from([1, -0.5, 0.25, 3]));
  assert.equal(printed(small), 'dense<[[1.0, -0.5], [0.25, 3.0]]> : tensor<2x2xf32>');
  const splat = dense(tensorType([3, 3], 'f32'), Float32Array.from([7]));
  assert.equal(printed(splat), 'dense<7.0> : tensor<3x3xf32>');
});

test('f16 and bf16 dense values print as decimals and read back to the same bits', () => {
  const h = parseAttribute('dense<[0.5, -2.0, 65504.0, 0x7C00, 6.0e-8]> : tensor<5xf16>');
  assert.ok(h.kind === 'dense');
  assert.deepEqual(Array.from(h.data as Uint16Array), [0x3800, 0xc000, 0x7bff, 0x7c00, 0x0001]);
  assert.deepEqual(parseAttribute(printed(h)), h);
  const bf = parseAttribute('dense<[1.5, -0.0078125, 3.0e38]> : tensor<3xbf16>');
  assert.ok(bf.kind === 'dense');
  assert.deepEqual(parseAttribute(printed(bf)), bf);
});
