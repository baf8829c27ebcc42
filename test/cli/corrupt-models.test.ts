// `litec compile` and `litec inspect` on damaged real models: exit 2, one line naming the file (and variable), no output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TensorBundle } from '../../src/importers/tf/tensor-bundle/index.js';
import { readTfliteModel, writeTfliteModel } from '../../src/emitters/tflite/schema/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { assertNoOutput, assertUserError, copyShared, litec, scratchDir, type UserErrorExpectation } from './cli-harness.js';

const skip = skipUnlessShared();
const root = skip ? '' : scratchDir('corrupt');

/** Deterministic pseudo-random bytes (a .pb of noise must give the same error on every run). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

interface Case {
  name: string;
  /** Makes the damaged input in `dir`; returns the MODEL argument and what the message must say. */
  make(dir: string): { model: string; want: UserErrorExpectation; extra?: string[] };
}

const cases: Case[] = [
  {
    name: 'truncated saved_model.pb',
    make(dir) {
      const sm = copyShared('savedmodel/half_plus_two_tf2', dir);
      const pb = join(sm, 'saved_model.pb');
      const bytes = readFileSync(pb);
      writeFileSync(pb, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return { model: sm, want: { code: 'LC2001', mentions: [pb, 'not a valid SavedModel protobuf', 'truncated'] } };
    },
  },
  {
    name: 'a .pb of random bytes',
    make(dir) {
      const pb = join(dir, 'noise.pb');
      writeFileSync(pb, noise(5000, 7));
      return { model: pb, want: { code: 'LC2001', mentions: [pb, 'GraphDef'] } };
    },
  },
  {
    name: 'SavedModel folder without variables/',
    make(dir) {
      const sm = copyShared('savedmodel/half_plus_two_tf2', dir);
      rmSync(join(sm, 'variables'), { recursive: true });
      return { model: sm, want: { code: 'LC2006', mentions: [join(sm, 'variables'), 'variable "a"', '--allow-missing-weights'] } };
    },
  },
  {
    name: 'one flipped byte in the data shard (crc mismatch names the variable and the file)',
    make(dir) {
      const sm = copyShared('savedmodel/half_plus_two_tf2', dir);
      const prefix = join(sm, 'variables', 'variables');
      const entry = TensorBundle.open(prefix).entry('b/.ATTRIBUTES/VARIABLE_VALUE');
      const data = `${prefix}.data-00000-of-00001`;
      const bytes = readFileSync(data);
      bytes[entry.offset + 1] = bytes[entry.offset + 1]! ^ 0x01;
      writeFileSync(data, bytes);
      return { model: sm, want: { code: 'LC2005', mentions: [data, 'variable "b"', 'CRC32C'] } };
    },
  },
  {
    name: 'variables.index with a wrong magic number',
    make(dir) {
      const sm = copyShared('savedmodel/half_plus_two_tf1', dir);
      const index = join(sm, 'variables', 'variables.index');
      const bytes = readFileSync(index);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      writeFileSync(index, bytes);
      return { model: sm, want: { code: 'LC2002', mentions: [index, 'magic'] } };
    },
  },
  {
    name: 'truncated .tflite',
    make(dir) {
      const f = join(dir, 'cut.tflite');
      const bytes = readFileSync(sharedModel('tflite/hello_world_float.tflite'));
      writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return { model: f, want: { code: 'LC2001', mentions: [f, 'corrupt TFLite flatbuffer', 'past the end of the file'] } };
    },
  },
  {
    name: '.tflite with the wrong file identifier',
    make(dir) {
      const f = join(dir, 'ident.tflite');
      const bytes = readFileSync(sharedModel('tflite/hello_world_float.tflite'));
      bytes.set([0x58, 0x58, 0x58, 0x58], 4);
      writeFileSync(f, bytes);
      return { model: f, want: { code: 'LC2002', mentions: [f, 'TFL3'] } };
    },
  },
  {
    name: '.tflite whose input shape is impossibly large (used to crash calibration with RangeError)',
    make(dir) {
      const f = join(dir, 'huge.tflite');
      const model = readTfliteModel(readFileSync(sharedModel('tflite/hello_world_float.tflite')), 'hello_world_float.tflite');
      const sg = model.subgraphs[0]!;
      const input = sg.tensors[sg.inputs[0]!]!;
      input.shape = [1, 1073741825];
      input.shapeSignature = [-1, 1073741825];
      writeFileSync(f, writeTfliteModel(model));
      return { model: f, want: { code: 'LC2010', mentions: [f, 'input "dense_input"', '1073741825', '2 GiB'] }, extra: ['--calibration-data', 'synthetic', '--quantize', 'int8'] };
    },
  },
  {
    name: '.tflite with a denormal quantization scale (the TFLite runtime aborts on it)',
    make(dir) {
      const f = join(dir, 'scale.tflite');
      const model = readTfliteModel(readFileSync(sharedModel('tflite/simple_add_model.tflite')), 'simple_add_model.tflite');
      const sg = model.subgraphs[0]!;
      const out = sg.tensors[sg.outputs[0]!]!;
      out.quantization!.scale = [2 ** -140];
      writeFileSync(f, writeTfliteModel(model));
      return { model: f, want: { code: 'LC2001', mentions: [f, `tensor "${out.name ?? ''}"`, `scale ${2 ** -140}`, 'not a positive normal float'] } };
    },
  },
  {
    name: '.tflite with a zero point outside the int8 range',
    make(dir) {
      const f = join(dir, 'zp.tflite');
      const model = readTfliteModel(readFileSync(sharedModel('tflite/simple_add_model.tflite')), 'simple_add_model.tflite');
      const sg = model.subgraphs[0]!;
      const input = sg.tensors[sg.inputs[0]!]!;
      input.quantization!.zeroPoint = [300];
      writeFileSync(f, writeTfliteModel(model));
      return { model: f, want: { code: 'LC2001', mentions: [f, `tensor "${input.name ?? ''}"`, 'zero point 300'] } };
    },
  },
  {
    name: '.tflite whose op code was changed (several verifier errors, still one line)',
    make(dir) {
      const f = join(dir, 'opcode.tflite');
      const model = readTfliteModel(readFileSync(sharedModel('tflite/hello_world_float.tflite')), 'hello_world_float.tflite');
      // FULLY_CONNECTED (3 inputs) becomes SUB (2 inputs) for all three layers.
      model.operatorCodes[0]!.builtinCode = 41;
      writeFileSync(f, writeTfliteModel(model));
      return { model: f, want: { code: 'LC3004', mentions: [f, "'tfl.sub' op expects 2 operands, got 3", '(and 2 more errors)'] } };
    },
  },
  {
    name: 'a path that does not exist',
    make(dir) {
      const p = join(dir, 'no-such-model');
      return { model: p, want: { code: 'LC1002', mentions: [p, 'no such file or folder'] } };
    },
  },
  {
    name: 'an empty folder',
    make(dir) {
      const p = join(dir, 'empty');
      mkdirSync(p);
      return { model: p, want: { code: 'LC1003', mentions: [p, 'saved_model.pb'] } };
    },
  },
  {
    name: 'mobilenet_v2_no_weights without --allow-missing-weights (names the variable and the data file)',
    make() {
      const sm = sharedModel('savedmodel/mobilenet_v2_no_weights');
      return {
        model: sm,
        want: { code: 'LC2006', mentions: [join(sm, 'variables', 'variables.data-00000-of-00001'), 'variable "Conv1/kernel"', '--allow-missing-weights'] },
      };
    },
  },
];

for (const c of cases) {
  test(`compile: ${c.name}`, { skip }, async () => {
    const dir = mkdtempSync(join(root, 'case-'));
    const { model, want, extra = [] } = c.make(dir);
    const out = join(dir, 'out');
    const r = await litec('compile', model, '-o', join(out, 'model.tflite'), '--quiet', ...extra);
    assertUserError(r, want);
    assert.equal(r.stdout, '');
    assertNoOutput(dir, join('out', 'model.tflite'));
    assertNoOutput(dir);
  });
}

test('inspect: every damaged model above is the same one-line error, and nothing on stdout', { skip }, async () => {
  for (const c of cases) {
    const dir = mkdtempSync(join(root, 'inspect-'));
    const { model, want } = c.make(dir);
    for (const argv of [['inspect', model], ['inspect', model, '--json']]) {
      const r = await litec(...argv);
      assertUserError(r, want);
      assert.equal(r.stdout, '', `${c.name}: ${argv.join(' ')} printed on stdout`);
    }
  }
});

test('a flag that does not apply to the format is an error, not silently ignored', { skip }, async () => {
  const tflite = sharedModel('tflite/hello_world_float.tflite');
  const dir = mkdtempSync(join(root, 'flags-'));
  const cases: [string[], string][] = [
    [['compile', tflite, '--input-shape', '1,5'], '--input-shape'],
    [['compile', tflite, '--batch-size', '4'], '--batch-size'],
    [['compile', tflite, '--signature', 'serving_default'], '--signature'],
    [['inspect', tflite, '--input-shape', '1,5'], '--input-shape'],
    [['compile', sharedModel('tf1/cifar_cnn_frozen.pb'), '--signature', 'x'], '--signature'],
  ];
  for (const [argv, flag] of cases) {
    const r = await litec(...argv, ...(argv[0] === 'compile' ? ['-o', join(dir, 'm.tflite'), '--quiet'] : []));
    assertUserError(r, { code: 'LC1001', mentions: [argv[1]!, `${flag} does not apply`] });
  }
  assertNoOutput(dir, 'm.tflite');
});

test('a --batch-size or --input-shape too large for any tensor is a user error, not a runtime rejection (exit 70)', { skip }, async () => {
  const sm = sharedModel('savedmodel/half_plus_two_tf1');
  const dir = mkdtempSync(join(root, 'big-'));
  for (const extra of [['--batch-size', '2147483647'], ['--input-shape', '2147483647,1']]) {
    const r = await litec('compile', sm, '-o', join(dir, 'm.tflite'), '--quiet', ...extra);
    assertUserError(r, { code: 'LC2010', mentions: [sm, 'input "x"', '2147483647'] });
  }
  assertNoOutput(dir, 'm.tflite');
});
