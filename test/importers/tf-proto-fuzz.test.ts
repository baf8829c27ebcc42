// Mutation test: random byte flips and truncations of real .pb files never raise anything but LitecError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isLitecError } from '../../src/diag/diagnostic.js';
import {
  decodeGraphDef,
  decodeMetaGraphDef,
  decodeSavedModel,
  tensorProtoToValue,
  type GraphDef,
} from '../../src/importers/tf/proto/index.js';
import { sharedModel, skipUnlessShared } from '../support/shared-models.js';

const skip = skipUnlessShared();

const FILES: { rel: string; decode: (b: Uint8Array, f: string) => GraphDef | null }[] = [
  { rel: 'savedmodel/half_plus_two_tf1/saved_model.pb', decode: (b, f) => decodeSavedModel(b, f).meta_graphs[0]?.graph_def ?? null },
  { rel: 'savedmodel/half_plus_two_tf2/saved_model.pb', decode: (b, f) => decodeSavedModel(b, f).meta_graphs[0]?.graph_def ?? null },
  { rel: 'savedmodel/mnist_cnn_bn/saved_model.pb', decode: (b, f) => decodeSavedModel(b, f).meta_graphs[0]?.graph_def ?? null },
  { rel: 'tf1/mnist_mlp_checkpoint/fc2.ckpt.meta', decode: (b, f) => decodeMetaGraphDef(b, f).graph_def },
  { rel: 'tf1/cifar_cnn_frozen.pb', decode: (b, f) => decodeGraphDef(b, f) },
];

/** Decodes and then turns every constant into values, as the importer will. */
function useAll(entry: (typeof FILES)[number], bytes: Uint8Array): void {
  const graph = entry.decode(bytes, entry.rel);
  const nodes = [...(graph?.node ?? []), ...(graph?.library?.function.flatMap((f) => f.node_def) ?? [])];
  for (const n of nodes) {
    const t = n.attr['value']?.tensor;
    if (n.op === 'Const' && t !== undefined) tensorProtoToValue(t, { file: entry.rel, what: `node "${n.name}"` });
  }
}

test('mutated .pb files only ever raise LitecError', { skip }, () => {
  const originals = FILES.map((f) => readFileSync(sharedModel(f.rel)));
  let failures = 0;
  let successes = 0;
  fc.assert(
    fc.property(
      fc.nat({ max: FILES.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.option(fc.nat(), { freq: 3 }),
      (which, flips, cut) => {
        // Flips land near the start (headers, lengths, small nodes) as often as anywhere in a large file.
        const original = originals[which]!;
        let bytes = new Uint8Array(original);
        for (const [pos, mask] of flips) {
          const where = pos % 2 === 0 ? pos % Math.min(bytes.length, 4096) : pos % bytes.length;
          bytes[where]! ^= mask;
        }
        if (cut !== null) bytes = bytes.subarray(0, cut % bytes.length);
        try {
          useAll(FILES[which]!, bytes);
          successes++;
        } catch (e) {
          if (!isLitecError(e)) throw e;
          failures++;
        }
      },
    ),
    { numRuns: 200 },
  );
  assert.ok(failures > 0 && successes > 0, `both outcomes occur (${failures} errors, ${successes} decoded)`);
});
