// Image datasets: JPEG/PNG/BMP decoding, TF-style crop + bilinear resize, normalization, folder order and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { encode as encodeJpeg } from 'jpeg-js';
import { isLitecError } from '../../src/diag/diagnostic.js';
import { Codes } from '../../src/diag/catalogue.js';
import { decodeImage } from '../../src/interpreter/datasets/image-decode.js';
import { centralCropBox, resizeBilinear } from '../../src/interpreter/datasets/preprocess.js';
import { imageFolderDataset, listFiles } from '../../src/interpreter/datasets/image-folder.js';
import { collectSamples } from '../../src/interpreter/datasets/dataset.js';
import { crc32 } from '../../src/interpreter/datasets/zip.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

type Rgb = [number, number, number];
/** A small test pattern with distinct values per pixel and channel. */
const pattern = (x: number, y: number): Rgb => [(x * 40 + y * 3) & 255, (y * 50 + 7) & 255, (x * 13 + y * 29 + 100) & 255];

function rgbOf(width: number, height: number, f: (x: number, y: number) => Rgb): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.push(...f(x, y));
  return out;
}

/** A 16-bit RGB PNG built chunk by chunk (pngjs's writer takes 8-bit input only). */
function png16(width: number, height: number, f: (x: number, y: number) => Rgb): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([16, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 6));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      f(x, y).forEach((v, c) => raw.writeUInt16BE(v * 257, y * (1 + width * 6) + 1 + x * 6 + c * 2));
    }
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]));
}

function png(width: number, height: number, f: (x: number, y: number) => Rgb, opts: { colorType?: 0 | 2 | 6 } = {}): Uint8Array {
  const p = new PNG({ width, height });
  // Partial alpha only for RGBA output: pngjs composites alpha onto white when writing RGB or gray.
  const alpha = opts.colorType === 6 ? 200 : 255;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = f(x, y);
      p.data.set([r, g, b, alpha], (y * width + x) * 4);
    }
  }
  return new Uint8Array(PNG.sync.write(p, { colorType: opts.colorType ?? 2 }));
}

interface BmpSpec {
  width: number;
  height: number;
  bpp: 1 | 8 | 24 | 32;
  headerSize?: 40 | 124;
  topDown?: boolean;
  bitfields?: boolean;
  palette?: Rgb[];
  /** Colour (24/32-bit) or palette index (1/8-bit) at (x, y), y = 0 the top row. */
  pixel: (x: number, y: number) => Rgb | number;
}

/** Writes a BMP by the spec (independently of bmp-js) so the decoder is checked against known pixels. */
function bmp(s: BmpSpec): Uint8Array {
  const headerSize = s.headerSize ?? 40;
  const masks = s.bitfields && headerSize === 40 ? 16 : 0;
  const palette = s.palette ?? [];
  const rowBytes = Math.ceil((s.width * s.bpp) / 32) * 4;
  const offset = 14 + headerSize + masks + palette.length * 4;
  const buf = Buffer.alloc(offset + rowBytes * s.height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(headerSize, 14);
  buf.writeInt32LE(s.width, 18);
  buf.writeInt32LE(s.topDown ? -s.height : s.height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(s.bpp, 28);
  buf.writeUInt32LE(s.bitfields ? 3 : 0, 30);
  buf.writeUInt32LE(palette.length, 46);
  if (s.bitfields) {
    buf.writeUInt32LE(0xff0000, 54);
    buf.writeUInt32LE(0xff00, 58);
    buf.writeUInt32LE(0xff, 62);
    buf.writeUInt32LE(0xff000000, 66);
  }
  palette.forEach(([r, g, b], i) => buf.set([b, g, r, 0], 14 + headerSize + masks + i * 4));
  for (let y = 0; y < s.height; y++) {
    const fileRow = s.topDown ? y : s.height - 1 - y;
    const base = offset + fileRow * rowBytes;
    for (let x = 0; x < s.width; x++) {
      const v = s.pixel(x, y);
      if (s.bpp === 24 || s.bpp === 32) {
        const [r, g, b] = v as Rgb;
        buf.set(s.bpp === 24 ? [b, g, r] : [b, g, r, 255], base + x * (s.bpp / 8));
      } else if (s.bpp === 8) {
        buf[base + x] = v as number;
      } else {
        if (v as number) buf[base + (x >> 3)] = buf[base + (x >> 3)]! | (0x80 >> (x & 7));
      }
    }
  }
  return new Uint8Array(buf);
}

function expectUserError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => isLitecError(e) && pattern.test(e.message));
}

