// The float Interpreter: memory (values freed after their last use, constants cached), observer, batches, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '../../dialects/tfl/index.js';
import { dense, floatToHalf, i32, str } from '../../src/ir/attributes.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';
import { Builder } from '../../src/ir/builder.js';
import { Func, Module, Value } from '../../src/ir/core.js';
import { nameLoc } from '../../src/ir/loc.js';
import { tensorType } from '../../src/ir/types.js';
import { Interpreter, initBackend, tflKernels } from '../../src/interpreter/index.js';
import { newFunc, seededConst } from '../support/build.js';
import { seeded } from './float-helpers.js';

const backend = await initBackend();
const f32 = (...shape: number[]) => tensorType(shape, 'f32');
const act = { fused_activation_function: str('NONE') };

/** x [1,16] through `n` ops: add/mul by constants, relu6, tanh, reshape round trips. */
function chain(n: number): Module {
  const { m, b, args, ret } = newFunc([f32(1, 16)]);
  const to44 = b.constant(dense(tensorType([2], 'i32'), Int32Array.from([4, 4])));
  const to116 = b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, 16])));
  let x = args[0]!;
  for (let i = 0; i < n; i++) {
    const loc = nameLoc(`chain/${i}`);
    switch (i % 6) {
      case 0:
        x = b.create(tfl.Add, [x, seededConst(b, [16], i + 1, 0.1)], act, undefined, loc).result(0);
        break;
      case 1:
        x = b.create(tfl.Relu6, [x], {}, undefined, loc).result(0);
        break;
      case 2:
        x = b.create(tfl.Mul, [x, seededConst(b, [16], i + 1, 1.5)], act, undefined, loc).result(0);
        break;
      case 3:
        x = b.create(tfl.Reshape, [x, to44], {}, undefined, loc).result(0);
        break;
      case 4:
        x = b.create(tfl.Tanh, [x], {}, undefined, loc).result(0);
        break;
      default:
        x = b.create(tfl.Reshape, [x, to116], {}, undefined, loc).result(0);
    }
  }
  ret(x);
  return m;
}

test(`a 200-op chain leaks no tensors: after each run only the cached constants remain [${backend.name}]`, async () => {
  const base = tf.memory().numTensors;
  const it = await Interpreter.create(chain(200));
  const input = seeded(16, 3);
  let peak = 0;
  const first = await it.run([input], { onValue: () => (peak = Math.max(peak, tf.memory().numTensors)) });
  const cached = it.cachedTensorCount;
  assert.ok(cached >= 60, `the chain's constants are cached (${cached})`);
  assert.equal(tf.memory().numTensors - base, cached);
  // Freed as they die: at any point only the cached constants plus a couple of live values exist.
  assert.ok(peak - base <= cached + 3, `peak ${peak - base} tensors, ${cached} cached`);
  for (let r = 0; r < 3; r++) {
    const again = await it.run([input]);
    assert.deepEqual(again[0]!.data, first[0]!.data);
    assert.equal(tf.memory().numTensors - base, cached, `run ${r + 2}: constants are not uploaded again`);
  }
  it.dispose();
  assert.equal(tf.memory().numTensors, base);
});

test('the observer sees every value exactly once, producers before users', async () => {
  const m = chain(30);
  const it = await Interpreter.create(m);
  const seen = new Map<Value, number>();
  const order: Value[] = [];
  await it.run([seeded(16, 1)], {
    onValue: (v, t) => {
      seen.set(v, (seen.get(v) ?? 0) + 1);
      order.push(v);
      assert.deepEqual(t.shape, v.type.shape, 'the tensor has the value type shape');
    },
  });
  const f = m.main();
  const all = [...f.args, ...[...f.ops()].flatMap((op) => op.results)];
  assert.equal(seen.size, all.length);
  for (const v of all) assert.equal(seen.get(v), 1);
  for (const op of f.ops()) {
    if (op.results.length === 0) continue;
    const at = order.indexOf(op.result(0));
    for (const o of op.operands) assert.ok(order.indexOf(o) < at, `${op.name} seen after its operands`);
  }
  // Without an observer nothing is called; a default observer is used when a run gives none.
  let calls = 0;
  const it2 = await Interpreter.create(m, { onValue: () => calls++ });
  await it2.run([seeded(16, 1)]);
  assert.equal(calls, all.length);
  await it2.run([seeded(16, 1)], { onValue: () => undefined });
  assert.equal(calls, all.length, "a run's own observer replaces the default");
  it.dispose();
  it2.dispose();
});

