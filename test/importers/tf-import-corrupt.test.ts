// Damaged TF model files through the whole importer: truncated protobufs, a flipped data byte (CRC mismatch), a
// wrong index magic, a missing variables/ folder, and a fast-check mutation test showing only LitecError escapes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { importCheckpoint, importFrozenGraph, importSavedModel } from '../../src/importers/tf/import-tf.js';
import { TensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';
import { decodeGraphDef, decodeSavedModel, encodeMessage, type GraphDef } from '../../src/importers/tf/proto/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { tfTestRegistry } from './tf-import-registry.js';

const skip = skipUnlessShared();
const reg = tfTestRegistry();
const tmp = mkdtempSync(join(tmpdir(), 'litec-tfimport-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A writable copy of a shared SavedModel folder. */
function copyModel(name: string, as: string): string {
  const dir = join(tmp, as);
  cpSync(sharedModel(`savedmodel/${name}`), dir, { recursive: true });
  return dir;
}

function expectError(fn: () => unknown, code: string, file: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLitecError(e), `expected a LitecError, got ${String(e)}`);
    const d = e.diagnostics[0]!;
    assert.equal(d.code, code, e.message);
    assert.equal(e.diagnostics.length, 1);
    assert.equal(e.message.split('\n').length, 1, 'one line');
    assert.ok(e.message.includes(file), `"${e.message}" names ${file}`);
    assert.match(d.message, pattern);
    return true;
  });
}

test('a truncated saved_model.pb or GraphDef is a one-line error naming the file', { skip }, () => {
  const dir = copyModel('half_plus_two_tf2', 'truncated');
  const pb = join(dir, 'saved_model.pb');
  const bytes = readFileSync(pb);
  writeFileSync(pb, bytes.subarray(0, Math.floor(bytes.length / 2)));
  expectError(() => importSavedModel(dir, {}, reg), Codes.CorruptFile, pb, /not a valid SavedModel protobuf/);
  const frozen = join(tmp, 'truncated.pb');
  const g = readFileSync(sharedModel('tf1/cifar_cnn_frozen.pb'));
  writeFileSync(frozen, g.subarray(0, 1000));
  expectError(() => importFrozenGraph(frozen, {}, reg), Codes.CorruptFile, frozen, /not a valid GraphDef protobuf/);
  writeFileSync(frozen, new Uint8Array(0));
  expectError(() => importFrozenGraph(frozen, {}, reg), Codes.CorruptFile, frozen, /the file is empty/);
});

test('a flipped byte in a weight of the data shard fails its CRC32C check', { skip }, () => {
  const dir = copyModel('mnist_cnn_bn', 'flipped');
  const prefix = join(dir, 'variables', 'variables');
  const entry = TensorBundle.open(prefix).entry('layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE');
  const data = `${prefix}.data-00000-of-00001`;
  const bytes = readFileSync(data);
  bytes[entry.offset + 17] = bytes[entry.offset + 17]! ^ 0x40;
  writeFileSync(data, bytes);
  expectError(() => importSavedModel(dir, {}, reg), Codes.ChecksumMismatch, data, /fails its CRC32C check/);
});

test('a wrong index magic names the index file', { skip }, () => {
  const dir = copyModel('half_plus_two_tf1', 'magic');
  const index = join(dir, 'variables', 'variables.index');
  const bytes = readFileSync(index);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  writeFileSync(index, bytes);
  expectError(() => importSavedModel(dir, {}, reg), Codes.BadMagic, index, /not a TensorBundle index/);
});

test('a SavedModel without its variables/ folder: an error naming it, or seeded weights when allowed', { skip }, () => {
  const dir = join(tmp, 'novars');
  mkdirSync(dir);
  copyFileSync(sharedModel('savedmodel/mnist_cnn_bn/saved_model.pb'), join(dir, 'saved_model.pb'));
  expectError(() => importSavedModel(dir, {}, reg), Codes.MissingWeights, join(dir, 'variables'), /has no weights: the SavedModel has no variables\/ folder/);
  const m = importSavedModel(dir, { allowMissingWeights: true }, reg);
  assert.equal(m.attrs.get('litec.synthetic_weights')?.kind, 'bool');
  const v = m.attrs.get('tf.variables');
  assert.equal(v?.kind === 'int' && v.value, 22);
});

