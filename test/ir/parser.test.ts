// Parser tests: accepted syntax (hand-written goldens, MLIR forms) and located, coded, one-line errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registry } from '../../dialects/registry.js';
import { Codes } from '../../src/diag/catalogue.js';
import { LitecError } from '../../src/diag/diagnostic.js';
import { Module } from '../../src/ir/core.js';
import { printLoc } from '../../src/ir/loc.js';
import { parseAttribute, parseModule, parseType } from '../../src/ir/parser.js';
import { printModule } from '../../src/ir/printer.js';
import { printType } from '../../src/ir/types.js';
import { verifyModule } from '../../src/ir/verifier.js';

const parse = (text: string): Module => parseModule(text, 'in.mlir', registry);

function parseError(text: string): { code: string; line?: number; col?: number; message: string; formatted: string } {
  try {
    parse(text);
  } catch (e) {
    assert.ok(e instanceof LitecError, `expected a LitecError, got ${String(e)}`);
    const d = e.diagnostics[0]!;
    assert.equal(e.diagnostics.length, 1);
    assert.equal(d.file, 'in.mlir');
    const formatted = d.format();
    assert.ok(!formatted.includes('\n'), 'one line');
    return { code: d.code, line: d.line, col: d.col, message: d.message, formatted };
  }
  return assert.fail('expected a parse error');
}

const DESIGN_EXAMPLE = `// RUN: litec opt %s --passes='fuse-activation'
// CHECK-LABEL: func @conv_relu6
func.func @conv_relu6(%x: tensor<1x8x8x3xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %0 = "tfl.conv_2d"(%x, %w, %b) {fused_activation_function = "NONE", padding = "SAME", stride_h = 1 : i32, stride_w = 1 : i32} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %1 = "tfl.relu6"(%0) : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  // CHECK: return %[[C]]
  return %1 : tensor<1x8x8x16xf32>
}
`;

test('parses the DESIGN.md golden example: named values, comments, no module wrapper, return short form', () => {
  const m = parse(DESIGN_EXAMPLE);
  assert.deepEqual(verifyModule(m, { registry }), []);
  const f = m.func('conv_relu6')!;
  assert.equal(f.args.length, 3);
  const ops = [...f.ops()];
  assert.deepEqual(ops.map((o) => o.name), ['tfl.conv_2d', 'tfl.relu6', 'func.return']);
  assert.equal(ops[0]!.def?.name, 'tfl.conv_2d');
  assert.equal(ops[1]!.operand(0), ops[0]!.result(0));
  assert.equal(ops[2]!.operand(0), ops[1]!.result(0));
  // Ops without loc(...) are located at their line:col in the input.
  assert.equal(printLoc(ops[0]!.loc), 'loc("in.mlir":4:3)');
  assert.equal(printLoc(f.loc), 'loc("in.mlir":3:1)');
});

test('accepts module wrappers with attributes and a name, several funcs, properties and generic return', () => {
  const m = parse(`module @m attributes {a.b = [1, 2.5, "s", true, unit, tensor<2xi8>]} {
    func.func private @f(%a: tensor<2xf32>) -> tensor<2xf32> {
      %0 = "tfl.leaky_relu"(%a) <{alpha = 2.0e-1 : f32}> : (tensor<2xf32>) -> tensor<2xf32>
      "func.return"(%0) : (tensor<2xf32>) -> ()
    }
    func.func @g() {
      return
    }
  }`);
  assert.equal(m.funcs.length, 2);
  assert.deepEqual(m.attrs.get('sym_name'), { kind: 'string', value: 'm' });
  const arr = m.attrs.get('a.b');
  assert.ok(arr?.kind === 'array');
  assert.deepEqual(arr.value.map((a) => a.kind), ['int', 'float', 'string', 'bool', 'unit', 'type']);
  const f = m.func('f')!;
  assert.deepEqual(f.attrs.get('sym_visibility'), { kind: 'string', value: 'private' });
  const leaky = f.body.first!;
  assert.deepEqual(leaky.attrs.get('alpha'), { kind: 'float', value: Math.fround(0.2), width: 32 });
  assert.equal(f.body.last!.name, 'func.return');
  assert.deepEqual(verifyModule(m, { registry }), []);
});

