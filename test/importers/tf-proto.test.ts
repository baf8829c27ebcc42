// TensorFlow protobuf decoding: real SavedModels, a frozen GraphDef and a TF1 MetaGraph, plus schema and error checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { DT, allDtypes, dtypeByName, dtypeInfo, dtypeName, dtypeSize } from '../../src/importers/tf/dtypes.js';
import {
  attrString,
  decodeGraphDef,
  decodeMetaGraphDef,
  decodeSavedModel,
  encodeMessage,
  shapeDims,
  tensorProtoToValue,
  type GraphDef,
  type NodeDef,
  type SignatureDef,
} from '../../src/importers/tf/proto/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

const skip = skipUnlessShared();

function histogram(nodes: readonly NodeDef[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const n of nodes) h[n.op] = (h[n.op] ?? 0) + 1;
  return h;
}

function allNodes(g: GraphDef): NodeDef[] {
  return [...g.node, ...(g.library?.function.flatMap((f) => f.node_def) ?? [])];
}

function signature(sig: SignatureDef | undefined): string {
  assert.ok(sig !== undefined, 'signature exists');
  const side = (m: SignatureDef['inputs']) =>
    Object.entries(m).map(([k, t]) => `${k}:${dtypeName(t.dtype)}[${shapeDims(t.tensor_shape)?.join(',')}]`).join(' ');
  return `${side(sig.inputs)} -> ${side(sig.outputs)}`;
}

function expectLitec(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLitecError(e), `expected a LitecError, got ${String(e)}`);
    assert.equal(e.diagnostics[0]?.code, code);
    assert.match(e.diagnostics[0]?.message ?? '', pattern);
    return true;
  });
}

test('dtype table matches types.proto numbering', () => {
  assert.equal(DT.FLOAT, 1);
  assert.equal(DT.HALF, 19);
  assert.equal(DT.RESOURCE, 20);
  assert.equal(DT.VARIANT, 21);
  assert.equal(dtypeInfo(DT.BFLOAT16)?.name, 'bfloat16');
  assert.equal(dtypeSize(DT.INT64), 8);
  assert.equal(dtypeSize(DT.STRING), 0);
  assert.equal(dtypeName(101), 'float32_ref');
  assert.equal(dtypeName(77), 'DataType(77)');
  assert.equal(dtypeByName('float16')?.id, DT.HALF);
  const ids = allDtypes().map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
});

test('half_plus_two TF1 SavedModel: tags, version, signatures, constants', { skip }, () => {
  const model = decodeSavedModel(readFileSync(sharedModel('savedmodel/half_plus_two_tf1/saved_model.pb')), 'tf1');
  assert.equal(model.saved_model_schema_version, 1);
  assert.equal(model.meta_graphs.length, 1);
  const mg = model.meta_graphs[0]!;
  assert.deepEqual(mg.meta_info_def?.tags, ['serve']);
  assert.equal(mg.meta_info_def?.tensorflow_version, '1.14.0');
  const g = mg.graph_def!;
  assert.equal(g.node.length, 74);
  assert.equal(g.versions?.producer, 149);
  assert.equal(g.library, null, 'TF1 graphs have no function library');
  assert.equal(histogram(g.node)['VariableV2'], 6);
  assert.equal(signature(mg.signature_def['serving_default']), 'x:float32[-1,1] -> y:float32[-1,1]');
  assert.equal(mg.signature_def['serving_default']?.inputs['x']?.name, 'x:0');
  assert.equal(mg.signature_def['serving_default']?.method_name, 'tensorflow/serving/predict');
  const init = (name: string) => {
    const node = g.node.find((n) => n.name === name);
    assert.ok(node?.attr['value']?.tensor, `${name} is a Const`);
    return Array.from(tensorProtoToValue(node.attr['value'].tensor).data as Float32Array);
  };
  assert.deepEqual([init('a/initial_value'), init('b/initial_value'), init('c/initial_value')], [[0.5], [2], [3]]);
  assert.equal(mg.saver_def?.version, 2);
});