test('a checkpoint whose .meta is truncated or whose index is missing', { skip }, () => {
  const prefix = join(tmp, 'ckpt');
  const src = sharedModel('tf1/mnist_mlp_checkpoint/fc2.ckpt');
  writeFileSync(`${prefix}.meta`, readFileSync(`${src}.meta`).subarray(0, 5000));
  copyFileSync(`${src}.index`, `${prefix}.index`);
  copyFileSync(`${src}.data-00000-of-00001`, `${prefix}.data-00000-of-00001`);
  expectError(() => importCheckpoint(prefix, {}, reg), Codes.CorruptFile, `${prefix}.meta`, /not a valid MetaGraphDef protobuf/);
  copyFileSync(`${src}.meta`, `${prefix}.meta`);
  rmSync(`${prefix}.index`);
  expectError(() => importCheckpoint(prefix, {}, reg), Codes.FileNotFound, `${prefix}.index`, /checkpoint index not found/);
});

interface Target {
  /** Writes the mutated bytes and imports them. */
  run(bytes: Uint8Array): void;
  bytes: Uint8Array;
  runs: number;
}

function savedModelTarget(name: string, runs: number): Target {
  const dir = copyModel(name, `fuzz-${name}`);
  const pb = join(dir, 'saved_model.pb');
  return { bytes: readFileSync(pb), runs, run: (b) => (writeFileSync(pb, b), importSavedModel(dir, {}, reg)) };
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(src: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = Uint8Array.from(src);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'flip') b[at]! ^= 1 << m.bit;
    else if (m.kind === 'set') b[at] = m.value;
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.len)]);
  }
  return b;
}

test('mutated real .pb files through the whole importer: nothing but LitecError escapes', { skip, timeout: 120_000 }, () => {
  const frozen = join(tmp, 'fuzz.pb');
  const meta = join(tmp, 'fuzz-ckpt');
  const ckpt = sharedModel('tf1/mnist_mlp_checkpoint/fc2.ckpt');
  copyFileSync(`${ckpt}.index`, `${meta}.index`);
  copyFileSync(`${ckpt}.data-00000-of-00001`, `${meta}.data-00000-of-00001`);
  const targets: Target[] = [
    savedModelTarget('half_plus_two_tf1', 50),
    savedModelTarget('half_plus_two_tf2', 50),
    savedModelTarget('mnist_cnn_bn', 12),
    { bytes: readFileSync(sharedModel('tf1/cifar_cnn_frozen.pb')), runs: 12, run: (b) => (writeFileSync(frozen, b), importFrozenGraph(frozen, {}, reg)) },
    { bytes: readFileSync(`${ckpt}.meta`), runs: 30, run: (b) => (writeFileSync(`${meta}.meta`, b), importCheckpoint(meta, {}, reg)) },
  ];
  const outcomes: Record<string, number> = {};
  for (const t of targets) {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        try {
          t.run(mutate(t.bytes, ms));
          outcomes['imported'] = (outcomes['imported'] ?? 0) + 1;
        } catch (e) {
          if (!isLitecError(e)) throw e;
          const code = e.diagnostics[0]!.code;
          outcomes[code] = (outcomes[code] ?? 0) + 1;
          assert.equal(e.message.split('\n').length, 1, e.message);
        }
      }),
      { numRuns: t.runs, seed: 20240611 },
    );
  }
  console.log(`  outcomes: ${JSON.stringify(outcomes)}`);
  assert.ok((outcomes['imported'] ?? 0) > 0 && Object.keys(outcomes).length > 1, 'both clean imports and errors occurred');
});

/** A structural edit of one node: what a damaged or hand-edited graph might contain. */
const edit = fc.record({
  kind: fc.constantFrom('delete', 'op', 'input', 'attr-drop', 'attr-swap', 'ref-index', 'dims', 'fn-name'),
  node: fc.nat(),
  other: fc.nat(),
  k: fc.nat(),
});
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

interface NodeLike {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, { shape?: { dim: { size: number }[] }; list?: { shape: { dim: { size: number }[] }[] }; func?: { name: string } }>;
}
interface GraphLike {
  node?: NodeLike[];
  node_def?: NodeLike[];
}

