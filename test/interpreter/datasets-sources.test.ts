// Dataset sources other than images: .npy/.npz, the mnist digits, synthetic tensors, openDataset, progress bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { encodeNpy, encodeNpz } from '../../src/interpreter/npy.js';
import type { NpyArray } from '../../src/interpreter/npy.js';
import { collectSamples } from '../../src/interpreter/datasets/dataset.js';
import { npyFileDataset, npyFolderDataset, npzDataset } from '../../src/interpreter/datasets/npy-dataset.js';
import { l2NormalizeColumns, mnistDigits, mnistOrder, MNIST_CLASS_COUNTS } from '../../src/interpreter/datasets/mnist.js';
import { syntheticDataset } from '../../src/interpreter/datasets/synthetic.js';
import { openDataset } from '../../src/interpreter/datasets/open.js';
import { progress } from '../../src/interpreter/datasets/progress.js';

const f32 = (shape: number[], f: (i: number) => number): NpyArray => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, (_, i) => f(i)) };
};

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'litec-ds-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const isUserError = (pattern: RegExp, code?: string) => (e: unknown) =>
  isLitecError(e) && pattern.test(e.message) && (code === undefined || e.diagnostics[0]!.code === code);

test('.npy file: rows are samples, dtype converted, shape checked against the model input', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'calib.npy');
    await writeFile(path, encodeNpy(f32([3, 2, 2, 1], (i) => i)));
    const ds = await npyFileDataset(path, { shape: [1, 2, 2, 1] });
    assert.equal(ds.size, 3);
    assert.match(ds.description, /3 samples of \[2,2,1\], float32/);
    const s = await collectSamples(ds);
    assert.deepEqual(s.map((x) => x.name), ['calib.npy[0]', 'calib.npy[1]', 'calib.npy[2]']);
    assert.deepEqual([...s[2]!.data], [8, 9, 10, 11]);
    assert.deepEqual(s[2]!.shape, [2, 2, 1]);
    // Without a shape the first dim is the batch; samples limits; int8 data becomes float.
    const ints = join(dir, 'ints.npy');
    await writeFile(ints, encodeNpy({ dtype: 'int8', shape: [4, 2], data: Int8Array.from([-1, 2, -3, 4, -5, 6, -7, 8]) }));
    const two = await collectSamples(await npyFileDataset(ints, { samples: 2 }));
    assert.deepEqual(two.map((x) => [...x.data]), [[-1, 2], [-3, 4]]);
    // One sample exactly the model shape.
    const one = join(dir, 'one.npy');
    await writeFile(one, encodeNpy(f32([2, 2, 1], () => 7)));
    assert.equal((await npyFileDataset(one, { shape: [-1, 2, 2, 1] })).size, 1);
    await assert.rejects(npyFileDataset(path, { shape: [1, 3, 3, 1] }), isUserError(/calib\.npy.*\[3,2,2,1\].*\[3,3,1\]/, Codes.ShapeMismatch));
  });
});

test('.npy folder: one file per sample in sorted order, or batches when the shape says so', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'b.npy'), encodeNpy(f32([2, 2], () => 2)));
    await writeFile(join(dir, 'a.npy'), encodeNpy(f32([2, 2], () => 1)));
    const plain = await npyFolderDataset(dir);
    assert.equal(plain.size, 2);
    const s = await collectSamples(plain);
    assert.deepEqual(s.map((x) => x.name), ['a.npy', 'b.npy']);
    assert.deepEqual([...s[0]!.data], [1, 1, 1, 1]);
    await writeFile(join(dir, 'c.npy'), encodeNpy(f32([3, 2, 2], (i) => 100 + i)));
    const batched = await npyFolderDataset(dir, { shape: [2, 2], samples: 4 });
    assert.equal(batched.size, 4);
    const t = await collectSamples(batched);
    assert.deepEqual(t.map((x) => x.name), ['a.npy', 'b.npy', 'c.npy[0]', 'c.npy[1]']);
    assert.deepEqual([...t[3]!.data], [104, 105, 106, 107]);
    await writeFile(join(dir, 'd.npy'), encodeNpy(f32([5], () => 0)));
    await assert.rejects(npyFolderDataset(dir, { shape: [2, 2] }), isUserError(/d\.npy.*\[5\]/, Codes.ShapeMismatch));
  });
  await withDir(async (dir) => {
    await assert.rejects(npyFolderDataset(dir), isUserError(/no \.npy files/, Codes.NoCalibrationData));
  });
});

