// GraphDef → IR on small hand-written graphs: ordering, cycles, aliases, pruning, unsupported ops, function
// inlining with "node:out_arg:i" names, captured variables, placeholder defaults and shape overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { DenseAttr, dense } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import type { Module } from '../../src/ir/core.js';
import { locName } from '../../src/ir/loc.js';
import { printType, tensorType } from '../../src/ir/types.js';
import { DT } from '../../src/importers/tf/dtypes.js';
import { decodeGraphDef, decodeMetaGraphDef, encodeMessage, type GraphDef } from '../../src/importers/tf/proto/index.js';
import { OpRegistry, attrBool, attrDense, attrEnum, attrF32, attrI32, attrInts, attrStr, defineOp } from '../../src/ir/opdef.js';
import { NoVariables, importGraph, type InputDecl, type VariableSource } from '../../src/importers/tf/graph/index.js';
import { tfTestRegistry } from './tf-import-registry.js';

const reg = tfTestRegistry();
const enc = new TextEncoder();

type Attr = Record<string, unknown>;
const type = (t: number): Attr => ({ type: t });
const s = (x: string): Attr => ({ s: enc.encode(x) });
const shape = (dims: number[]): Attr => ({ shape: { dim: dims.map((size) => ({ size })) } });
const floats = (dims: number[], vals: number[]): Attr => ({ tensor: { dtype: DT.FLOAT, tensor_shape: { dim: dims.map((size) => ({ size })) }, float_val: vals } });
const node = (name: string, op: string, input: string[] = [], attr: Record<string, Attr> = {}): object => ({ name, op, input, attr });
const placeholder = (name: string, dims = [-1, 4]): object => node(name, 'Placeholder', [], { dtype: type(DT.FLOAT), shape: shape(dims) });
const konst = (name: string, vals: number[]): object => node(name, 'Const', [], { dtype: type(DT.FLOAT), value: floats([vals.length], vals) });

function graph(nodes: object[], library?: object): GraphDef {
  return decodeGraphDef(encodeMessage('GraphDef', { node: nodes, ...(library ? { library } : {}) }), 'test.pb');
}

function imp(g: GraphDef, outputs: string[], inputs: readonly InputDecl[] | 'placeholders' = 'placeholders', extra: { variables?: VariableSource; shapes?: { inputShapes?: Map<string, number[]>; batchSize?: number } } = {}): Module {
  return importGraph({ file: 'test.pb', graph: g, inputs, outputs: outputs.map((t) => ({ tensor: t, name: t })), variables: extra.variables ?? new NoVariables('test.pb'), ...(extra.shapes ? { shapes: extra.shapes } : {}), registry: reg }).module;
}

function ops(m: Module): string[] {
  return [...m.main().ops()].map((o) => `${o.name}@${locName(o.loc) ?? '?'}`);
}

function expectError(fn: () => unknown, code: string, pattern: RegExp): string {
  let msg = '';
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLitecError(e), `expected a LitecError, got ${String(e)}`);
    assert.equal(e.diagnostics[0]?.code, code, e.message);
    assert.match(e.message, pattern);
    assert.equal(e.message.split('\n').length, 1, 'one line');
    msg = e.message;
    return true;
  });
  return msg;
}

test('nodes listed out of order are imported in dependency order', () => {
  const g = graph([node('r', 'Relu', ['a']), node('a', 'AddV2', ['x', 'c']), konst('c', [1, 2, 3, 4]), placeholder('x')]);
  const m = imp(g, ['r']);
  assert.deepEqual(ops(m), ['arith.constant@c', 'tf.AddV2@a', 'tf.Relu@r', 'func.return@?']);
  assert.equal(m.main().argName(0), 'x');
  assert.equal(printType(m.main().args[0]!.type), 'tensor<?x4xf32>');
});