test('types: dynamic, unranked, rank 0, all element types, per-tensor and per-axis quantization', () => {
  for (const t of [
    'tensor<1x?x3xf32>',
    'tensor<*xf32>',
    'tensor<f32>',
    'tensor<0xi64>',
    'tensor<2xf16>',
    'tensor<2xbf16>',
    'tensor<2xf64>',
    'tensor<2xi1>',
    'tensor<2xi8>',
    'tensor<2xui8>',
    'tensor<2xi16>',
    'tensor<2xi32>',
    'tensor<2x!tf_type.string>',
    'tensor<1x112x112x16x!quant.uniform<i8:f32, 0.0235:-128>>',
    'tensor<16x3x3x8x!quant.uniform<i8<-127:127>:f32:0, {0.02,0.013:1,0.5,0.25,1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0,11.0,12.0}>>',
    'tensor<4x!quant.uniform<ui8:f32, 0.5:128>>',
    'tensor<4x!quant.uniform<i16:f32, 1.0>>',
  ]) {
    assert.equal(printType(parseType(t)), t);
  }
  const q = parseType('tensor<2x3x!quant.uniform<i8<-127:127>:f32:1, {0.5,0.25:3,2.0}>>');
  assert.deepEqual(q.quant, { storage: 'i8', storageMin: -127, storageMax: 127, axis: 1, scales: [0.5, 0.25, 2], zeroPoints: [0, 3, 0] });
  assert.equal(q.elem, 'f32');
  // u8 is accepted as MLIR's quant dialect spelling of unsigned storage; it prints as ui8.
  assert.equal(printType(parseType('tensor<1x!quant.uniform<u8:f32, 0.5:3>>')), 'tensor<1x!quant.uniform<ui8:f32, 0.5:3>>');
});

test('attributes: typed and untyped numbers, arrays, dense forms, dense_resource, array<>', () => {
  assert.deepEqual(parseAttribute('1 : i32'), { kind: 'int', value: 1, width: 32 });
  assert.deepEqual(parseAttribute('1.5 : f32'), { kind: 'float', value: 1.5, width: 32 });
  assert.deepEqual(parseAttribute('1.5'), { kind: 'float', value: 1.5, width: 64 });
  assert.deepEqual(parseAttribute('-3'), { kind: 'int', value: -3, width: 64 });
  assert.deepEqual(parseAttribute('[1, 2]'), { kind: 'array', value: [{ kind: 'int', value: 1, width: 64 }, { kind: 'int', value: 2, width: 64 }] });
  assert.deepEqual(parseAttribute('array<i32: 1, 2>'), { kind: 'array', value: [{ kind: 'int', value: 1, width: 32 }, { kind: 'int', value: 2, width: 32 }] });
  const nested = parseAttribute('dense<[[1.0, 2.0]]> : tensor<1x2xf32>');
  assert.ok(nested.kind === 'dense' && nested.data instanceof Float32Array);
  assert.deepEqual(Array.from(nested.data), [1, 2]);
  const splat = parseAttribute('dense<0.0> : tensor<4xf32>');
  assert.ok(splat.kind === 'dense' && splat.data.length === 1);
  const hex = parseAttribute('dense<"0x0000803F"> : tensor<1xf32>');
  assert.ok(hex.kind === 'dense');
  assert.deepEqual(Array.from(hex.data as Float32Array), [1]);
  const hexSplat = parseAttribute('dense<"0x0000803F"> : tensor<3xf32>');
  assert.ok(hexSplat.kind === 'dense' && hexSplat.data.length === 1);
  const res = parseAttribute('dense_resource<__elided__> : tensor<2x3xi8>');
  assert.ok(res.kind === 'dense' && res.elided === true && res.data instanceof Int8Array && res.data.length === 6);
  const q = parseAttribute('dense<[-128, 127]> : tensor<2x!quant.uniform<i8:f32, 0.5>>');
  assert.ok(q.kind === 'dense' && q.data instanceof Int8Array);
  assert.deepEqual(Array.from(q.data as Int8Array), [-128, 127]);
  const s = parseAttribute('dense<["a", "b\\"c"]> : tensor<2x!tf_type.string>');
  assert.ok(s.kind === 'dense');
  assert.deepEqual(s.data, ['a', 'b"c']);
});

