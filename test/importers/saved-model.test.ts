// SavedModel import on the shared real models: TF1 (VariableV2) and TF2/Keras (inlined functions, captured
// resources resolved through the object graphs), signatures, module attributes, numerics of half_plus_two, and
// missing weights (an error, or seeded values with --allow-missing-weights).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { denseToFloat32 } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import type { Module } from '../../src/ir/core.js';
import { locName } from '../../src/ir/loc.js';
import { printType } from '../../src/ir/types.js';
import { importFrozenGraph, importSavedModel } from '../../src/importers/tf/import-tf.js';
import { TensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { constantAt, histogram, moduleAttr as attr } from './tf-import-helpers.js';
import { missingTfKernels, tfInterpreter } from './tf-import-kernels.js';
import { skipUnlessTfDialect, tfTestRegistry } from './tf-import-registry.js';

const skip = skipUnlessShared();
const reg = tfTestRegistry();
const model = (name: string): string => sharedModel(`savedmodel/${name}`);

function checksum(data: Float32Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i]! * ((i % 7) + 1);
  return s;
}

function expectError(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLitecError(e), `expected a LitecError, got ${String(e)}`);
    assert.equal(e.diagnostics[0]?.code, code, e.message);
    assert.match(e.message, pattern);
    assert.equal(e.message.split('\n').length, 1, 'one line');
    return true;
  });
}

/** y = f(x) through the float interpreter, one batch of scalars. */
async function evaluate(m: Module, xs: number[], shape: number[]): Promise<number[]> {
  const it = await tfInterpreter(m);
  try {
    const [out] = await it.run([Float32Array.from(xs)], { shapes: [shape] });
    return Array.from(out!.data as Float32Array);
  } finally {
    it.dispose();
  }
}

const XS = [0, 1, 2, -3.5, 100, 0.25];

test('half_plus_two TF1: VariableV2 restored by name, signature x:0 -> y:0, y = x/2 + 2', { skip }, async () => {
  const m = importSavedModel(model('half_plus_two_tf1'), {}, reg);
  assert.deepEqual(histogram(m), { 'arith.constant': 2, 'tf.Mul': 1, 'tf.Add': 1 });
  const f = m.main();
  assert.equal(f.argName(0), 'x');
  assert.equal(printType(f.args[0]!.type), 'tensor<?x1xf32>');
  assert.equal(f.resultName(0), 'y');
  assert.equal(attr(m, 'tf.format'), 'saved-model');
  assert.equal(attr(m, 'tf.version'), '1.14.0');
  assert.equal(attr(m, 'tf.producer'), 149);
  assert.equal(attr(m, 'tf.signature'), 'serving_default');
  assert.equal(attr(m, 'tf.variables'), 2);
  assert.equal(attr(m, 'tf.variable_bytes'), 8);
  assert.deepEqual(Array.from(denseToFloat32(constantAt(m, 'a'))), [0.5]);
  assert.deepEqual(Array.from(denseToFloat32(constantAt(m, 'b'))), [2]);
  const ys = await evaluate(m, XS, [XS.length, 1]);
  assert.deepEqual(ys, XS.map((x) => x / 2 + 2));
});

test('half_plus_two TF2: the call is inlined and the captured a, b resolve through the object graphs', { skip }, async () => {
  const m = importSavedModel(model('half_plus_two_tf2'), {}, reg);
  assert.deepEqual(histogram(m), { 'arith.constant': 2, 'tf.Mul': 1, 'tf.AddV2': 1 });
  assert.equal(printType(m.main().args[0]!.type), 'tensor<1xf32>');
  assert.equal(attr(m, 'tf.version'), '2.14.0');
  assert.equal(attr(m, 'tf.inlined_calls'), 2);
  assert.equal(attr(m, 'tf.variables'), 2);
  // The constants carry the TF2 variable handles' names; their values come from the bundle's object-graph keys.
  const bundle = TensorBundle.open(join(model('half_plus_two_tf2'), 'variables', 'variables'));
  assert.deepEqual(Array.from(denseToFloat32(constantAt(m, 'a'))), Array.from(bundle.read('a/.ATTRIBUTES/VARIABLE_VALUE').data as Float32Array));
  for (const x of XS) assert.deepEqual(await evaluate(m, [x], [1]), [x / 2 + 2]);
  if (missingTfKernels(m).length) console.log(`  (fallback test kernels used for ${missingTfKernels(m).join(', ')})`);
});