test('.npz: every member split into rows, in archive order', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'set.npz');
    await writeFile(path, encodeNpz({ first: f32([2, 3], (i) => i), second: f32([1, 3], () => -1) }, { compress: true }));
    const ds = await npzDataset(path, { shape: [1, 3] });
    assert.equal(ds.size, 3);
    const s = await collectSamples(ds);
    assert.deepEqual(s.map((x) => x.name), ['set.npz:first[0]', 'set.npz:first[1]', 'set.npz:second[0]']);
    assert.deepEqual([...s[1]!.data], [3, 4, 5]);
    assert.equal((await collectSamples(await npzDataset(path, { samples: 1 }))).length, 1);
  });
});

test('mnist order interleaves classes round robin, skipping classes that ran out', () => {
  assert.deepEqual(mnistOrder([2, 1, 3]), [
    [0, 0],
    [1, 0],
    [2, 0],
    [0, 1],
    [2, 1],
    [2, 2],
  ]);
  const order = mnistOrder(MNIST_CLASS_COUNTS);
  assert.equal(order.length, 10000);
  // Class 5 (863 digits) runs out first: position 8630 starts round 863 without it.
  assert.deepEqual(order[8629], [9, 862]);
  assert.deepEqual(order.slice(8630, 8635), [
    [0, 863],
    [1, 863],
    [2, 863],
    [3, 863],
    [4, 863],
  ]);
  assert.deepEqual(order[8635], [6, 863]);
});

