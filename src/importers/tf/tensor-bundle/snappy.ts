// Snappy block decompression through snappyjs, after a structural check that makes corrupt input fail, not hang.
import snappy from 'snappyjs';
import { ByteReader, type Fail } from './byte-reader.js';

/**
 * Decompresses one raw Snappy block. snappyjs trusts its input (a crafted literal length can move its cursor
 * backwards and loop forever, and short output is zero-filled silently), so the tag stream is walked first: every
 * literal must lie inside the input, every copy must point into bytes already produced, and the total must equal
 * the declared length.
 */
export function snappyUncompress(compressed: Uint8Array, fail: Fail): Uint8Array {
  validateSnappy(compressed, fail);
  try {
    const out = snappy.uncompress(compressed);
    return out;
  } catch (e) {
    return fail(`snappy: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function validateSnappy(bytes: Uint8Array, fail: Fail): void {
  const r = new ByteReader(bytes, (why) => fail(`invalid snappy data (${why})`));
  const declared = r.varint32();
  let produced = 0;
  while (r.remaining > 0) {
    const tag = r.take(1)[0]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = (tag >>> 2) + 1;
      if (len > 60) {
        const extra = r.take(len - 60);
        len = 0;
        for (let i = extra.length - 1; i >= 0; i--) len = len * 256 + extra[i]!;
        len += 1;
      }
      r.take(len);
      produced += len;
    } else {
      let len: number;
      let offset: number;
      if (kind === 1) {
        len = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | r.take(1)[0]!;
      } else if (kind === 2) {
        len = (tag >>> 2) + 1;
        const o = r.take(2);
        offset = o[0]! | (o[1]! << 8);
      } else {
        len = (tag >>> 2) + 1;
        const o = r.take(4);
        offset = (o[0]! | (o[1]! << 8) | (o[2]! << 16) | (o[3]! << 24)) >>> 0;
      }
      if (offset === 0 || offset > produced) fail(`invalid snappy data (copy offset ${offset} at output ${produced})`);
      produced += len;
    }
    if (produced > declared) fail(`invalid snappy data (output exceeds the declared ${declared} bytes)`);
  }
  if (produced !== declared) fail(`invalid snappy data (${produced} bytes produced, ${declared} declared)`);
}