test('other signatures: regress_x2_to_y3 imports; a ParseExample signature lists its unsupported ops; unknown ones list the choices', { skip }, () => {
  const m = importSavedModel(model('half_plus_two_tf1'), { signature: 'regress_x2_to_y3' }, reg);
  assert.equal(m.main().argName(0), 'inputs');
  assert.equal(m.main().resultName(0), 'outputs');
  assert.deepEqual(histogram(m), { 'arith.constant': 2, 'tf.Mul': 1, 'tf.Add': 1 });
  expectError(() => importSavedModel(model('half_plus_two_tf2'), { signature: 'classify_x_to_y' }, reg), Codes.UnsupportedOp, /unsupported TF ops: .*ParseExampleV2 \(node "ParseExample\/ParseExampleV2"\)/);
  expectError(
    () => importSavedModel(model('half_plus_two_tf2'), { signature: 'predict' }, reg),
    Codes.BadSignature,
    /no signature "predict" \(available: classify_x2_to_y3, classify_x_to_y, regress_x2_to_y3, regress_x_to_y, regress_x_to_y2, serving_default\)/,
  );
});

test('mnist_cnn_bn: Keras layers inlined, 22 model variables read (no optimizer slots), locations kept', { skip }, () => {
  const m = importSavedModel(model('mnist_cnn_bn'), {}, reg);
  const h = histogram(m);
  assert.deepEqual(
    { conv: h['tf.Conv2D'], bn: h['tf.FusedBatchNormV3'], pool: h['tf.MaxPool'], matmul: h['tf.MatMul'], softmax: h['tf.Softmax'], bias: h['tf.BiasAdd'], relu: h['tf.Relu'], reshape: h['tf.Reshape'], consts: h['arith.constant'] },
    { conv: 3, bn: 3, pool: 2, matmul: 2, softmax: 1, bias: 5, relu: 4, reshape: 1, consts: 23 },
  );
  assert.equal(Object.keys(h).filter((k) => !['tf.Conv2D', 'tf.FusedBatchNormV3', 'tf.MaxPool', 'tf.MatMul', 'tf.Softmax', 'tf.BiasAdd', 'tf.Relu', 'tf.Reshape', 'arith.constant'].includes(k)).length, 0, JSON.stringify(h));
  const f = m.main();
  assert.equal(f.argName(0), 'conv2d_input');
  assert.equal(printType(f.args[0]!.type), 'tensor<?x28x28x1xf32>');
  assert.equal(f.resultName(0), 'dense_1');
  assert.equal(printType(f.resultTypes[0]!), 'tensor<?x10xf32>');
  assert.ok([...f.ops()].some((o) => locName(o.loc) === 'sequential/conv2d/Conv2D' && o.name === 'tf.Conv2D'));
  assert.equal(attr(m, 'tf.producer'), 1205);
  assert.equal(attr(m, 'tf.variables'), 22);
  const bundle = TensorBundle.open(join(model('mnist_cnn_bn'), 'variables', 'variables'));
  const modelKeys = bundle.keys().filter((k) => k.startsWith('layer_with_weights-') && !k.includes('OPTIMIZER_SLOT'));
  assert.equal(modelKeys.length, 22);
  assert.equal(attr(m, 'tf.variable_bytes'), modelKeys.reduce((n, k) => n + bundle.entry(k).size, 0));
  // Weight values through the importer equal the bundle's, by checksum; reads through captured resources.
  const pairs: [string, string][] = [
    ['conv2d/kernel', 'layer_with_weights-0/kernel'],
    ['batch_normalization/moving_variance', 'layer_with_weights-1/moving_variance'],
    ['dense_1/bias', 'layer_with_weights-7/bias'],
  ];
  for (const [node, key] of pairs) {
    const c = denseToFloat32(constantAt(m, node));
    const v = bundle.read(`${key}/.ATTRIBUTES/VARIABLE_VALUE`).data as Float32Array;
    assert.equal(checksum(c), checksum(v), node);
  }
});

