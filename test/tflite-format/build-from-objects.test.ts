// Tiny models built as plain objects, written with the writer and run in the real TFLite runtime against
// hand computations; plus exact round trips of every option table and of tables from a newer schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ActivationFunctionType,
  BUILTIN_OPTIONS,
  BUILTIN_OPTIONS_2,
  BuiltinOperator,
  Padding,
  TensorType,
  makeOptions,
  readTfliteModel,
  writeTfliteModel,
  type BuiltinOptions,
  type BuiltinOptions2,
  type FieldKind,
  type Operator,
  type Tensor,
  type TfliteModel,
} from '../../src/emitters/tflite/schema/index.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';

function tensor(name: string, shape: number[], buffer = 0): Tensor {
  return { shape, type: TensorType.FLOAT32, buffer, name, quantization: null, isVariable: false, shapeSignature: null, hasRank: true };
}

function op(opcodeIndex: number, inputs: number[], outputs: number[], builtinOptions: BuiltinOptions | null): Operator {
  return { opcodeIndex, inputs, outputs, builtinOptions, builtinOptions2: null, customOptions: null, customOptionsFormat: 0, mutatingVariableInputs: [], intermediates: [] };
}

function f32bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** A one-op float model: inputs[0] is the graph input; constant operands get buffers 1, 2, ... */
function oneOpModel(code: number, version: number, tensors: Tensor[], constants: number[][], operator: Operator): TfliteModel {
  return {
    version: 3,
    operatorCodes: [{ builtinCode: code, customCode: null, version }],
    subgraphs: [{ tensors, inputs: [0], outputs: [tensors.length - 1], operators: [operator], name: 'main' }],
    description: 'litec test',
    buffers: [{ data: new Uint8Array(0) }, ...constants.map((c) => ({ data: f32bytes(c) }))],
    metadataBuffer: [],
    metadata: [],
    signatureDefs: [{ inputs: [{ name: 'x', tensorIndex: 0 }], outputs: [{ name: 'y', tensorIndex: tensors.length - 1 }], signatureKey: 'serving_default', subgraphIndex: 0 }],
  };
}

test('CONV_2D with constant weights (SAME, stride 1, RELU) matches a hand computation in the real runtime', async () => {
  const [H, W, O] = [4, 5, 2];
  const x = Array.from({ length: H * W }, (_, i) => ((i * 7) % 11) / 5 - 1);
  const w = Array.from({ length: O * 9 }, (_, i) => ((i * 5) % 7) / 3 - 1); // [O, 3, 3, 1]
  const bias = [0.25, -0.5];
  const model = oneOpModel(
    BuiltinOperator.CONV_2D,
    1,
    [tensor('x', [1, H, W, 1]), tensor('w', [O, 3, 3, 1], 1), tensor('b', [O], 2), tensor('y', [1, H, W, O])],
    [w, bias],
    op(0, [0, 1, 2], [3], makeOptions('Conv2DOptions', { padding: Padding.SAME, stride_w: 1, stride_h: 1, fused_activation_function: ActivationFunctionType.RELU })),
  );
  const bytes = writeTfliteModel(model);
  assert.deepStrictEqual(readTfliteModel(bytes, 'conv.tflite'), { ...model, operatorCodes: [{ ...model.operatorCodes[0], deprecatedBuiltinCode: 3 }] });

  const want: number[] = [];
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      for (let o = 0; o < O; o++) {
        let acc = bias[o] ?? 0;
        for (let kr = 0; kr < 3; kr++) {
          for (let kc = 0; kc < 3; kc++) {
            const [ir, ic] = [r + kr - 1, c + kc - 1];
            if (ir >= 0 && ir < H && ic >= 0 && ic < W) acc += (x[ir * W + ic] ?? 0) * (w[o * 9 + kr * 3 + kc] ?? 0);
          }
        }
        want.push(Math.max(acc, 0));
      }
    }
  }
  const rt = await TfliteRuntime.load(bytes, { file: 'conv.tflite' });
  const [y] = rt.run([new Float32Array(x)]);
  rt.dispose();
  assert.ok(y instanceof Float32Array && y.length === want.length);
  assert.ok(want.some((v) => v === 0) && want.some((v) => v > 0), 'the test data exercises the RELU');
  want.forEach((v, i) => assert.ok(Math.abs((y[i] ?? NaN) - v) < 1e-5, `y[${i}] = ${y[i]}, want ${v}`));
});

test('ADD with a broadcast constant and fused RELU6', async () => {
  const x = [-3, -0.5, 0, 0.5, 2, 4, 5.5, 9];
  const c = [0.25, -1];
  const model = oneOpModel(
    BuiltinOperator.ADD,
    1,
    [tensor('x', [1, 2, 2, 2]), tensor('c', [2], 1), tensor('y', [1, 2, 2, 2])],
    [c],
    op(0, [0, 1], [2], makeOptions('AddOptions', { fused_activation_function: ActivationFunctionType.RELU6 })),
  );
  const rt = await TfliteRuntime.load(writeTfliteModel(model), { file: 'add.tflite' });
  const [y] = rt.run([new Float32Array(x)]);
  rt.dispose();
  assert.deepEqual([...(y ?? [])], x.map((v, i) => Math.min(Math.max(v + (c[i % 2] ?? 0), 0), 6)));
});