test('an op without a float kernel fails at create, naming the op and its node', async () => {
  const { m, b, args, ret } = newFunc([f32(2)]);
  const op = b.create(tfl.Custom, [args[0]!], { custom_code: str('MyOp') }, [f32(2)], nameLoc('model/my_op'));
  ret(b.create(tfl.Relu, [op.result(0)]).result(0));
  await assert.rejects(Interpreter.create(m), (e: Error) => {
    assert.match(e.message, /LC2003/);
    assert.match(e.message, /no float kernel for 'tfl\.custom' \(custom op "MyOp"\) \(node "model\/my_op"\)/);
    return true;
  });
  const it = await Interpreter.create(m, { kernels: { 'tfl.custom': (_op, [x]) => [tf.mul(x!, -2)] } });
  assert.deepEqual([...(await it.run([Float32Array.from([1, -2])]))[0]!.data], [0, 4]);
  it.dispose();
});

test('bad inputs: count, length, dtype, quantized storage, unranked; errors name the input', async () => {
  const { m, f, b, args, ret } = newFunc([f32(1, 4), tensorType([2], 'f32', { storage: 'i8', storageMin: -128, storageMax: 127, scales: [0.5], zeroPoints: [0] })]);
  f.argAttrs[0]!.set('tf.name', str('image'));
  const deq = b.create(tfl.Dequantize, [args[1]!], {}, [f32(2)]);
  ret(args[0]!, deq.result(0));
  const it = await Interpreter.create(m);
  const x = new Float32Array(4);
  const q = new Int8Array([2, -4]);
  await assert.rejects(it.run([x]), /LC2009.*@main takes 2 inputs, got 1/);
  await assert.rejects(it.run([new Float32Array(5), q]), /@main input 0 \("image"\) has shape \[1,4\], 4 values; got 5/);
  await assert.rejects(it.run([new Float32Array(8), q]), /got 8 \(to run a batch of 2, pass \{ batch: 2 \}\)/);
  await assert.rejects(it.run([new Int32Array(4), q]), /input 0 \("image"\) has type tensor<1x4xf32> and takes a Float32Array \(or Float64Array\); got a Int32Array/);
  await assert.rejects(it.run([x, new Float32Array(2)]), /input 1 has type .*i8.* takes a Int8Array of i8 storage values \(the input is quantized\); got a Float32Array/);
  await assert.rejects(it.run([x, q], { shapes: [[2, 2]] }), /input 0 \("image"\) has type tensor<1x4xf32>; dim 1 must be 4, got shape \[2,2\]/);
  const [same, real] = await it.run([Float64Array.from([1, 2, 3, 4]), q]);
  assert.deepEqual([...same!.data], [1, 2, 3, 4]);
  assert.deepEqual([...real!.data], [1, -2]);
  assert.throws(() => it.runTensors([tf.zeros([1, 4], 'int32'), tf.tensor([1, 2], [2], 'int32')]), /input 0 \("image"\) .* takes a float32 tensor; got int32/);
  it.dispose();

  const un = newFunc([tensorType(null, 'f32')]);
  un.ret(un.b.create(tfl.Relu, [un.args[0]!]).result(0));
  const it2 = await Interpreter.create(un.m);
  await assert.rejects(it2.run([new Float32Array(3)]), /unranked type; pass its shape in the run options \(shapes\)/);
  const [r] = await it2.run([Float32Array.from([-1, 2, -3, 4])], { shapes: [[2, 2]] });
  assert.deepEqual([r!.shape, [...r!.data]], [[2, 2], [0, 2, 0, 4]]);
  it2.dispose();
});