test('a cycle is one clear error naming its nodes', () => {
  const g = graph([placeholder('x'), node('a', 'AddV2', ['x', 'b']), node('b', 'Relu', ['a'])]);
  expectError(() => imp(g, ['b']), Codes.CorruptFile, /the graph has a cycle: (b -> a -> b|a -> b -> a) \(/);
});

test('Identity, IdentityN, StopGradient, NoOp and control edges disappear; name:1 picks IdentityN output 1', () => {
  const g = graph([
    placeholder('x'),
    placeholder('y'),
    node('noop', 'NoOp'),
    node('id', 'Identity', ['x', '^noop'], { T: type(DT.FLOAT) }),
    node('idn', 'IdentityN', ['id', 'y']),
    node('sg', 'StopGradient', ['idn:1']),
    node('r', 'Relu', ['sg', '^id']),
    node('r0', 'Relu', ['idn']),
  ]);
  const m = imp(g, ['r', 'r0']);
  assert.deepEqual(ops(m), ['tf.Relu@r', 'tf.Relu@r0', 'func.return@?']);
  const [r, r0] = [...m.main().ops()];
  // r reads y (IdentityN output 1), r0 reads x (output 0): args are in graph order x, y.
  assert.equal(r!.operand(0), m.main().args[1]);
  assert.equal(r0!.operand(0), m.main().args[0]);
});

test('only what the outputs need is imported: unused branches may hold any op', () => {
  const g = graph([placeholder('x'), placeholder('unused'), node('c3', 'Conv3D', ['unused']), node('save/SaveV2', 'SaveV2', ['x']), node('r', 'Relu', ['x'])]);
  const m = imp(g, ['r']);
  assert.deepEqual(ops(m), ['tf.Relu@r', 'func.return@?']);
  assert.equal(m.main().args.length, 1, 'the unused placeholder is not an input');
});

test('unsupported ops: one error listing every op type with its nodes', () => {
  const g = graph([placeholder('x'), node('c1', 'Conv3D', ['x']), node('c2', 'Conv3D', ['c1']), node('f', 'FooBarOp', ['c2']), node('r', 'Relu', ['f'])]);
  const msg = expectError(() => imp(g, ['r']), Codes.UnsupportedOp, /unsupported TF ops: Conv3D \(nodes "c1", "c2"\); FooBarOp \(node "f"\) — see 'litec passes'/);
  assert.match(msg, /^test\.pb: /);
});

test('an output or input naming no node is an error with a suggestion', () => {
  const g = graph([placeholder('input_x'), node('logits', 'Relu', ['input_x'])]);
  expectError(() => imp(g, ['logit']), Codes.CorruptFile, /output "logit" names no node.*did you mean "logits"/);
  expectError(() => imp(g, ['logits'], [{ tensor: 'input', name: 'input' }]), Codes.CorruptFile, /input "input" names no node.*"input_x"/);
});

test('a placeholder the outputs need but --inputs leaves out is an error', () => {
  const g = graph([placeholder('x'), placeholder('keep_prob', []), node('m', 'Mul', ['x', 'keep_prob'])]);
  expectError(() => imp(g, ['m'], [{ tensor: 'x', name: 'x' }]), Codes.CorruptFile, /placeholder "keep_prob", which is not an input/);
});

test('feeding an inner tensor cuts the graph there; PlaceholderWithDefault folds to its default unless fed', () => {
  const g = graph([
    placeholder('raw'),
    node('pre', 'Tanh', ['raw']),
    konst('def', [0.5]),
    node('rate', 'PlaceholderWithDefault', ['def'], { dtype: type(DT.FLOAT), shape: shape([1]) }),
    node('y', 'Mul', ['pre', 'rate']),
  ]);
  const cut = imp(g, ['y'], [{ tensor: 'pre:0', name: 'features', dtype: DT.FLOAT, shape: [-1, 4] }]);
  assert.deepEqual(ops(cut), ['arith.constant@def', 'tf.Mul@y', 'func.return@?']);
  assert.equal(cut.main().argName(0), 'features');
  const fed = imp(g, ['y'], [{ tensor: 'raw', name: 'raw' }, { tensor: 'rate', name: 'rate' }]);
  assert.deepEqual(ops(fed), ['tf.Tanh@pre', 'tf.Mul@y', 'func.return@?']);
  assert.equal(printType(fed.main().args[1]!.type), 'tensor<1xf32>');
});

test('--input-shape and --batch-size set the argument types', () => {
  const g = graph([placeholder('x', [-1, -1, 3]), node('r', 'Relu', ['x'])]);
  const m = imp(g, ['r'], 'placeholders', { shapes: { inputShapes: new Map([['', [2, 5, 3]]]) } });
  assert.equal(printType(m.main().args[0]!.type), 'tensor<2x5x3xf32>');
  const b = imp(g, ['r'], 'placeholders', { shapes: { batchSize: 8 } });
  assert.equal(printType(b.main().args[0]!.type), 'tensor<8x?x3xf32>');
  expectError(() => imp(g, ['r'], 'placeholders', { shapes: { inputShapes: new Map([['x', [2, 5, 4]]]) } }), Codes.ShapeMismatch, /dimension 2 to 4.*fixes it at 3/);
  expectError(() => imp(g, ['r'], 'placeholders', { shapes: { inputShapes: new Map([['y', [2, 5, 3]]]) } }), Codes.BadFlag, /names "y", which is not an input/);
});

/** f(x, w: resource) = Relu(x * read(w)) + g(x); g(a) = Tanh(a). Bodies use "node:out_arg:i" names. */
function callGraph(callOp: string): GraphDef {
  const sig = (name: string, inputs: [string, number][], outputs: string[]): object => ({
    name,
    input_arg: inputs.map(([n, t]) => ({ name: n, type: t })),
    output_arg: outputs.map((n) => ({ name: n, type: DT.FLOAT })),
  });
  const f = {
    signature: sig('f', [['x', DT.FLOAT], ['w', DT.RESOURCE]], ['out', 'aux']),
    node_def: [
      node('read', 'ReadVariableOp', ['w'], { dtype: type(DT.FLOAT) }),
      node('mul', 'Mul', ['x', 'read:value:0'], { T: type(DT.FLOAT) }),
      node('act', 'Relu', ['mul:z:0'], { T: { placeholder: 'T' } }),
      node('inner', 'PartitionedCall', ['x'], { f: { func: { name: 'g' } }, Tout: { list: { type: [DT.FLOAT] } } }),
      node('sum', 'AddV2', ['act:activations:0', 'inner:output:0']),
      node('unused', 'Conv3D', ['x']),
    ],
    ret: { out: 'sum:z:0', aux: 'unused:output:0' },
  };
  const g = { signature: sig('g', [['a', DT.FLOAT]], ['b']), node_def: [node('t', 'Tanh', ['a'])], ret: { b: 't:y:0' } };
  const call =
    callOp === 'f'
      ? node('call', 'f', ['x', 'w'], { T: type(DT.FLOAT) })
      : node('call', callOp, ['x', 'w'], { f: { func: { name: 'f', attr: { T: type(DT.FLOAT) } } }, Tout: { list: { type: [DT.FLOAT, DT.FLOAT] } } });
  return graph([placeholder('x'), node('w', 'VarHandleOp', [], { dtype: type(DT.FLOAT), shape: shape([4]) }), call], { function: [f, g] });
}

class FakeVariables implements VariableSource {
  readonly asked: string[] = [];
  value(v: { def: { name: string }; topLevel: boolean }): DenseAttr {
    this.asked.push(`${v.def.name}${v.topLevel ? ' (top)' : ''}`);
    return dense(tensorType([4], 'f32'), new Float32Array([1, 2, 3, 4]));
  }
}

for (const callOp of ['StatefulPartitionedCall', 'PartitionedCall', 'f']) {
  test(`function calls (${callOp}) are inlined recursively; a captured resource read becomes the variable's constant`, () => {
    const vars = new FakeVariables();
    const g = callGraph(callOp);
    const m = imp(g, [callOp === 'f' ? 'call' : 'call:0'], 'placeholders', { variables: vars });
    assert.deepEqual(ops(m), ['arith.constant@w', 'tf.Mul@mul', 'tf.Relu@act', 'tf.Tanh@t', 'tf.AddV2@sum', 'func.return@?']);
    assert.deepEqual(vars.asked, ['w (top)']);
    const [w, mul, relu, tanh, sum] = [...m.main().ops()];
    assert.deepEqual(Array.from(constantValue(w)!.data as Float32Array), [1, 2, 3, 4]);
    assert.equal(mul!.operand(0), m.main().args[0]);
    assert.equal(sum!.operand(0), relu!.result(0));
    assert.equal(sum!.operand(1), tanh!.result(0));
    // The body's unused output (an op litec does not have) was never needed.
    assert.ok(!ops(m).some((o) => o.includes('Conv3D')));
  });
}

test('the second output of a call resolves to the second ret; a missing function is an error', () => {
  const g = callGraph('StatefulPartitionedCall');
  expectError(() => imp(g, ['call:1'], 'placeholders', { variables: new FakeVariables() }), Codes.UnsupportedOp, /Conv3D \(node "unused"\)/);
  const broken = graph([placeholder('x'), node('call', 'PartitionedCall', ['x'], { f: { func: { name: 'nope' } } })]);
  expectError(() => imp(broken, ['call:0']), Codes.CorruptFile, /calls function "nope", which is not in the graph's function library/);
});

test('a variable in a graph without weights says to use the checkpoint', () => {
  const g = graph([placeholder('x'), node('v', 'VariableV2', [], { dtype: type(DT.FLOAT), shape: shape([4]) }), node('read', 'Identity', ['v']), node('y', 'Mul', ['x', 'read'])]);
  expectError(() => imp(g, ['y']), Codes.MissingVariable, /node "v" is a variable \(VariableV2\).*import the checkpoint/);
});

test('reading a missing output index or a bad reference is an error, not a crash', () => {
  const g = graph([placeholder('x'), node('r', 'Relu', ['x:3'])]);
  expectError(() => imp(g, ['r']), Codes.CorruptFile, /node "r" reads output 3 of node "x" \(Placeholder\), which has one output/);
  const h = graph([placeholder('x'), node('r', 'Relu', ['x:a:b:c'])]);
  expectError(() => imp(h, ['r']), Codes.CorruptFile, /not a tensor name/);
});

test('a very long chain imports without exhausting the call stack', () => {
  const n = 30000;
  const nodes: object[] = [placeholder('x')];
  for (let i = 0; i < n; i++) nodes.push(node(`r${i}`, 'Identity', [i === 0 ? 'x' : `r${i - 1}`]));
  nodes.push(node('out', 'Relu', [`r${n - 1}`]));
  const m = imp(graph(nodes), ['out']);
  assert.deepEqual(ops(m), ['tf.Relu@out', 'func.return@?']);
});

test('attrs are converted to the kinds the op definition declares; type, shape and runtime attrs are dropped', () => {
  const spec = defineOp({
    name: 'tf.KindsOp',
    operands: ['x'],
    attrs: {
      strides: attrInts(),
      padding: attrEnum(['SAME', 'VALID']),
      count: attrI32(),
      alpha: attrF32(0.2),
      flag: attrBool(false),
      DstT: { kind: 'type' },
      table: attrDense,
      names: { kind: 'strings' },
      dilations: attrInts([1, 1, 1, 1]),
    },
    inferTypes: (op) => [op.operand(0).type],
  });
  const r = new OpRegistry([...reg.all(), spec]);
  const attrs = {
    strides: { list: { i: [1, 2, 2, 1] } },
    padding: s('SAME'),
    count: { i: 7 },
    alpha: { f: 0.5 },
    flag: { b: true },
    DstT: type(DT.INT32),
    table: floats([2], [3, 4]),
    names: { list: { s: [enc.encode('a'), enc.encode('b')] } },
    T: type(DT.FLOAT),
    _class: { list: { s: [enc.encode('loc:@x')] } },
    _output_shapes: { list: { shape: [{ dim: [{ size: -1 }, { size: 4 }] }] } },
    use_cudnn_on_gpu: { b: true },
    keep: { i: 3 },
  };
  const g = graph([placeholder('x'), node('k', 'KindsOp', ['x'], attrs)]);
  const run = (gr: GraphDef): Module => importGraph({ file: 'test.pb', graph: gr, inputs: 'placeholders', outputs: [{ tensor: 'k', name: 'k' }], variables: new NoVariables('test.pb'), registry: r }).module;
  const op = [...run(g).main().ops()][0]!;
  assert.deepEqual(op.ints('strides'), [1, 2, 2, 1]);
  assert.equal(op.str('padding'), 'SAME');
  assert.deepEqual(op.attrs.get('count'), { kind: 'int', value: 7, width: 32 });
  assert.equal(op.float('alpha'), 0.5);
  assert.equal(op.flag('flag'), true);
  const dst = op.attrs.get('DstT');
  assert.ok(dst?.kind === 'type' && dst.value.elem === 'i32');
  assert.deepEqual(Array.from(op.denseAttr('table').data as Float32Array), [3, 4]);
  assert.deepEqual(op.attrs.get('names'), { kind: 'array', value: [{ kind: 'string', value: 'a' }, { kind: 'string', value: 'b' }] });
  assert.deepEqual(op.attrs.get('keep'), { kind: 'int', value: 3, width: 64 }, 'undeclared attrs are kept in a generic form');
  for (const gone of ['T', '_class', '_output_shapes', 'use_cudnn_on_gpu', 'dilations']) assert.ok(!op.attrs.has(gone), gone);
  assert.deepEqual(op.ints('dilations'), [1, 1, 1, 1], 'absent attrs fall back to the definition default');

  const bad = (patch: Record<string, unknown>, code: string, pattern: RegExp): void => {
    expectError(() => run(graph([placeholder('x'), node('k', 'KindsOp', ['x'], { ...attrs, ...patch })])), code, pattern);
  };
  bad({ padding: s('EXPLICIT') }, Codes.UnsupportedOp, /node "k" \(KindsOp\) has padding = "EXPLICIT", which litec does not support \(supported: SAME, VALID\)/);
  bad({ strides: s('1,1') }, Codes.CorruptFile, /attr "strides" should be a list of ints, got a s value/);
  bad({ count: { f: 1.5 } }, Codes.CorruptFile, /attr "count" should be an int/);
  bad({ DstT: type(DT.COMPLEX64) }, Codes.UnsupportedOp, /DstT = complex64/);
  const { count: _drop, ...noCount } = attrs;
  void _drop;
  expectError(() => run(graph([placeholder('x'), node('k', 'KindsOp', ['x'], noCount)])), Codes.CorruptFile, /has no attr "count", which KindsOp needs/);
});

test('stripped default attrs come back from the MetaGraph op list', () => {
  const spec = defineOp({ name: 'tf.DefaultsOp', operands: ['x'], attrs: { mode: attrStr() }, inferTypes: (op) => [op.operand(0).type] });
  const r = new OpRegistry([...reg.all(), spec]);
  const g = graph([placeholder('x'), node('d', 'DefaultsOp', ['x'])]);
  const opList = decodeMetaGraphDef(encodeMessage('MetaGraphDef', { meta_info_def: { stripped_op_list: { op: [{ name: 'DefaultsOp', output_arg: [{ name: 'y', type_attr: 'T' }], attr: [{ name: 'mode', type: 'string', default_value: s('fast') }] }] } } }), 'meta').meta_info_def!.stripped_op_list!.op;
  const m = importGraph({ file: 'test.pb', graph: g, opList, inputs: 'placeholders', outputs: [{ tensor: 'd', name: 'd' }], variables: new NoVariables('test.pb'), registry: r }).module;
  assert.equal([...m.main().ops()][0]!.str('mode'), 'fast');
});