/** Applies edits to the nodes of a graph and its function bodies (decoded objects, edited in place). */
function applyEdits(graphs: GraphLike[], edits: readonly Edit[]): void {
  const lists = graphs.map((g) => (g.node ?? g.node_def)!).filter((l) => l.length > 0);
  for (const e of edits) {
    const list = lists[e.node % lists.length]!;
    if (list.length === 0) continue;
    const i = e.k % list.length;
    const n = list[i]!;
    const o = list[e.other % list.length]!;
    switch (e.kind) {
      case 'delete':
        list.splice(i, 1);
        break;
      case 'op':
        n.op = o.op;
        break;
      case 'input':
        if (n.input.length === 0) n.input.push(o.name);
        else n.input[e.other % n.input.length] = e.other % 3 === 0 ? `${o.name}:1` : o.name;
        break;
      case 'attr-drop': {
        const keys = Object.keys(n.attr);
        if (keys.length) delete n.attr[keys[e.other % keys.length]!];
        break;
      }
      case 'attr-swap': {
        const keys = Object.keys(n.attr);
        const okeys = Object.keys(o.attr);
        if (keys.length && okeys.length) n.attr[keys[e.other % keys.length]!] = o.attr[okeys[e.k % okeys.length]!]!;
        break;
      }
      case 'ref-index':
        if (n.input.length) n.input[e.other % n.input.length] += `:${e.k % 9}`;
        break;
      case 'dims': {
        const shapes = [n.attr['shape']?.shape, ...(n.attr['_output_shapes']?.list?.shape ?? [])].filter((s) => s !== undefined);
        const s = shapes[e.other % Math.max(1, shapes.length)];
        if (s && s.dim.length) s.dim[e.k % s.dim.length]!.size = [-1, 0, 7, 1 << 20][e.other % 4]!;
        break;
      }
      case 'fn-name': {
        const f = n.attr['f']?.func;
        if (f) f.name = e.other % 2 ? 'missing_function' : `${f.name}`;
        break;
      }
    }
  }
}

/** Functions the serving signature's outputs call, directly or through other functions: where edits matter. */
function servingFunctions(g: GraphDef, outputs: Record<string, { name?: string }>): Set<string> {
  const byName = new Map((g.library?.function ?? []).map((f) => [f.signature!.name, f]));
  const found = new Set<string>();
  const visit = (nodes: readonly { attr: Record<string, { func?: { name: string } }> }[]): void => {
    for (const n of nodes) {
      const f = n.attr['f']?.func?.name;
      if (f !== undefined && !found.has(f) && byName.has(f)) {
        found.add(f);
        visit(byName.get(f)!.node_def);
      }
    }
  };
  const outNodes = new Set(Object.values(outputs).map((o) => (o.name ?? '').split(':')[0]));
  visit(g.node.filter((n) => outNodes.has(n.name)));
  return found;
}

test('structurally edited real graphs (nodes, inputs, attrs, shapes, calls) through the whole importer: only LitecError', { skip, timeout: 120_000 }, () => {
  const outcomes: Record<string, number> = {};
  const check = (run: () => unknown): void => {
    try {
      run();
      outcomes['imported'] = (outcomes['imported'] ?? 0) + 1;
    } catch (e) {
      if (!isLitecError(e)) throw e;
      assert.equal(e.message.split('\n').length, 1, e.message);
      const code = e.diagnostics[0]!.code;
      outcomes[code] = (outcomes[code] ?? 0) + 1;
    }
  };
  for (const [name, runs] of [['half_plus_two_tf2', 60], ['half_plus_two_tf1', 40], ['mnist_cnn_bn', 25]] as const) {
    const dir = copyModel(name, `edit-${name}`);
    const pb = join(dir, 'saved_model.pb');
    const original = readFileSync(pb);
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const sm = decodeSavedModel(original, pb);
        const g = sm.meta_graphs[0]!.graph_def!;
        const serving = servingFunctions(g, sm.meta_graphs[0]!.signature_def['serving_default']!.outputs);
        applyEdits([g as unknown as GraphLike, ...(g.library?.function ?? []).filter((f) => serving.has(f.signature!.name)).map((f) => f as unknown as GraphLike)], edits);
        writeFileSync(pb, encodeMessage('SavedModel', sm));
        check(() => importSavedModel(dir, {}, reg));
      }),
      { numRuns: runs, seed: 7 },
    );
  }
  const frozen = join(tmp, 'edit.pb');
  const cifar = readFileSync(sharedModel('tf1/cifar_cnn_frozen.pb'));
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      const g = decodeGraphDef(cifar, frozen);
      applyEdits([g as unknown as GraphLike], edits);
      writeFileSync(frozen, encodeMessage('GraphDef', g));
      check(() => importFrozenGraph(frozen, {}, reg));
    }),
    { numRuns: 25, seed: 11 },
  );
  console.log(`  outcomes: ${JSON.stringify(outcomes)}`);
  assert.ok((outcomes['imported'] ?? 0) > 0 && Object.keys(outcomes).length > 2, 'edits lead to clean imports and to several kinds of error');
});