test('PNG decodes exactly: RGB, RGBA (alpha dropped), gray, 16-bit', () => {
  const w = 5;
  const h = 3;
  assert.deepEqual([...decodeImage(png(w, h, pattern), 'a.png').data], rgbOf(w, h, pattern));
  assert.deepEqual([...decodeImage(png(w, h, pattern, { colorType: 6 }), 'a.png').data], rgbOf(w, h, pattern));
  const gray = (x: number, y: number): Rgb => [x * 50, x * 50, x * 50];
  const g = decodeImage(png(w, h, gray, { colorType: 0 }), 'g.png');
  assert.deepEqual([...g.data], rgbOf(w, h, gray));
  // 16-bit samples v * 257 scale back to exactly v.
  const wide = decodeImage(png16(w, h, pattern), 'w.png');
  assert.deepEqual([...wide.data], rgbOf(w, h, pattern));
});

test('JPEG decodes to RGB close to the source', () => {
  const w = 16;
  const h = 8;
  const smooth = (x: number, y: number): Rgb => [x * 10, y * 20, 128];
  const rgba = Buffer.alloc(w * h * 4);
  rgbOf(w, h, smooth).forEach((v, i) => (rgba[Math.floor(i / 3) * 4 + (i % 3)] = v));
  const jpg = encodeJpeg({ data: rgba, width: w, height: h }, 100).data;
  const img = decodeImage(new Uint8Array(jpg), 'x.jpg');
  assert.equal(img.width, w);
  assert.equal(img.height, h);
  const want = rgbOf(w, h, smooth);
  const maxErr = Math.max(...want.map((v, i) => Math.abs(v - img.data[i]!)));
  assert.ok(maxErr <= 8, `max error ${maxErr}`);
});

test('BMP decodes exactly for bottom-up/top-down, V5 headers, palettes, 1-bit and 32-bit bitfields', () => {
  const w = 5; // odd width: rows need padding at every bit depth
  const h = 3;
  const want = rgbOf(w, h, pattern);
  for (const topDown of [false, true]) {
    for (const headerSize of [40, 124] as const) {
      const b = bmp({ width: w, height: h, bpp: 24, headerSize, topDown, pixel: pattern });
      assert.deepEqual([...decodeImage(b, 'x.bmp').data], want, `24-bit header ${headerSize} topDown ${topDown}`);
    }
  }
  const b32 = bmp({ width: w, height: h, bpp: 32, bitfields: true, pixel: pattern });
  assert.deepEqual([...decodeImage(b32, 'x.bmp').data], want, '32-bit BI_BITFIELDS BGRA');
  const palette: Rgb[] = [
    [10, 20, 30],
    [200, 100, 0],
    [1, 2, 3],
  ];
  const idx = (x: number, y: number): number => (x + y) % 3;
  const b8 = bmp({ width: w, height: h, bpp: 8, headerSize: 124, palette, pixel: idx });
  assert.deepEqual([...decodeImage(b8, 'x.bmp').data], rgbOf(w, h, (x, y) => palette[idx(x, y)]!));
  const bw: Rgb[] = [
    [0, 0, 0],
    [255, 255, 255],
  ];
  const bit = (x: number, y: number): number => (x * 7 + y) % 2;
  const b1 = bmp({ width: 11, height: 2, bpp: 1, palette: bw, pixel: bit });
  assert.deepEqual([...decodeImage(b1, 'x.bmp').data], rgbOf(11, 2, (x, y) => bw[bit(x, y)]!));
});