test('an op code above 127 (GELU = 150) is written to builtin_code, with 127 in deprecated_builtin_code', async () => {
  const model = oneOpModel(
    BuiltinOperator.GELU,
    1,
    [tensor('x', [1, 6]), tensor('y', [1, 6])],
    [],
    op(0, [0], [1], makeOptions('GeluOptions', { approximate: true })),
  );
  const bytes = writeTfliteModel(model);
  const back = readTfliteModel(bytes, 'gelu.tflite');
  assert.deepEqual(back.operatorCodes, [{ builtinCode: 150, deprecatedBuiltinCode: 127, customCode: null, version: 1 }]);
  const x = [-3, -1, -0.25, 0, 0.5, 2.5];
  const rt = await TfliteRuntime.load(bytes, { file: 'gelu.tflite' });
  const [y] = rt.run([new Float32Array(x)]);
  rt.dispose();
  x.forEach((v, i) => {
    const want = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    assert.ok(Math.abs((y?.[i] ?? NaN) - want) < 1e-4, `gelu(${v}) = ${y?.[i]}, want ${want}`);
  });
});

/** A random value of each field kind, including the awkward ones (-0, NaN, extremes, empty vectors, null). */
function valueOf(kind: FieldKind): fc.Arbitrary<unknown> {
  const vec = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[] | null> => fc.option(fc.array(a, { maxLength: 5 }), { nil: null });
  switch (kind) {
    case 'bool': return fc.boolean();
    case 'i8': return fc.integer({ min: -128, max: 127 });
    case 'u8': return fc.integer({ min: 0, max: 255 });
    case 'i16': return fc.integer({ min: -32768, max: 32767 });
    case 'u16': return fc.integer({ min: 0, max: 65535 });
    case 'i32': return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'u32': return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 'i64': return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'u64': return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'f32': return fc.float();
    case 'f64': return fc.double();
    case 'string': return fc.option(fc.string({ unit: 'grapheme', maxLength: 8 }), { nil: null });
    case '[i32]': return vec(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
    case '[u32]': return vec(fc.integer({ min: 0, max: 2 ** 32 - 1 }));
    case '[f32]': return vec(fc.float());
    case '[bool]': return vec(fc.boolean());
    case '[i64]': return vec(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
    case '[u8]': return fc.option(fc.uint8Array({ maxLength: 6 }), { nil: null });
  }
}

function tableArb(tables: Readonly<Record<string, { fields: readonly (readonly [string, FieldKind, unknown?])[] }>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    ...Object.entries(tables).map(([kind, spec]) =>
      fc.record(Object.fromEntries([['kind', fc.constant(kind)], ...spec.fields.map(([name, k]) => [name, valueOf(k)] as const)]), {
        noNullPrototype: true,
      }),
    ),
  );
}

test('every option table of both unions round-trips exactly (fields at random values)', () => {
  fc.assert(
    fc.property(tableArb(BUILTIN_OPTIONS), tableArb(BUILTIN_OPTIONS_2), (opts, opts2) => {
      const model = oneOpModel(BuiltinOperator.CUSTOM, 1, [tensor('x', [1])], [], op(0, [0], [0], opts as BuiltinOptions));
      const operator = model.subgraphs[0]?.operators[0];
      assert.ok(operator);
      operator.builtinOptions2 = opts2 as BuiltinOptions2;
      operator.customOptions = new Uint8Array([1, 2, 3]);
      const back = readTfliteModel(writeTfliteModel(model), 'opts.tflite').subgraphs[0]?.operators[0];
      assert.deepStrictEqual(back?.builtinOptions, opts);
      assert.deepStrictEqual(back?.builtinOptions2, opts2);
      assert.deepStrictEqual(back?.customOptions, new Uint8Array([1, 2, 3]));
    }),
    { numRuns: 300, seed: 11 },
  );
});

test('an option table from a newer schema (unknown union id) keeps its scalar fields', () => {
  const raw = [
    { id: 0, bytes: new Uint8Array([0x78, 0x56, 0x34, 0x12]) },
    { id: 3, bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
    { id: 1, bytes: new Uint8Array([0xfe]) },
  ];
  const model = oneOpModel(BuiltinOperator.CUSTOM, 1, [tensor('x', [1])], [], op(0, [0], [0], { kind: 'unknown', typeId: 200, rawFields: raw }));
  const back = readTfliteModel(writeTfliteModel(model), 'new.tflite').subgraphs[0]?.operators[0]?.builtinOptions;
  assert.ok(back?.kind === 'unknown');
  assert.equal(back.typeId, 200);
  // Each field comes back with its bytes first; a field may gain trailing zero padding (same little-endian value).
  for (const f of raw) {
    const got: { id: number; bytes: Uint8Array } | undefined = back.rawFields.find((g) => g.id === f.id);
    assert.ok(got, `field ${f.id}`);
    assert.deepEqual(got.bytes.subarray(0, f.bytes.length), f.bytes);
    assert.ok(got.bytes.subarray(f.bytes.length).every((b) => b === 0));
  }
  assert.equal(back.rawFields.length, raw.length);
});

test('the writer refuses tensors carrying parts it cannot represent', () => {
  const model = oneOpModel(BuiltinOperator.ADD, 1, [tensor('x', [1]), tensor('y', [1])], [], op(0, [0, 0], [1], makeOptions('AddOptions')));
  const t = model.subgraphs[0]?.tensors[1];
  assert.ok(t);
  t.unsupported = ['sparsity'];
  assert.throws(() => writeTfliteModel(model), /error LC1004: cannot write tensor 1 \("y"\) of subgraph 0: it uses sparsity/);
});
