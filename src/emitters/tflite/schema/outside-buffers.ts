// Moves buffer data after a finished flatbuffer and patches each Buffer.offset (TFLite's >2 GB model layout).

/** Field id of `Buffer.offset` in schema.fbs (`data` is 0, `offset` 1, `size` 2). */
const BUFFER_OFFSET_FIELD = 1;

function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/**
 * `flat` is a finished flatbuffer whose Buffer tables (builder offsets `bufferTables`, measured from the end of
 * `flat`) carry placeholder offset and real size fields for non-empty `data`. Returns flat + aligned data, with
 * each offset patched to the absolute file position of its data.
 */
export function placeBuffersOutside(
  flat: Uint8Array,
  bufferTables: readonly number[],
  data: readonly Uint8Array[],
  align: number,
): Uint8Array {
  let end = alignUp(flat.length, align);
  const positions = data.map((d) => {
    if (d.length === 0) return 0;
    const at = end;
    end = alignUp(end + d.length, align);
    return at;
  });
  const out = new Uint8Array(end);
  out.set(flat, 0);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  data.forEach((d, i) => {
    const at = positions[i] ?? 0;
    if (d.length === 0) return;
    out.set(d, at);
    const table = flat.length - (bufferTables[i] ?? 0);
    const vtable = table - view.getInt32(table, true);
    const fieldOff = view.getUint16(vtable + 4 + 2 * BUFFER_OFFSET_FIELD, true);
    if (fieldOff === 0) throw new Error(`internal: buffer ${i} has no offset field to patch`);
    view.setBigUint64(table + fieldOff, BigInt(at), true);
  });
  return out;
}