test('corrupt or truncated images are user errors naming the file', () => {
  const good = bmp({ width: 4, height: 4, bpp: 24, pixel: pattern });
  expectUserError(() => decodeImage(good.subarray(0, good.length - 5), 'short.bmp'), /short\.bmp.*truncated/);
  const huge = new Uint8Array(good);
  new DataView(huge.buffer).setInt32(18, 1e6, true);
  new DataView(huge.buffer).setInt32(22, 1e6, true);
  expectUserError(() => decodeImage(huge, 'huge.bmp'), /huge\.bmp.*larger than/);
  const p = png(6, 6, pattern);
  expectUserError(() => decodeImage(p.subarray(0, 40), 'cut.png'), /cut\.png.*PNG/);
  const j = new Uint8Array(encodeJpeg({ data: Buffer.alloc(64 * 64 * 4, 90), width: 64, height: 64 }, 90).data);
  expectUserError(() => decodeImage(j.subarray(0, j.length >> 1), 'half.jpg'), /half\.jpg.*JPEG/);
  expectUserError(() => decodeImage(new TextEncoder().encode('GIF89a....'), 'x.gif'), /x\.gif.*not a JPEG, PNG or BMP/);
  // Random damage must never escape as a RangeError/TypeError.
  for (const src of [good, p, j]) {
    for (let i = 0; i < 300; i++) {
      const b = new Uint8Array(src);
      for (let k = 0; k < 4; k++) b[(i * 7919 + k * 104729) % b.length] = (i * 31 + k * 17) & 255;
      try {
        decodeImage(b.subarray(0, b.length - (i % 9)), 'fuzz');
      } catch (e) {
        assert.ok(isLitecError(e), `escaped: ${String(e)}`);
      }
    }
  }
});

test('bilinear resize follows TF half-pixel centers; central crop follows tf.image.central_crop', () => {
  const src = [0, 10, 20, 30];
  const full = { top: 0, left: 0, height: 2, width: 2 };
  assert.deepEqual(
    [...resizeBilinear(src, 2, 1, full, 4, 4)],
    [0, 2.5, 7.5, 10, 5, 7.5, 12.5, 15, 15, 17.5, 22.5, 25, 20, 22.5, 27.5, 30],
  );
  // Identity at equal size; 4 -> 2 averages pairs.
  const four = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  assert.deepEqual([...resizeBilinear(four, 4, 1, { top: 0, left: 0, height: 4, width: 4 }, 4, 4)], four);
  assert.deepEqual([...resizeBilinear(four, 4, 1, { top: 0, left: 0, height: 4, width: 4 }, 2, 2)], [2.5, 4.5, 10.5, 12.5]);
  assert.deepEqual(centralCropBox(600, 512, 0.875), { top: 37, left: 32, height: 526, width: 448 });
  assert.deepEqual(centralCropBox(10, 10, 1), { top: 0, left: 0, height: 10, width: 10 });
  assert.deepEqual(centralCropBox(7, 9, 0.5), { top: 1, left: 2, height: 5, width: 5 });
});