test('mnist digits: labelled [28,28,1] samples in [0,1], offset/count windows, normalization', async () => {
  const ds = mnistDigits({ count: 25 });
  assert.equal(ds.size, 25);
  assert.equal(ds.synthetic, false);
  const s = await collectSamples(ds);
  assert.deepEqual(s.map((x) => x.label), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
  assert.deepEqual(s[13]!.shape, [28, 28, 1]);
  assert.equal(s[13]!.name, 'mnist/3/1');
  for (const x of s) {
    assert.equal(x.data.length, 784);
    assert.ok(x.data.every((v) => v >= 0 && v <= 1));
    assert.ok(x.data.some((v) => v > 0.9), 'a digit has ink');
  }
  const window = await collectSamples(mnistDigits({ offset: 13, count: 2, mean: 0.5, std: 0.5 }));
  assert.deepEqual(window.map((x) => x.label), [3, 4]);
  assert.deepEqual([...window[0]!.data], [...s[13]!.data].map((v) => Math.fround((v - 0.5) / 0.5)));
  const tail = await collectSamples(mnistDigits({ offset: 9998 }));
  assert.deepEqual(tail.map((x) => [x.label, x.name]), [[1, 'mnist/1/1125'], [1, 'mnist/1/1126']]);
  assert.throws(() => mnistDigits({ offset: 10001 }), isUserError(/offset/));
  assert.throws(() => mnistDigits({ offset: 9000, count: 2000 }), isUserError(/count/));
});

test('l2NormalizeColumns is keras.utils.normalize(x, axis=1): every column of the image gets unit L2 norm', async () => {
  // Column 0 holds 3 and 4 (norm 5), column 1 is all zero (stays zero), column 2 holds a single 2 (becomes 1);
  // rows other than 0 and 1 are zero. Scaling the image (0..255 vs [0, 1]) does not change the result.
  const img = new Float32Array(784);
  img[0] = 3; img[28] = 4; img[2] = 2;
  const out = new Float32Array(784);
  l2NormalizeColumns(img, out);
  assert.equal(out[0], Math.fround(0.6));
  assert.equal(out[28], Math.fround(0.8));
  assert.equal(out[1], 0);
  assert.equal(out[29], 0);
  assert.equal(out[2], 1);
  assert.equal(out.filter((v) => v !== 0).length, 3);
  const scaled = new Float32Array(784);
  l2NormalizeColumns(img.map((v) => v * 255), scaled);
  assert.deepEqual([...scaled], [...out]);
  // The dataset option and the keyword give the same values, with labels unchanged; each inked column has norm 1.
  const raw = await collectSamples(mnistDigits({ offset: 20, count: 3 }));
  const l2 = await collectSamples(mnistDigits({ offset: 20, count: 3, l2Normalize: 'columns' }));
  const kw = await collectSamples(await openDataset('mnist-l2:20', { samples: 3 }));
  assert.deepEqual(l2.map((x) => x.label), raw.map((x) => x.label));
  assert.deepEqual(kw.map((x) => [...x.data]), l2.map((x) => [...x.data]));
  const expect = new Float32Array(784);
  l2NormalizeColumns(raw[1]!.data, expect);
  assert.deepEqual([...l2[1]!.data], [...expect]);
  for (let c = 0; c < 28; c++) {
    let norm = 0;
    let ink = false;
    for (let r = 0; r < 28; r++) {
      norm += l2[1]!.data[r * 28 + c]! ** 2;
      ink ||= raw[1]!.data[r * 28 + c]! > 0;
    }
    if (ink) assert.ok(Math.abs(norm - 1) < 1e-5, `column ${c} norm^2 ${norm}`);
    else assert.equal(norm, 0);
  }
  assert.match((await openDataset('mnist-l2', { samples: 1 })).description, /L2/);
  assert.throws(() => mnistDigits({ l2Normalize: 'columns', mean: 0.5 }), isUserError(/either/));
});

test('synthetic data is flagged, seeded, in range, and prefix-stable', async () => {
  const ds = syntheticDataset([1, 4, 4, 3], 3, 42, [-2, 5]);
  assert.equal(ds.synthetic, true);
  assert.match(ds.description, /synthetic/);
  assert.equal(ds.size, 3);
  const a = await collectSamples(ds);
  const b = await collectSamples(syntheticDataset([4, 4, 3], 5, 42, [-2, 5]));
  const c = await collectSamples(syntheticDataset([4, 4, 3], 3, 43, [-2, 5]));
  assert.deepEqual(a[0]!.shape, [4, 4, 3]);
  assert.deepEqual(a.map((x) => [...x.data]), b.slice(0, 3).map((x) => [...x.data]));
  assert.notDeepEqual([...a[0]!.data], [...c[0]!.data]);
  assert.notDeepEqual([...a[0]!.data], [...a[1]!.data]);
  const all = a.flatMap((x) => [...x.data]);
  assert.ok(all.every((v) => v >= -2 && v <= 5));
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  assert.ok(Math.abs(mean - 1.5) < 0.5, `mean ${mean}`);
  assert.throws(() => syntheticDataset([1, -1, 3], 1), isUserError(/shape/));
});

test('openDataset picks the source from the path', async () => {
  await withDir(async (dir) => {
    const arrays = join(dir, 'arrays');
    await mkdir(arrays);
    await writeFile(join(arrays, 'x.npy'), encodeNpy(f32([2, 2], () => 1)));
    await writeFile(join(dir, 'rows.npy'), encodeNpy(f32([3, 2], () => 1)));
    await writeFile(join(dir, 'noext'), encodeNpy(f32([3, 2], () => 1)));
    await writeFile(join(dir, 'set.npz'), encodeNpz({ x: f32([4, 2], () => 1) }));
    await writeFile(join(dir, 'junk.dat'), 'hello');
    assert.match((await openDataset(arrays)).description, /^\.npy folder/);
    assert.match((await openDataset(join(dir, 'rows.npy'))).description, /^\.npy file/);
    assert.equal((await openDataset(join(dir, 'noext'))).size, 3);
    assert.equal((await openDataset(join(dir, 'set.npz'))).size, 4);
    const mnist = await openDataset('mnist:10', { samples: 3 });
    assert.deepEqual((await collectSamples(mnist)).map((s) => s.label), [0, 1, 2]);
    const syn = await openDataset('synthetic', { shape: [1, 8, 8, 3], mean: 0, std: 255 });
    assert.equal(syn.synthetic, true);
    assert.equal(syn.size, 8);
    assert.match(syn.description, /uniform in \[0, 1\]/);
    await assert.rejects(openDataset(join(dir, 'missing')), isUserError(/missing/, Codes.FileNotFound));
    await assert.rejects(openDataset(join(dir, 'junk.dat')), isUserError(/junk\.dat/, Codes.UnknownFormat));
    await assert.rejects(openDataset('synthetic'), isUserError(/shape/));
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await assert.rejects(openDataset(empty, { shape: [2, 2, 3] }), isUserError(/empty/, Codes.NoCalibrationData));
    await writeFile(join(arrays, 'pic.png'), 'x');
    await assert.rejects(openDataset(arrays, { shape: [2, 2, 3] }), isUserError(/mixes images/));
  });
});

test('progress draws on a TTY and stays silent otherwise', () => {
  const pipe = new PassThrough();
  let piped = '';
  pipe.on('data', (c: Buffer) => (piped += c.toString()));
  const p = progress(3, 'calibrating', pipe as unknown as NodeJS.WriteStream);
  p.tick();
  p.stop();
  assert.equal(piped, '');

  const tty = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let drawn = '';
  tty.on('data', (c: Buffer) => (drawn += c.toString()));
  Object.assign(tty, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  const bar = progress(4, 'calibrating', tty);
  bar.tick();
  bar.tick(3);
  bar.stop();
  bar.stop();
  assert.match(drawn, /calibrating/);
  assert.match(drawn, /4\/4/);
});