test('half_plus_two TF2 SavedModel: functions, object graph, serving_default', { skip }, () => {
  const model = decodeSavedModel(readFileSync(sharedModel('savedmodel/half_plus_two_tf2/saved_model.pb')), 'tf2');
  const mg = model.meta_graphs[0]!;
  assert.equal(mg.meta_info_def?.tensorflow_version, '2.14.0');
  assert.equal(mg.graph_def?.node.length, 29);
  assert.equal(mg.graph_def?.library?.function.length, 14);
  assert.equal(signature(mg.signature_def['serving_default']), 'x:float32[1] -> y:float32[1]');
  assert.equal(Object.keys(mg.signature_def).length, 7);
  const objects = mg.object_graph_def!;
  assert.equal(objects.nodes.length, 24);
  const variables = objects.nodes.filter((o) => o.kind === 'variable').map((o) => o.variable?.name);
  assert.deepEqual(variables, ['a', 'b', 'c']);
  assert.deepEqual(objects.nodes[0]?.children.slice(0, 3).map((c) => c.local_name), ['a', 'b', 'c']);
  assert.equal(Object.keys(objects.concrete_functions).length, 12);
  // The signature's default value is a TensorProto inside a map.
  assert.deepEqual(Array.from(tensorProtoToValue(mg.signature_def['serving_default']!.defaults['x']!).data as Float32Array), [0]);
});

test('mnist_cnn_bn SavedModel: 63 functions with FusedBatchNormV3, input [-1,28,28,1]', { skip }, () => {
  const model = decodeSavedModel(readFileSync(sharedModel('savedmodel/mnist_cnn_bn/saved_model.pb')), 'mnist');
  const mg = model.meta_graphs[0]!;
  const g = mg.graph_def!;
  assert.equal(g.versions?.producer, 1205);
  assert.equal(g.node.length, 133);
  assert.equal(g.library?.function.length, 63);
  const h = histogram(allNodes(g));
  assert.equal(h['FusedBatchNormV3'], 21);
  assert.equal(h['Conv2D'], 15);
  assert.equal(h['MatMul'], 10);
  assert.equal(signature(mg.signature_def['serving_default']), 'conv2d_input:float32[-1,28,28,1] -> dense_1:float32[-1,10]');
  const fn = g.library!.function.find((f) => f.node_def.some((n) => n.op === 'Conv2D'))!;
  const conv = fn.node_def.find((n) => n.op === 'Conv2D')!;
  assert.equal(attrString(conv.attr['padding']), 'VALID');
  assert.deepEqual(conv.attr['strides']?.list?.i, [1, 1, 1, 1]);
  assert.equal(conv.attr['T']?.type, DT.FLOAT);
  assert.equal(conv.attr['T']?.value, 'type');
  assert.deepEqual(fn.signature?.output_arg.map((a) => a.name), ['identity']);
  assert.equal(fn.ret['identity']?.startsWith('Identity:output:0'), true);
  const kernel = mg.object_graph_def!.nodes.find((o) => o.variable?.name === 'conv2d/kernel')!;
  assert.deepEqual(shapeDims(kernel.variable!.shape), [3, 3, 1, 32]);
});

test('mobilenet_v2 SavedModel: 635 functions, Relu6 and depthwise convs', { skip }, () => {
  const model = decodeSavedModel(readFileSync(sharedModel('savedmodel/mobilenet_v2_no_weights/saved_model.pb')), 'mobilenet');
  const mg = model.meta_graphs[0]!;
  const g = mg.graph_def!;
  assert.equal(g.library?.function.length, 635);
  const h = histogram(allNodes(g));
  assert.equal(h['DepthwiseConv2dNative'], 85);
  assert.equal(h['Relu6'], 175);
  assert.equal(h['Pad'], 20);
  assert.equal(signature(mg.signature_def['serving_default']), 'input_1:float32[-1,224,224,3] -> predictions:float32[-1,1000]');
  assert.equal(mg.object_graph_def?.nodes.filter((o) => o.kind === 'variable').length, 262);
});