test('image folder: sorted recursive order, normalization, grayscale, crop, limits, repeatable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'litec-img-'));
  try {
    const solid = (c: Rgb) => () => c;
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'b.png'), png(4, 4, solid([255, 0, 255])));
    await writeFile(join(dir, 'a.BMP'), bmp({ width: 3, height: 5, bpp: 24, pixel: solid([0, 255, 0]) }));
    await writeFile(join(dir, 'sub', 'c.png'), png(8, 2, solid([51, 102, 153])));
    await writeFile(join(dir, '.hidden.png'), png(2, 2, pattern));
    await writeFile(join(dir, 'notes.txt'), 'not an image');
    const ds = await imageFolderDataset(dir, { shape: [1, 2, 3, 3] });
    assert.equal(ds.size, 3);
    assert.equal(ds.synthetic, false);
    assert.match(ds.description, /3 images.*2x3x3.*127\.5/);
    const s = await collectSamples(ds);
    assert.deepEqual(s.map((x) => x.name), ['a.BMP', 'b.png', join('sub', 'c.png')]);
    assert.deepEqual(s[0]!.shape, [2, 3, 3]);
    assert.deepEqual([...s[0]!.data.subarray(0, 3)], [-1, 1, -1]);
    assert.deepEqual([...s[1]!.data.subarray(0, 3)], [1, -1, 1]);
    const again = await collectSamples(ds);
    assert.deepEqual(again.map((x) => [...x.data]), s.map((x) => [...x.data]), 'iterating twice gives the same samples');

    const gray = await collectSamples(await imageFolderDataset(dir, { shape: [2, 2, 1], mean: 0, std: 1, samples: 3 }));
    assert.deepEqual(gray[0]!.shape, [2, 2, 1]);
    assert.ok(Math.abs(gray[0]!.data[0]! - 0.587 * 255) < 1e-3);
    assert.ok(Math.abs(gray[2]!.data[0]! - (0.299 * 51 + 0.587 * 102 + 0.114 * 153)) < 1e-3);

    const perChannel = await collectSamples(
      await imageFolderDataset(dir, { shape: [1, 1, 3], mean: [51, 102, 153], std: [51, 51, 51], centerCrop: 0.5, samples: 1 }),
    );
    assert.deepEqual([...perChannel[0]!.data], [-1, 3, -3]);
    const limited = await imageFolderDataset(dir, { shape: [2, 2, 3], samples: 2 });
    assert.equal(limited.size, 2);
    assert.equal((await collectSamples(limited)).length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('image folder errors: empty folder, bad shape or options, corrupt image named at iteration', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'litec-img-'));
  try {
    await assert.rejects(imageFolderDataset(dir, { shape: [2, 2, 3] }), (e: unknown) => {
      return isLitecError(e) && e.diagnostics[0]!.code === Codes.NoCalibrationData && e.message.includes(dir);
    });
    await writeFile(join(dir, 'bad.jpg'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await assert.rejects(imageFolderDataset(dir, { shape: [2, 2, 4] }), (e: unknown) => isLitecError(e) && /\[2,2,4\]/.test(e.message));
    await assert.rejects(imageFolderDataset(dir, { shape: [2, 2, 3], std: 0 }), (e: unknown) => isLitecError(e) && /std/.test(e.message));
    await assert.rejects(imageFolderDataset(dir, { shape: [2, 2, 3], mean: [1, 2] }), (e: unknown) => isLitecError(e) && /mean has 2 values/.test(e.message));
    await assert.rejects(imageFolderDataset(dir, { shape: [2, 2, 3], centerCrop: 1.5 }), (e: unknown) => isLitecError(e) && /centerCrop/.test(e.message));
    const ds = await imageFolderDataset(dir, { shape: [2, 2, 3] });
    await assert.rejects(collectSamples(ds), (e: unknown) => isLitecError(e) && /bad\.jpg.*JPEG/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('real images: grace_hopper.bmp (V5 header) decodes to the exact stored pixels; photos resize to 224x224', { skip: skipUnlessShared() }, async () => {
  const file = sharedModel('images/grace_hopper.bmp');
  const b = await readFile(file);
  const img = decodeImage(b, file);
  const off = b.readUInt32LE(10);
  const w = b.readInt32LE(18);
  const h = b.readInt32LE(22);
  assert.deepEqual([img.width, img.height], [512, 600]);
  const row = Math.ceil((w * 3) / 4) * 4;
  for (let y = 0; y < h; y += 7) {
    for (let x = 0; x < w; x += 5) {
      const p = off + (h - 1 - y) * row + x * 3;
      const q = (y * w + x) * 3;
      assert.deepEqual([img.data[q], img.data[q + 1], img.data[q + 2]], [b[p + 2], b[p + 1], b[p]], `pixel ${x},${y}`);
    }
  }
  const ds = await imageFolderDataset(sharedModel('images/photos'), { shape: [1, 224, 224, 3], centerCrop: 0.875, samples: 4 });
  const s = await collectSamples(ds);
  assert.equal(s.length, 4);
  for (const x of s) {
    assert.deepEqual(x.shape, [224, 224, 3]);
    assert.ok(x.data.every((v) => v >= -1 && v <= 1));
  }
});

test('listFiles keeps symlinked files, skips symlinked folders, sorts by code unit', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'litec-img-'));
  try {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'Z.png'), png(2, 2, pattern));
    await writeFile(join(dir, 'a.png'), png(2, 2, pattern));
    await symlink(join(dir, 'real', 'Z.png'), join(dir, 'link.png'));
    await symlink(join(dir, 'real'), join(dir, 'loop'));
    assert.deepEqual(await listFiles(dir, ['.png']), ['a.png', 'link.png', join('real', 'Z.png')]);
    assert.deepEqual(await listFiles(dir, ['.png'], false), ['a.png', 'link.png']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
