// Frozen GraphDef and TF1 checkpoint import on the shared real models: op histograms, chosen inputs/outputs,
// weights identical to the file's (and shared, not copied), pruning of training/saving ops, name overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { DenseAttr } from '../../src/ir/attributes.js';
import { printType } from '../../src/ir/types.js';
import { importCheckpoint, importFrozenGraph } from '../../src/importers/tf/import-tf.js';
import { NoVariables, importGraph } from '../../src/importers/tf/graph/index.js';
import { decodeGraphDef, tensorProtoToValue } from '../../src/importers/tf/proto/index.js';
import { TensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { tfTestRegistry } from './tf-import-registry.js';
import { constantAt, histogram, moduleAttr as attrText, opAt } from './tf-import-helpers.js';

const skip = skipUnlessShared();
const reg = tfTestRegistry();
const CIFAR = sharedModel('tf1/cifar_cnn_frozen.pb');
const MLP = sharedModel('tf1/mnist_mlp_checkpoint/fc2.ckpt');

function sameFloats(a: DenseAttr, b: Float32Array): void {
  const x = a.data as Float32Array;
  assert.ok(x instanceof Float32Array);
  assert.equal(x.length, b.length);
  assert.ok(x.every((v, i) => Object.is(v, b[i])), 'bit-identical values');
}

test('cifar frozen GraphDef: Placeholder in, the softmax sink out, every layer present', { skip }, () => {
  const m = importFrozenGraph(CIFAR, {}, reg);
  assert.deepEqual(histogram(m), {
    'arith.constant': 14, 'tf.Conv2D': 3, 'tf.BiasAdd': 5, 'tf.Relu': 4, 'tf.MaxPool': 3, 'tf.Shape': 1, 'tf.StridedSlice': 1, 'tf.Pack': 1, 'tf.Reshape': 1, 'tf.MatMul': 2, 'tf.Softmax': 1,
  });
  const f = m.main();
  assert.equal(f.args.length, 1);
  assert.equal(f.argName(0), 'conv2d_input');
  assert.equal(printType(f.args[0]!.type), 'tensor<?x32x32x3xf32>');
  assert.equal(f.resultName(0), 'dense_1/Softmax');
  assert.equal(attrText(m, 'tf.format'), 'graphdef');
  assert.equal(attrText(m, 'tf.outputs'), 'dense_1/Softmax');
  assert.match(String(attrText(m, 'tf.outputs_chosen_by')), /^default: sinks that are not training\/saving ops/);
  const conv = opAt(m, 'conv2d/Conv2D');
  assert.equal(conv.attr('padding')?.kind === 'string' && conv.str('padding'), 'VALID');
  assert.deepEqual(conv.ints('strides'), [1, 1, 1, 1]);
  assert.ok(!conv.attrs.has('T') && !conv.attrs.has('use_cudnn_on_gpu') && !conv.attrs.has('_output_shapes'), 'runtime attrs dropped');
});

test('cifar weights are the GraphDef Const values, viewed without a copy', { skip }, () => {
  const bytes = readFileSync(CIFAR);
  const graph = decodeGraphDef(bytes, CIFAR);
  const { module } = importGraph({ file: CIFAR, graph, inputs: 'placeholders', outputs: [{ tensor: 'dense_1/Softmax', name: 'y' }], variables: new NoVariables(CIFAR), registry: reg });
  let aligned = 0;
  for (const name of ['conv2d/kernel', 'conv2d/bias', 'conv2d_1/kernel', 'conv2d_1/bias', 'conv2d_2/kernel', 'conv2d_2/bias', 'dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']) {
    const c = constantAt(module, name);
    const proto = graph.node.find((n) => n.name === name)!.attr['value']!.tensor!;
    sameFloats(c, tensorProtoToValue(proto).data as Float32Array);
    // tensor_content at a 4-byte-aligned offset is viewed in place: the constant shares the file's buffer.
    const inPlace = proto.tensor_content.byteOffset % 4 === 0;
    if (inPlace) aligned++;
    assert.equal((c.data as Float32Array).buffer === bytes.buffer, inPlace, `${name}: shared = aligned`);
  }
  assert.ok(aligned >= 1, 'some weights of this file are aligned, so sharing is exercised');
  assert.equal(printType(constantAt(module, 'dense/kernel').type), 'tensor<512x1024xf32>');
});

test('cifar with --outputs, --inputs, --input-shape and --batch-size', { skip }, () => {
  const cut = importFrozenGraph(CIFAR, { outputs: ['max_pooling2d_1/MaxPool:0'] }, reg);
  assert.deepEqual(histogram(cut), { 'arith.constant': 4, 'tf.Conv2D': 2, 'tf.BiasAdd': 2, 'tf.Relu': 2, 'tf.MaxPool': 2 });
  assert.equal(cut.main().resultName(0), 'max_pooling2d_1/MaxPool');
  assert.equal(attrText(cut, 'tf.outputs_chosen_by'), '--outputs');
  const mid = importFrozenGraph(CIFAR, { inputs: ['max_pooling2d/MaxPool'], outputs: ['conv2d_1/Relu'], inputShapes: new Map([['', [1, 15, 15, 32]]]) }, reg);
  assert.deepEqual(histogram(mid), { 'arith.constant': 2, 'tf.Conv2D': 1, 'tf.BiasAdd': 1, 'tf.Relu': 1 });
  assert.equal(mid.main().argName(0), 'max_pooling2d/MaxPool');
  assert.equal(printType(mid.main().args[0]!.type), 'tensor<1x15x15x32xf32>');
  const b1 = importFrozenGraph(CIFAR, { batchSize: 1 }, reg);
  assert.equal(printType(b1.main().args[0]!.type), 'tensor<1x32x32x3xf32>');
});

test('MLP checkpoint: input/x in, output/sm out; training, saving and metric nodes pruned', { skip }, () => {
  const m = importCheckpoint(MLP, {}, reg);
  assert.deepEqual(histogram(m), { 'arith.constant': 6, 'tf.MatMul': 3, 'tf.Add': 3, 'tf.Relu': 2, 'tf.Softmax': 1 });
  const f = m.main();
  assert.equal(f.argName(0), 'input/x');
  assert.equal(printType(f.args[0]!.type), 'tensor<?x784xf32>');
  assert.equal(f.resultName(0), 'output/sm');
  assert.equal(printType(f.resultTypes[0]!), 'tensor<?x10xf32>');
  assert.equal(attrText(m, 'tf.format'), 'checkpoint');
  assert.equal(attrText(m, 'tf.version'), '1.5.0');
  assert.equal(attrText(m, 'tf.variables'), 6);
  assert.equal(attrText(m, 'tf.variable_bytes'), (784 * 100 + 100 + 100 * 25 + 25 + 25 * 10 + 10) * 4);
  assert.match(String(attrText(m, 'tf.outputs_chosen_by')), /skipped Mean \(a scalar/);
  const bundle = TensorBundle.open(MLP);
  for (const key of ['h1/w', 'h1/b', 'h2/w', 'output/w', 'output/b']) sameFloats(constantAt(m, key), bundle.read(key).data as Float32Array);
  assert.equal(m.attrs.get('litec.synthetic_weights'), undefined);
});

test('MLP checkpoint with --outputs output/output gives logits; a missing .meta is a clear error', { skip }, () => {
  const m = importCheckpoint(MLP, { outputs: ['output/output'] }, reg);
  assert.equal(histogram(m)['tf.Softmax'], undefined);
  assert.equal(m.main().resultName(0), 'output/output');
  assert.throws(
    () => importCheckpoint(sharedModel('savedmodel/mnist_cnn_bn/variables/variables'), {}, reg),
    (e: unknown) => isLitecError(e) && e.diagnostics[0]!.code === Codes.FileNotFound && /variables\.meta: the checkpoint has no MetaGraph/.test(e.diagnostics[0]!.message),
  );
});