test('dynamic and explicit batches: ? dims come from the input length; { batch } resizes the leading dim', async () => {
  const dyn = newFunc([f32(-1, 3)]);
  dyn.ret(dyn.b.create(tfl.Relu, [dyn.args[0]!]).result(0));
  const it = await Interpreter.create(dyn.m);
  const [o] = await it.run([Float32Array.from([1, -1, 2, -2, 3, -3])]);
  assert.deepEqual(o!.shape, [2, 3]);
  await assert.rejects(it.run([new Float32Array(4)]), /4 values are not a whole number of rows of 3/);
  it.dispose();
});

test('outputs that are inputs, constants or repeated are copies; runTensors leaves the inputs alone', async () => {
  const { m, b, args, ret } = newFunc([f32(2)]);
  const c = b.constant(dense(f32(2), Float32Array.from([7, 8])));
  const r = b.create(tfl.Relu, [args[0]!]).result(0);
  ret(args[0]!, c, r, r);
  const base = tf.memory().numTensors;
  const it = await Interpreter.create(m);
  const x = tf.tensor([-1, 1], [2]);
  for (let k = 0; k < 2; k++) {
    const outs = it.runTensors([x]);
    assert.deepEqual(await Promise.all(outs.map((t) => t.array())), [[-1, 1], [7, 8], [0, 1], [0, 1]]);
    outs.forEach((t) => t.dispose());
    assert.equal(x.isDisposed, false);
    assert.deepEqual(await x.array(), [-1, 1]);
  }
  const [a, cc] = await it.run([Float32Array.from([3, 4])]);
  assert.deepEqual([[...a!.data], [...cc!.data]], [[3, 4], [7, 8]]);
  assert.equal(tf.memory().numTensors - base, it.cachedTensorCount + 1, 'only x and the constant remain');
  it.dispose();
  x.dispose();
  assert.equal(tf.memory().numTensors, base);
});

test('a kernel that throws frees everything and names the op; one that returns its input is safe', async () => {
  const { m, b, args, ret } = newFunc([f32(3)]);
  const a = b.create(tfl.Relu, [args[0]!], {}, undefined, nameLoc('first')).result(0);
  const t = b.create(tfl.Tanh, [a], {}, undefined, nameLoc('second')).result(0);
  const u = b.create(tfl.Add, [t, a], act).result(0);
  // `a` dies at u; t (the same tensor, for an identity kernel) must live on until here.
  ret(b.create(tfl.Add, [u, t], act).result(0));
  const base = tf.memory().numTensors;
  const broken = await Interpreter.create(m, { kernels: { 'tfl.tanh': (_op, [x]) => [tf.matMul(tf.add(x!, 1) as tf.Tensor2D, x as tf.Tensor2D)] } });
  await assert.rejects(broken.run([Float32Array.from([1, 2, 3])]), /internal: the float kernel of tfl\.tanh \(node "second"\) failed/);
  assert.equal(tf.memory().numTensors, base, 'no tensor is left behind');
  broken.dispose();
  const identity = await Interpreter.create(m, { kernels: { 'tfl.tanh': (_op, inputs) => [inputs[0]!] } });
  const [o] = await identity.run([Float32Array.from([-1, 2, 3])]);
  assert.deepEqual([...o!.data], [0, 6, 9]);
  assert.equal(tf.memory().numTensors, base);
  identity.dispose();
});