test('--batch-size 1 gives mnist_cnn_bn static shapes throughout', { skip: skip || skipUnlessTfDialect() }, () => {
  const m = importSavedModel(model('mnist_cnn_bn'), { batchSize: 1 }, reg);
  assert.equal(printType(m.main().args[0]!.type), 'tensor<1x28x28x1xf32>');
  assert.equal(printType(m.main().resultTypes[0]!), 'tensor<1x10xf32>');
});

test('mobilenet_v2_no_weights: without the data shard, one error naming the variable and the file', { skip }, () => {
  expectError(() => importSavedModel(model('mobilenet_v2_no_weights'), {}, reg), Codes.MissingWeights, /variables\.data-00000-of-00001: .*missing checkpoint data file holding variable "Conv1\/kernel".*--allow-missing-weights/);
});

test('mobilenet_v2_no_weights with --allow-missing-weights: full graph, deterministic seeded weights', { skip }, () => {
  const m = importSavedModel(model('mobilenet_v2_no_weights'), { allowMissingWeights: true }, reg);
  const h = histogram(m);
  assert.deepEqual(
    { conv: h['tf.Conv2D'], dw: h['tf.DepthwiseConv2dNative'], bn: h['tf.FusedBatchNormV3'], relu6: h['tf.Relu6'], pad: h['tf.Pad'], add: h['tf.AddV2'], mean: h['tf.Mean'], matmul: h['tf.MatMul'], bias: h['tf.BiasAdd'], softmax: h['tf.Softmax'] },
    { conv: 35, dw: 17, bn: 52, relu6: 35, pad: 4, add: 10, mean: 1, matmul: 1, bias: 1, softmax: 1 },
  );
  assert.equal(printType(m.main().args[0]!.type), 'tensor<?x224x224x3xf32>');
  assert.equal(m.main().argName(0), 'input_1');
  assert.equal(printType(m.main().resultTypes[0]!), 'tensor<?x1000xf32>');
  assert.equal(attr(m, 'litec.synthetic_weights'), true);
  assert.equal(attr(m, 'tf.variables'), 262);
  assert.equal(attr(m, 'tf.version'), '2.5.0-dev20210228');
  // Shapes come from the index; the seeded values have the ranges their layers expect.
  assert.equal(printType(constantAt(m, 'Conv1/kernel').type), 'tensor<3x3x3x32xf32>');
  for (const op of m.main().ops()) {
    const name = locName(op.loc) ?? '';
    const c = constantValue(op);
    if (c === undefined) continue;
    const d = denseToFloat32(c);
    if (name.endsWith('moving_variance')) assert.ok(d.every((x) => x >= 0.5 && x <= 1.5), name);
    if (name.endsWith('gamma')) assert.ok(d.every((x) => Math.abs(x - 1) <= 0.05), name);
    if (name.endsWith('kernel') && d.length > 1000) {
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      assert.ok(Math.abs(mean) < 0.05, `${name} mean ${mean}`);
    }
  }
  const again = importSavedModel(model('mobilenet_v2_no_weights'), { allowMissingWeights: true }, reg);
  for (const name of ['Conv1/kernel', 'block_16_project/kernel', 'predictions/kernel']) {
    assert.equal(checksum(denseToFloat32(constantAt(m, name))), checksum(denseToFloat32(constantAt(again, name))), name);
  }
});

test('a saved_model.pb path means its SavedModel; --inputs/--outputs pick tensors inside a SavedModel', { skip }, () => {
  const direct = importFrozenGraph(join(model('half_plus_two_tf1'), 'saved_model.pb'), {}, reg);
  assert.equal(attr(direct, 'tf.format'), 'saved-model');
  assert.equal(attr(direct, 'tf.signature'), 'serving_default');
  const named = importSavedModel(model('half_plus_two_tf1'), { inputs: ['x'], outputs: ['y2'] }, reg);
  assert.deepEqual(histogram(named), { 'arith.constant': 2, 'tf.Mul': 1, 'tf.Add': 1 });
  assert.equal(named.main().resultName(0), 'y2');
  assert.deepEqual(Array.from(denseToFloat32(constantAt(named, 'c'))), [3]);
  assert.equal(attr(named, 'tf.outputs_chosen_by'), '--outputs');
  expectError(() => importSavedModel(model('half_plus_two_tf1'), { inputs: ['x', 'x:0'], outputs: ['y'] }, reg), Codes.BadFlag, /--inputs names "x:0" twice/);
});