test('locations: names, nested names, files, fused (with metadata), callsite, unknown', () => {
  const m = parse(`func.func @f(%a: tensor<2xf32> loc("arg")) -> tensor<2xf32> {
    %0 = "tfl.relu"(%a) : (tensor<2xf32>) -> tensor<2xf32> loc("a/b"("x.pb":1:2))
    %1 = "tfl.relu"(%0) : (tensor<2xf32>) -> tensor<2xf32> loc(fused<"meta">["p", "q"])
    %2 = "tfl.relu"(%1) : (tensor<2xf32>) -> tensor<2xf32> loc(callsite("callee" at "x.py":3:4))
    %3 = "tfl.relu"(%2) : (tensor<2xf32>) -> tensor<2xf32> loc(unknown)
    return %3 : tensor<2xf32>
  } loc("f")`);
  const f = m.main();
  assert.deepEqual([...f.ops()].slice(0, 4).map((o) => printLoc(o.loc)), [
    'loc("a/b"("x.pb":1:2))',
    'loc(fused["p", "q"])',
    'loc(fused["callee", "x.py":3:4])',
    'loc(unknown)',
  ]);
  assert.equal(printLoc(f.loc), 'loc("f")');
});

const ERRORS: [string, string, string, number, number, string][] = [
  // [what, input, code, line, col, message substring]
  ['unknown op', 'func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n  %0 = "x.y"(%a) : (tensor<2xf32>) -> tensor<2xf32>\n  return %0 : tensor<2xf32>\n}', Codes.UnknownOp, 2, 8, "unknown op 'x.y'"],
  ['custom syntax of an unknown op', 'func.func @f() {\n  x.y\n}', Codes.UnknownOp, 2, 3, "unknown op 'x.y'"],
  ['custom syntax of a known op', 'func.func @f(%a: tensor<2xf32>) {\n  %0 = tfl.relu %a : tensor<2xf32>\n}', Codes.ParseError, 2, 8, "custom syntax of 'tfl.relu' is not supported"],
  ['undefined value', 'func.func @f() {\n  return %nope : tensor<2xf32>\n}', Codes.ParseError, 2, 10, 'use of undefined value %nope'],
  ['use before def', 'func.func @f(%a: tensor<2xf32>) {\n  %0 = "tfl.relu"(%1) : (tensor<2xf32>) -> tensor<2xf32>\n  %1 = "tfl.relu"(%a) : (tensor<2xf32>) -> tensor<2xf32>\n  return\n}', Codes.ParseError, 2, 19, 'value %1 is used before it is defined'],
  ['redefinition', 'func.func @f(%a: tensor<2xf32>, %a: tensor<2xf32>) {\n  return\n}', Codes.ParseError, 1, 33, 'redefinition of value %a'],
  ['type mismatch', 'func.func @f(%a: tensor<2xf32>) {\n  %0 = "tfl.relu"(%a) : (tensor<3xf32>) -> tensor<3xf32>\n  return\n}', Codes.TypeMismatch, 2, 19, 'use of %a expects tensor<3xf32> but it has tensor<2xf32>'],
  ['operand count vs type', 'func.func @f(%a: tensor<2xf32>) {\n  %0 = "tfl.add"(%a, %a) : (tensor<2xf32>) -> tensor<2xf32>\n  return\n}', Codes.ParseError, 2, 28, "'tfl.add' has 2 operands but its type lists 1"],
  ['result count vs type', 'func.func @f(%a: tensor<2xf32>) {\n  %0:2 = "tfl.relu"(%a) : (tensor<2xf32>) -> tensor<2xf32>\n  return\n}', Codes.ParseError, 2, 3, "'tfl.relu' defines 2 results but its type lists 1"],
  ['no such result', 'func.func @f(%a: tensor<2xf32>) {\n  %0 = "tfl.relu"(%a) : (tensor<2xf32>) -> tensor<2xf32>\n  return %0#1 : tensor<2xf32>\n}', Codes.ParseError, 3, 10, '%0 has 1 result, no #1'],
  ['bad token', 'func.func @f() {\n  ^bb0\n}', Codes.ParseError, 2, 3, "unexpected character '^'"],
  ['unterminated string', 'func.func @f() attributes {a = "x\n}', Codes.ParseError, 1, 32, 'unterminated string'],
  ['missing brace', 'func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n  return %a : tensor<2xf32>\n', Codes.ParseError, 3, 1, "func @f is not closed with '}'"],
  ['bad element type', 'func.func @f(%a: tensor<2xfloat>) {\n  return\n}', Codes.ParseError, 1, 27, "unknown element type 'float'"],
  ['bad dims', 'func.func @f(%a: tensor<2y3xf32>) {\n  return\n}', Codes.ParseError, 1, 26, "expected 'x' after a tensor dimension"],
  ['dense out of range', 'func.func @f() {\n  %0 = arith.constant dense<[1, 300]> : tensor<2xi8>\n  return\n}', Codes.ParseError, 2, 33, '300 is out of range'],
  ['dense not rectangular', 'func.func @f() {\n  %0 = arith.constant dense<[[1], [2, 3]]> : tensor<2x2xi8>\n  return\n}', Codes.ParseError, 2, 35, 'rows differ in length'],
  ['hex size', 'func.func @f() {\n  %0 = arith.constant dense<"0x0000"> : tensor<2xf32>\n  return\n}', Codes.ParseError, 2, 29, 'hex data has 2 bytes but tensor<2xf32> needs 8'],
  ['dynamic dense', 'func.func @f() {\n  %0 = arith.constant dense<1.0> : tensor<?xf32>\n  return\n}', Codes.ParseError, 2, 36, 'needs a static shape'],
  ['location alias', 'func.func @f() {\n  return loc(#loc3)\n}', Codes.ParseError, 2, 14, "location aliases like '#loc3' are not supported"],
  ['attribute alias', 'func.func @f() attributes {a = #map} {\n  return\n}', Codes.ParseError, 1, 32, "attribute aliases like '#map'"],
  ['duplicate func', 'func.func @f() {\n  return\n}\nfunc.func @f() {\n  return\n}', Codes.ParseError, 4, 11, 'redefinition of func @f'],
  ['regions', 'func.func @f(%a: tensor<2xf32>) {\n  "tfl.relu"(%a) ({}) : (tensor<2xf32>) -> ()\n  return\n}', Codes.ParseError, 2, 18, 'regions are not supported'],
  ['bad zero point', 'func.func @f(%a: tensor<2x!quant.uniform<i8:f32, 0.5:300>>) {\n  return\n}', Codes.ParseError, 1, 54, 'zero point 300 is outside the storage range -128:127'],
  ['trailing junk', 'module {\n}\n}', Codes.ParseError, 3, 1, "expected end of input, found '}'"],
];