test('frozen CIFAR GraphDef: 47 nodes, weights in tensor_content', { skip }, () => {
  const g = decodeGraphDef(readFileSync(sharedModel('tf1/cifar_cnn_frozen.pb')), 'cifar_cnn_frozen.pb');
  assert.equal(g.node.length, 47);
  assert.deepEqual(histogram(g.node), {
    Placeholder: 1, Const: 14, Identity: 10, Conv2D: 3, BiasAdd: 5, Relu: 4, MaxPool: 3, Shape: 1, StridedSlice: 1,
    Pack: 1, Reshape: 1, MatMul: 2, Softmax: 1,
  });
  const input = g.node.find((n) => n.op === 'Placeholder')!;
  assert.equal(input.name, 'conv2d_input');
  assert.deepEqual(shapeDims(input.attr['shape']?.shape ?? null), [-1, 32, 32, 3]);
  const kernel = g.node.find((n) => n.name === 'dense/kernel')!;
  const value = tensorProtoToValue(kernel.attr['value']!.tensor!);
  assert.deepEqual(value.shape, [512, 1024]);
  assert.ok(value.data instanceof Float32Array && value.data.length === 512 * 1024);
  const absMax = value.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(absMax > 0.01 && absMax < 10, `trained weights have a plausible range (${absMax})`);
  const minusOne = g.node.find((n) => n.name === 'flatten/Reshape/shape/1')!;
  assert.deepEqual(Array.from(tensorProtoToValue(minusOne.attr['value']!.tensor!).data as Int32Array), [-1]);
});

test('TF1.5 checkpoint MetaGraph: VariableV2, SaveV2/RestoreV2, saver_def', { skip }, () => {
  const mg = decodeMetaGraphDef(readFileSync(sharedModel('tf1/mnist_mlp_checkpoint/fc2.ckpt.meta')), 'fc2.ckpt.meta');
  assert.equal(mg.meta_info_def?.tensorflow_version, '1.5.0');
  assert.equal(mg.graph_def?.node.length, 406);
  const h = histogram(mg.graph_def!.node);
  assert.equal(h['VariableV2'], 21);
  assert.equal(h['RestoreV2'], 21);
  assert.equal(h['SaveV2'], 1);
  assert.equal(mg.saver_def?.restore_op_name, 'save/restore_all');
  assert.equal(mg.saver_def?.max_to_keep, 5);
  assert.equal(mg.meta_info_def?.stripped_op_list?.op.length, 33);
});

test('every AttrValue member and the GraphDef fields round-trip through the schema', () => {
  const graph = {
    node: [
      {
        name: 'n',
        op: 'Op',
        input: ['a', 'b:1', '^c'],
        device: '/cpu:0',
        attr: {
          s: { s: new TextEncoder().encode('SAME') },
          i: { i: -7 },
          f: { f: 0.5 },
          b: { b: true },
          type: { type: DT.HALF },
          shape: { shape: { dim: [{ size: -1 }, { size: 4, name: 'c' }] } },
          unknown: { shape: { unknown_rank: true } },
          tensor: { tensor: { dtype: DT.INT32, tensor_shape: { dim: [{ size: 2 }] }, int_val: [3, 4] } },
          list: { list: { i: [1, 2], f: [1.5], type: [DT.FLOAT, DT.INT8], s: [new Uint8Array([65])], b: [false, true] } },
          func: { func: { name: 'f', attr: { T: { type: DT.FLOAT } } } },
          placeholder: { placeholder: 'T' },
          zero: { i: 0 },
        },
        experimental_debug_info: { original_node_names: ['orig'] },
      },
    ],
    versions: { producer: 42, min_consumer: 12 },
    library: { function: [{ signature: { name: 'f', input_arg: [{ name: 'x', type_attr: 'T' }] }, ret: { y: 'n:out:0' }, arg_attr: { 0: { attr: {} } } }] },
  };
  const g = decodeGraphDef(encodeMessage('GraphDef', graph), 'synthetic.pb');
  const a = g.node[0]!.attr;
  assert.equal(g.node[0]!.device, '/cpu:0');
  assert.deepEqual(g.node[0]!.input, ['a', 'b:1', '^c']);
  assert.equal(attrString(a['s']), 'SAME');
  assert.equal(a['s']?.value, 's');
  assert.equal(a['i']?.i, -7);
  assert.equal(a['f']?.f, 0.5);
  assert.equal(a['b']?.b, true);
  assert.equal(a['type']?.type, DT.HALF);
  assert.deepEqual(shapeDims(a['shape']?.shape ?? null), [-1, 4]);
  assert.equal(a['shape']?.shape?.dim[1]?.name, 'c');
  assert.equal(shapeDims(a['unknown']?.shape ?? null), null);
  assert.deepEqual(Array.from(tensorProtoToValue(a['tensor']!.tensor!).data as Int32Array), [3, 4]);
  assert.deepEqual(a['list']?.list?.i, [1, 2]);
  assert.deepEqual(a['list']?.list?.type, [DT.FLOAT, DT.INT8]);
  assert.deepEqual(a['list']?.list?.b, [false, true]);
  assert.equal(a['func']?.func?.attr['T']?.type, DT.FLOAT);
  assert.equal(a['placeholder']?.placeholder, 'T');
  assert.equal(a['zero']?.value, 'i', 'a oneof member set to 0 is still present');
  assert.equal(a['zero']?.i, 0);
  assert.deepEqual(g.node[0]!.experimental_debug_info?.original_node_names, ['orig']);
  assert.deepEqual(g.versions, { producer: 42, min_consumer: 12, bad_consumers: [] });
  assert.equal(g.library?.function[0]?.signature?.input_arg[0]?.type_attr, 'T');
  assert.equal(g.library?.function[0]?.ret['y'], 'n:out:0');
  assert.ok(g.library?.function[0]?.arg_attr['0'] !== undefined);
});

