// FileCheck subset tests: each directive passes on matching output and fails, with a useful message, otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileCheck } from '../support/filecheck.js';

const OUT = [
  'module {',
  '  func.func @conv_relu6(%arg0: tensor<1x8xf32>) -> tensor<1x8xf32> {',
  '    %0 = "tfl.conv_2d"(%arg0)  {fused_activation_function = "RELU6"} : (tensor<1x8xf32>) -> tensor<1x8xf32>',
  '    %1 = "tfl.add"(%0, %0) : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>',
  '    return %1 : tensor<1x8xf32>',
  '  }',
  '',
  '  func.func @other() {',
  '    return',
  '  }',
  '}',
].join('\n');

function ok(checks: string[]): void {
  const r = fileCheck(checks.join('\n'), OUT);
  assert.ok(r.ok, r.message);
}
function bad(checks: string[], ...want: (string | RegExp)[]): string {
  const r = fileCheck(checks.join('\n'), OUT);
  assert.equal(r.ok, false, 'expected a failure');
  for (const w of want) {
    if (typeof w === 'string') assert.ok(r.message.includes(w), `message lacks "${w}":\n${r.message}`);
    else assert.match(r.message, w);
  }
  return r.message;
}

test('CHECK finds patterns in order; fails when out of order, naming the check line and showing output', () => {
  ok(['// CHECK: tfl.conv_2d', '// CHECK: tfl.add', '// CHECK: return %1']);
  const msg = bad(['// CHECK: tfl.add', '// CHECK: tfl.conv_2d'], 'CHECK at check line 2', 'expected pattern not found');
  assert.match(msg, /output near line \d+:\n/);
  assert.match(msg, /> +\d+ \| /);
});

test('whitespace runs match any run of spaces; leading/trailing space is ignored', () => {
  ok(['// CHECK:    "tfl.conv_2d"(%arg0) {fused_activation_function = "RELU6"}   ']);
  bad(['// CHECK: "tfl.conv_2d"(%arg0){fused'], 'not found');
});

test('CHECK-NEXT must be on the next line; CHECK-SAME on the same line after the match', () => {
  ok(['// CHECK: tfl.conv_2d', '// CHECK-NEXT: tfl.add', '// CHECK-SAME: tensor<1x8xf32>, tensor<1x8xf32>', '// CHECK-NEXT: return']);
  bad(['// CHECK: tfl.conv_2d', '// CHECK-NEXT: return'], 'CHECK-NEXT at check line 2', 'on the line after the previous match');
  bad(['// CHECK: tfl.add', '// CHECK-SAME: tfl.conv_2d'], 'CHECK-SAME at check line 2');
  bad(['// CHECK-NEXT: module'], 'needs a previous match');
});

test('CHECK-NOT holds between the surrounding matches and to the end', () => {
  ok(['// CHECK: tfl.conv_2d', '// CHECK-NOT: tfl.relu6', '// CHECK: return']);
  ok(['// CHECK: tfl.add', '// CHECK-NOT: tfl.conv_2d']);
  bad(['// CHECK: module', '// CHECK-NOT: tfl.add', '// CHECK: return'], 'CHECK-NOT at check line 2', 'excluded pattern found at output line 4');
  bad(['// CHECK-LABEL: @conv_relu6', '// CHECK-NOT: return'], 'excluded pattern found at output line 5');
});

test('CHECK-LABEL and CHECK-EMPTY', () => {
  ok(['// CHECK-LABEL: func.func @conv_relu6', '// CHECK: return %1', '// CHECK: }', '// CHECK-EMPTY:', '// CHECK-LABEL: func.func @other', '// CHECK-NEXT: return']);
  bad(['// CHECK-LABEL: func.func @other', '// CHECK-EMPTY:'], 'expected an empty line');
});

test('{{regex}} and [[VAR:regex]] captures with later [[VAR]] uses', () => {
  ok(['// CHECK: %[[C:[0-9]+]] = "tfl.conv_2d"{{.*}}RELU6', '// CHECK: "tfl.add"(%[[C]], %[[C]])', '// CHECK: return %{{[0-9]+}} : tensor<{{[0-9x]+}}xf32>']);
  // A variable used in the same line as its definition is a backreference.
  ok(['// CHECK: "tfl.add"(%[[X:[0-9]+]], %[[X]])']);
  bad(['// CHECK: %[[C:[0-9]+]] = "tfl.add"', '// CHECK: "tfl.conv_2d"(%[[C]])'], 'with C = "1"');
  bad(['// CHECK: %[[NOPE]] = '], "variable 'NOPE' is used before it is defined");
  // Nested brackets that are not variable syntax are plain text.
  assert.ok(fileCheck('// CHECK: dense<[[1, 2]]>', 'x = dense<[[1, 2]]> : tensor<1x2xi32>').ok);
});

test('CHECK-DAG matches in any order without overlapping', () => {
  ok(['// CHECK-DAG: tfl.add', '// CHECK-DAG: tfl.conv_2d', '// CHECK: return']);
  bad(['// CHECK-DAG: tfl.add', '// CHECK-DAG: tfl.add'], 'CHECK-DAG at check line 2');
});

test('inputs without directives, unsupported directives and bad regexes are reported, not passed', () => {
  assert.equal(fileCheck('// RUN: litec opt %s', OUT).ok, false);
  bad(['// CHECK-COUNT-2: add'], "unsupported directive 'CHECK-COUNT-2:'");
  bad(['// CHECK: {{[}}'], 'bad regex');
  bad(['// CHECK:'], 'empty CHECK pattern');
});
