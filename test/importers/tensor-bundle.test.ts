// TensorBundle reader against real TensorFlow checkpoints (TF1.5, 1.14, 2.10, 2.14), and the writer against TF's bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c as awsCrc32c } from '@aws-crypto/crc32c';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { DT } from '../../src/importers/tf/dtypes.js';
import { decodeSavedModel, shapeDims } from '../../src/importers/tf/proto/index.js';
import {
  crc32c,
  crc32cExtend,
  maskCrc,
  TensorBundle,
  unmaskCrc,
  writeTensorBundle,
  type BundleTensor,
} from '../../src/importers/tf/tensor-bundle/index.js';
import { ByteReader } from '../../src/importers/tf/tensor-bundle/byte-reader.js';
import { parseBlock } from '../../src/importers/tf/tensor-bundle/sstable-read.js';
import { snappyUncompress } from '../../src/importers/tf/tensor-bundle/snappy.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

const skip = skipUnlessShared();
const tmp = mkdtempSync(join(tmpdir(), 'litec-bundle-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BUNDLES = {
  tf1_14: 'savedmodel/half_plus_two_tf1/variables/variables',
  tf2_14: 'savedmodel/half_plus_two_tf2/variables/variables',
  tf2_10: 'savedmodel/mnist_cnn_bn/variables/variables',
  tf1_5: 'tf1/mnist_mlp_checkpoint/fc2.ckpt',
} as const;

/** Compression type byte of the index block and of each data block of a table file. */
function blockTypes(bytes: Uint8Array): { index: number; data: number[] } {
  const fail = (why: string): never => assert.fail(why);
  const footer = new ByteReader(bytes, fail, bytes.length - 48);
  footer.varint64();
  footer.varint64();
  const offset = footer.varint64();
  const size = footer.varint64();
  const index = bytes[offset + size]!;
  const contents = bytes.subarray(offset, offset + size);
  const block = index === 1 ? snappyUncompress(contents, fail) : contents;
  const data = parseBlock(block, fail).map((e) => {
    const h = new ByteReader(e.value, fail);
    const o = h.varint64();
    return bytes[o + h.varint64()]!;
  });
  return { index, data };
}

function scalar(bundle: TensorBundle, key: string): number {
  const v = bundle.read(key);
  assert.deepEqual(v.shape, []);
  return Number((v.data as Float32Array | Int32Array)[0]);
}

test('crc32c matches @aws-crypto/crc32c and the standard check value; masking inverts', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131) & 0xff);
  for (const n of [0, 1, 7, 8, 9, 63, 64, 65, 999]) assert.equal(crc32c(data.subarray(0, n)), awsCrc32c(data.subarray(0, n)), `n=${n}`);
  assert.equal(crc32cExtend(crc32c(data.subarray(0, 10)), data.subarray(10)), crc32c(data), 'extend = one pass');
  const c = crc32c(data);
  assert.notEqual(maskCrc(c), c);
  assert.equal(unmaskCrc(maskCrc(c)), c);
  assert.equal(maskCrc(0), 0xa282ead8);
});

test('every tensor of every real bundle reads with its checksum verified', { skip }, () => {
  const counts: Record<string, number> = {};
  for (const [name, rel] of Object.entries(BUNDLES)) {
    const bundle = TensorBundle.open(sharedModel(rel));
    assert.equal(bundle.numShards, 1);
    assert.equal(bundle.header.version?.producer, 1);
    for (const key of bundle.keys()) {
      const v = bundle.read(key);
      const e = bundle.entry(key);
      assert.deepEqual(v.shape, e.shape);
      assert.equal(v.dtype, e.dtype);
      if (v.dtype !== DT.STRING) assert.equal(v.raw?.length, e.size, key);
    }
    counts[name] = bundle.keys().length;
  }
  assert.deepEqual(counts, { tf1_14: 5, tf2_14: 4, tf2_10: 64, tf1_5: 21 });
});

test('the real indexes cover both block encodings: snappy (TF 1.14, 2.14) and none (TF 1.5, 2.10)', { skip }, () => {
  const types = (rel: string) => blockTypes(readFileSync(sharedModel(`${rel}.index`)));
  assert.deepEqual(types(BUNDLES.tf1_14).data, [1]);
  assert.deepEqual(types(BUNDLES.tf2_14).data, [1]);
  assert.deepEqual(types(BUNDLES.tf2_10), { index: 0, data: [0] });
  assert.deepEqual(types(BUNDLES.tf1_5), { index: 0, data: [0] });
});

test('half_plus_two variables hold a = 0.5, b = 2, c = 3 (TF1 snappy index, TF2 object-based keys)', { skip }, () => {
  const tf1 = TensorBundle.open(sharedModel(BUNDLES.tf1_14));
  assert.deepEqual(tf1.keys(), ['a', 'a2', 'b', 'c', 'c2']);
  assert.deepEqual(['a', 'b', 'c'].map((k) => scalar(tf1, k)), [0.5, 2, 3]);
  const tf2 = TensorBundle.open(sharedModel(BUNDLES.tf2_14));
  assert.deepEqual(['a', 'b', 'c'].map((k) => scalar(tf2, `${k}/.ATTRIBUTES/VARIABLE_VALUE`)), [0.5, 2, 3]);
  const graph = tf2.objectGraph();
  assert.ok(graph !== undefined);
  assert.equal(graph.nodes.length, 24);
  const root = graph.nodes[0]!;
  const a = graph.nodes[root.children.find((c) => c.local_name === 'a')!.node_id]!;
  assert.deepEqual(a.attributes.map((t) => [t.name, t.checkpoint_key]), [['VARIABLE_VALUE', 'a/.ATTRIBUTES/VARIABLE_VALUE']]);
});