test('unknown fields are skipped', () => {
  const known = encodeMessage('GraphDef', { node: [{ name: 'x', op: 'NoOp' }] });
  // Field 99 (varint), field 98 (length-delimited), field 97 (fixed64), field 96 (fixed32), field 95 (group).
  const extra = [0x98, 0x06, 0x2a, 0x92, 0x06, 0x02, 0x01, 0x02, 0x89, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 0x85, 0x06, 1, 2, 3, 4, 0xfb, 0x05, 0xfc, 0x05];
  const bytes = Uint8Array.from([...extra, ...known, ...extra]);
  const g = decodeGraphDef(bytes, 'extra.pb');
  assert.deepEqual(g.node.map((n) => n.name), ['x']);
});

test('corrupt protobufs give one-line CorruptFile errors naming the file', { skip }, () => {
  const bytes = readFileSync(sharedModel('savedmodel/half_plus_two_tf1/saved_model.pb'));
  expectLitec(() => decodeSavedModel(bytes.subarray(0, bytes.length - 100), 'm/saved_model.pb'), Codes.CorruptFile,
    /^m\/saved_model\.pb: not a valid SavedModel protobuf \(.+\)$/);
  expectLitec(() => decodeGraphDef(new Uint8Array(0), 'empty.pb'), Codes.CorruptFile, /empty\.pb: not a valid GraphDef protobuf \(the file is empty\)/);
  expectLitec(() => decodeSavedModel(Uint8Array.of(0x08, 0x01), 'nometa.pb'), Codes.CorruptFile, /has no MetaGraphDef/);
  expectLitec(() => decodeGraphDef(Uint8Array.of(0x0f), 'wiretype.pb'), Codes.CorruptFile, /wiretype\.pb: not a valid GraphDef protobuf/);
  // A tensor nested 50k levels deep (TensorProto.variant_val -> VariantTensorDataProto.tensors -> ...): deeper
  // than the stack; it must become an error, not a crash.
  expectLitec(() => decodeGraphDef(deeplyNestedGraph(50_000), 'deep.pb'), Codes.CorruptFile, /deep\.pb: not a valid GraphDef protobuf \(messages nested too deeply\)/);
});

function varintBytes(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** GraphDef { node { attr { key: "k" value { tensor: T_depth } } } }, T_0 = {}, T_k = { variant_val { tensors: T_k-1 } }. */
function deeplyNestedGraph(depth: number): Uint8Array {
  const tensorSizes = [0];
  const variantSizes = [0];
  for (let k = 1; k <= depth; k++) {
    const inner = tensorSizes[k - 1]!;
    const variant = 1 + varintBytes(inner).length + inner;
    variantSizes.push(variant);
    tensorSizes.push(1 + varintBytes(variant).length + variant);
  }
  const out: number[] = [];
  const top = tensorSizes[depth]!;
  const attr = 1 + varintBytes(top).length + top;
  const entry = 3 + 1 + varintBytes(attr).length + attr;
  const node = 1 + varintBytes(entry).length + entry;
  out.push(0x0a, ...varintBytes(node), 0x2a, ...varintBytes(entry), 0x0a, 0x01, 0x6b, 0x12, ...varintBytes(attr), 0x42, ...varintBytes(top));
  for (let k = depth; k >= 1; k--) {
    out.push(0x7a, ...varintBytes(variantSizes[k]!), 0x1a, ...varintBytes(tensorSizes[k - 1]!));
  }
  return Uint8Array.from(out);
}
