// Minimal types for snappyjs (raw Snappy block format, no framing); the package ships none.
declare module 'snappyjs' {
  /** Decompresses; the result has the input's kind (Uint8Array in, Uint8Array out). Throws on invalid data. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function uncompress(compressed: ArrayBuffer, maxLength?: number): ArrayBuffer;
  export function compress(uncompressed: Uint8Array): Uint8Array;
  export function compress(uncompressed: ArrayBuffer): ArrayBuffer;
  const snappy: {
    uncompress: typeof uncompress;
    compress: typeof compress;
  };
  export default snappy;
}