test('func selection and module errors', async () => {
  const m = chain(2);
  const other = m.addFunc(new Func('double', [f32(2)], [f32(2)]));
  const b = new Builder(other);
  const y = b.create(tfl.Add, [other.args[0]!, other.args[0]!], act).result(0);
  b.create(ReturnOp, [y], {}, []);
  const it = await Interpreter.create(m, { func: 'double' });
  assert.deepEqual([...(await it.run([Float32Array.from([1, 2])]))[0]!.data], [2, 4]);
  it.dispose();
  await assert.rejects(Interpreter.create(m, { func: 'nope' }), /no func @nope \(it has @main, @double\)/);
  await assert.rejects(Interpreter.create(new Module()), /no func to run/);

  const e = newFunc([f32(2)]);
  const c = e.b.constant({ kind: 'dense', type: f32(2), data: new Float32Array(2), elided: true });
  e.ret(e.b.create(tfl.Add, [e.args[0]!, c], act).result(0));
  await assert.rejects(Interpreter.create(e.m), /constant's data was elided/);
});

test('transpose_conv and reshape follow a resized batch; batch results equal single runs', async () => {
  const { m, b, args, ret } = newFunc([f32(1, 2, 2, 3)]);
  const w = seededConst(b, [4, 3, 3, 3], 5, 0.5);
  const shape = b.constant(dense(tensorType([4], 'i32'), Int32Array.from([1, 4, 4, 4])));
  const up = b.create(tfl.TransposeConv, [shape, w, args[0]!], { padding: str('SAME'), stride_h: i32(2), stride_w: i32(2), fused_activation_function: str('NONE') }).result(0);
  const flat = b.create(tfl.Reshape, [up, b.constant(dense(tensorType([2], 'i32'), Int32Array.from([1, 64])))]).result(0);
  ret(flat);
  const it = await Interpreter.create(m);
  const one = seeded(12, 1);
  const two = seeded(12, 2);
  const [r1] = await it.run([one]);
  const [r2] = await it.run([two]);
  const [both] = await it.run([Float32Array.from([...one, ...two])], { batch: 2 });
  assert.deepEqual(both!.shape, [2, 64]);
  assert.deepEqual([...both!.data], [...r1!.data, ...r2!.data]);
  it.dispose();
});

test('ops on constants only run once: float16 weights are dequantized on the first run and cached', async () => {
  const { m, b, args, ret } = newFunc([f32(1, 3, 3, 2)]);
  const half = (vals: number[], shape: number[]) => b.constant(dense(tensorType(shape, 'f16'), Uint16Array.from(vals.map(floatToHalf))));
  const w16 = half([1, -1, 0.5, 2, 0.25, 1, -2, 1, 1, 0.5, -1, 1, 0, 1, 1, 1, 2, -0.5], [1, 3, 3, 2]);
  const w = b.create(tfl.Dequantize, [w16], {}, [f32(1, 3, 3, 2)]).result(0);
  // A diamond of constant-only ops: d = w + (-w) = 0 must still be computed correctly.
  const nw = b.create(tfl.Neg, [w]).result(0);
  const zero = b.create(tfl.Add, [w, nw], act).result(0);
  const y = b.create(tfl.Conv2D, [args[0]!, w], { padding: str('VALID'), stride_h: i32(1), stride_w: i32(1), fused_activation_function: str('NONE') }).result(0);
  const z = b.create(tfl.Add, [args[0]!, zero], act).result(0);
  ret(y, z);
  let dequantizeCalls = 0;
  const base = tf.memory().numTensors;
  const it = await Interpreter.create(m, {
    kernels: {
      'tfl.dequantize': (op, ins) => {
        dequantizeCalls++;
        return tflKernels['tfl.dequantize']!(op, ins);
      },
    },
  });
  const x = seeded(18, 4);
  const want = [...x].reduce((s, v, i) => s + v * [1, -1, 0.5, 2, 0.25, 1, -2, 1, 1, 0.5, -1, 1, 0, 1, 1, 1, 2, -0.5][i]!, 0);
  for (let r = 0; r < 3; r++) {
    const seen = new Set<Value>();
    const [conv, same] = await it.run([x], { onValue: (v) => assert.ok(!seen.has(v) && seen.add(v)) });
    assert.ok(Math.abs(conv!.data[0]! as number - want) < 1e-5);
    assert.deepEqual(same!.data, x);
    assert.equal(seen.size, 7, 'the input, the constant, 3 derived values and 2 results');
    assert.equal(tf.memory().numTensors - base, it.cachedTensorCount);
  }
  const runsWithoutObserver = await it.run([x]);
  assert.equal(runsWithoutObserver.length, 2);
  assert.ok(dequantizeCalls <= 4, `dequantize ran ${dequantizeCalls} times (once, plus once per observed run)`);
  const before = dequantizeCalls;
  await it.run([x]);
  assert.equal(dequantizeCalls, before, 'an unobserved run computes no constant-only op');
  it.dispose();
  assert.equal(tf.memory().numTensors, base);
});
