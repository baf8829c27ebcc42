// Property: `litec inspect` on randomly damaged real files (truncated, bit-flipped, spliced) exits 0 or 2, never 70.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';
import { STACK_FRAME, copyShared, litec, scratchDir } from './cli-harness.js';

const skip = skipUnlessShared();
const dir = skip ? '' : scratchDir('mutate');

/** One way to damage a file; positions are fractions of the length so they fit any file. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; bits: { at: number; bit: number }[] }
  | { kind: 'splice'; from: number; to: number; length: number }
  | { kind: 'word'; at: number; value: number };

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('flip' as const), bits: fc.array(fc.record({ at: fraction, bit: fc.integer({ min: 0, max: 7 }) }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('splice' as const), from: fraction, to: fraction, length: fc.integer({ min: 1, max: 256 }) }),
  // A random 32-bit word: offsets, lengths and counts in flatbuffers and protobuf varints live in such words.
  fc.record({ kind: fc.constant('word' as const), at: fraction, value: fc.integer({ min: 0, max: 0xffffffff }) }),
);

function mutate(original: Uint8Array, m: Mutation): Uint8Array {
  const n = original.length;
  const pos = (f: number): number => Math.floor(f * n);
  switch (m.kind) {
    case 'truncate':
      return original.slice(0, pos(m.at));
    case 'flip': {
      const b = original.slice();
      for (const { at, bit } of m.bits) b[pos(at)] = b[pos(at)]! ^ (1 << bit);
      return b;
    }
    case 'splice': {
      // Copies a run of the file over another place: valid-looking bytes in the wrong spot.
      const b = original.slice();
      const src = original.subarray(pos(m.from), pos(m.from) + m.length);
      b.set(src.subarray(0, n - pos(m.to)), pos(m.to));
      return b;
    }
    case 'word': {
      const b = original.slice();
      const at = Math.min(pos(m.at), n - 4);
      new DataView(b.buffer).setUint32(at, m.value, true);
      return b;
    }
  }
}

/** Checks one run: exit 0 with JSON on stdout, or exit 2 with one diagnostic line; never 70, never slow. */
async function inspectHolds(model: string): Promise<number> {
  const t0 = performance.now();
  const r = await litec('inspect', model, '--json');
  const ms = performance.now() - t0;
  assert.ok(r.code === 0 || r.code === 2, `exit ${r.code}:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, STACK_FRAME);
  if (r.code === 2) {
    assert.equal(r.errLines.length, 1, r.stderr);
    assert.match(r.errLines[0]!, /^litec: .*error LC\d{4}: /);
  } else {
    assert.equal((JSON.parse(r.stdout) as { path: string }).path, model);
  }
  assert.ok(ms < 5000, `inspect took ${ms.toFixed(0)} ms on a ${model}`);
  return r.code;
}

async function property(original: Uint8Array, target: string, model: string): Promise<Record<number, number>> {
  const seen: Record<number, number> = {};
  await fc.assert(
    fc.asyncProperty(mutation, async (m) => {
      writeFileSync(target, mutate(original, m));
      const code = await inspectHolds(model);
      seen[code] = (seen[code] ?? 0) + 1;
    }),
    { numRuns: 100 },
  );
  return seen;
}

test('inspect on a mutated .tflite (hello_world_int8) exits 0 or 2', { skip, timeout: 60_000 }, async () => {
  const original = readFileSync(sharedModel('tflite/hello_world_int8.tflite'));
  const target = join(dir, 'mutated.tflite');
  const seen = await property(original, target, target);
  // Both outcomes occur: damage the reader must refuse, and damage (e.g. in weights) it may accept.
  assert.ok((seen[2] ?? 0) > 0, `no run was rejected: ${JSON.stringify(seen)}`);
});

test('inspect on a SavedModel with a mutated saved_model.pb (half_plus_two_tf1) exits 0 or 2', { skip, timeout: 60_000 }, async () => {
  const model = copyShared('savedmodel/half_plus_two_tf1', dir, 'sm');
  const target = join(model, 'saved_model.pb');
  const original = readFileSync(target);
  const seen = await property(original, target, model);
  assert.ok((seen[2] ?? 0) > 0, `no run was rejected: ${JSON.stringify(seen)}`);
});

test('inspect on a mutated frozen GraphDef .pb (cifar_cnn_frozen) exits 0 or 2', { skip, timeout: 60_000 }, async () => {
  const original = readFileSync(sharedModel('tf1/cifar_cnn_frozen.pb'));
  const target = join(dir, 'mutated.pb');
  const seen = await property(original, target, target);
  assert.ok((seen[2] ?? 0) > 0, `no run was rejected: ${JSON.stringify(seen)}`);
});