test('TF1.5 MLP checkpoint: variables, Adam slots, global_step', { skip }, () => {
  const b = TensorBundle.open(sharedModel(`${BUNDLES.tf1_5}.index`));
  assert.deepEqual(b.entry('h1/w').shape, [784, 100]);
  assert.deepEqual(b.entry('h2/w/Adam_1').shape, [100, 25]);
  assert.deepEqual(b.entry('output/b').shape, [10]);
  assert.equal(scalar(b, 'global_step'), 20000);
  const w = b.read('h1/w').data as Float32Array;
  assert.ok(w instanceof Float32Array && w.length === 78400);
  assert.ok(w.some((x) => x !== 0) && w.every(Number.isFinite));
});

test('mnist_cnn_bn checkpoint agrees with the SavedModel object graph', { skip }, () => {
  const bundle = TensorBundle.open(sharedModel(BUNDLES.tf2_10));
  const graph = bundle.objectGraph()!;
  assert.equal(graph.nodes.length, 279);
  const model = decodeSavedModel(readFileSync(sharedModel('savedmodel/mnist_cnn_bn/saved_model.pb')), 'mnist');
  const saved = model.meta_graphs[0]!.object_graph_def!;
  let checked = 0;
  // Node ids are shared by the checkpoint's and the SavedModel's object graphs.
  saved.nodes.forEach((node, id) => {
    if (node.kind !== 'variable') return;
    const key = graph.nodes[id]?.attributes.find((a) => a.name === 'VARIABLE_VALUE')?.checkpoint_key;
    assert.ok(key !== undefined, `variable ${node.variable?.name} has a checkpoint key`);
    assert.deepEqual(bundle.entry(key).shape, shapeDims(node.variable!.shape), key);
    checked++;
  });
  assert.equal(checked, 63);
  const variance = bundle.read('layer_with_weights-1/moving_variance/.ATTRIBUTES/VARIABLE_VALUE').data as Float32Array;
  assert.ok(variance.every((v) => v > 0), 'batch-norm variances are positive');
  const iter = bundle.read('optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE');
  assert.equal(iter.dtype, DT.INT64);
  assert.ok((iter.data as BigInt64Array)[0]! > 0n);
});

test('mobilenet_v2_no_weights: index opens; reading a variable names the key and the missing data file', { skip }, () => {
  const bundle = TensorBundle.open(sharedModel('savedmodel/mobilenet_v2_no_weights/variables/variables'));
  assert.equal(bundle.keys().length, 263);
  const key = 'layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE';
  assert.deepEqual(bundle.entry(key).shape, [3, 3, 3, 32]);
  assert.throws(() => bundle.read(key), (e: unknown) => {
    assert.ok(isLitecError(e));
    const d = e.diagnostics[0]!;
    assert.equal(d.code, Codes.MissingWeights);
    assert.ok(d.message.includes(key), d.message);
    assert.ok(d.message.includes('variables.data-00000-of-00001'), d.message);
    assert.match(d.message, /--allow-missing-weights/);
    assert.equal(d.file, sharedModel('savedmodel/mobilenet_v2_no_weights/variables/variables.data-00000-of-00001'));
    return true;
  });
});

test('the writer reproduces TensorFlow\'s uncompressed bundles byte for byte', { skip }, () => {
  for (const rel of [BUNDLES.tf1_5, BUNDLES.tf2_10]) {
    const original = TensorBundle.open(sharedModel(rel));
    // TensorFlow lays data out in the order it added tensors, which the entry offsets record.
    const keys = original.keys().sort((x, y) => original.entry(x).offset - original.entry(y).offset);
    const tensors: BundleTensor[] = keys.map((key) => {
      const v = original.read(key);
      return { name: key, dtype: v.dtype, shape: v.shape, data: v.strings ?? v.halfBits ?? v.data };
    });
    const out = join(tmp, rel.replace(/\//g, '_'));
    const written = writeTensorBundle(out, tensors);
    assert.ok(readFileSync(written.indexFile).equals(readFileSync(sharedModel(`${rel}.index`))), `${rel}.index`);
    assert.ok(readFileSync(written.dataFile).equals(readFileSync(sharedModel(`${rel}.data-00000-of-00001`))), `${rel} data`);
  }
});

test('compressed writes use snappy blocks that the reader reads back', () => {
  const tensors: BundleTensor[] = Array.from({ length: 300 }, (_, i) => ({
    name: `model/layer_${String(i).padStart(3, '0')}/kernel/.ATTRIBUTES/VARIABLE_VALUE`,
    dtype: 'float32',
    shape: [2],
    data: [i, -i],
  }));
  const prefix = join(tmp, 'snappy', 'ckpt');
  writeTensorBundle(prefix, tensors, { compress: true, blockSize: 4096 });
  const types = blockTypes(readFileSync(`${prefix}.index`));
  assert.ok(types.data.length > 1 && types.data.every((t) => t === 1), `blocks ${JSON.stringify(types)}`);
  const bundle = TensorBundle.open(prefix);
  assert.equal(bundle.keys().length, 300);
  assert.deepEqual(Array.from(bundle.read(tensors[123]!.name).data as Float32Array), [123, -123]);
});

test('unknown keys and unknown files are clear errors', { skip }, () => {
  const bundle = TensorBundle.open(sharedModel(BUNDLES.tf1_14));
  assert.throws(() => bundle.entry('nope'), (e: unknown) => isLitecError(e) && e.diagnostics[0]?.code === Codes.MissingVariable && /no tensor "nope"/.test(e.message));
  assert.throws(() => TensorBundle.open(join(tmp, 'absent')), (e: unknown) => isLitecError(e) && e.diagnostics[0]?.code === Codes.FileNotFound);
});