for (const [what, text, code, line, col, msg] of ERRORS) {
  test(`error: ${what} → ${code} at ${line}:${col}`, () => {
    const e = parseError(text);
    assert.ok(e.message.includes(msg), `message "${e.message}" lacks "${msg}"`);
    assert.equal(e.code, code);
    assert.deepEqual([e.line, e.col], [line, col], e.formatted);
    assert.ok(e.formatted.startsWith(`in.mlir:${line}:${col}: error ${code}: `), e.formatted);
  });
}

test('parsing is fast: a 5,000-op text parses in well under a second', () => {
  const lines = ['func.func @big(%a: tensor<1x8xf32>) -> tensor<1x8xf32> {'];
  let prev = '%a';
  for (let i = 0; i < 5000; i++) {
    lines.push(`  %v${i} = "tfl.add"(${prev}, %a) {fused_activation_function = "NONE"} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32> loc("n${i}")`);
    prev = `%v${i}`;
  }
  lines.push(`  return ${prev} : tensor<1x8xf32>`, '}');
  const text = lines.join('\n');
  const t0 = performance.now();
  const m = parse(text);
  const ms = performance.now() - t0;
  assert.equal(m.main().body.size, 5001);
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  assert.equal(printModule(parse(printModule(m))), printModule(m));
});
