// Minimal declarations for bmp-js 0.1 (pure-JS BMP codec); only what litec uses.
declare module 'bmp-js' {
  export interface BmpDecoded {
    width: number;
    height: number;
    bitPP: number;
    /** 4 bytes per pixel in A, B, G, R order, top row first. */
    data: Buffer;
  }
  export function decode(buffer: Buffer): BmpDecoded;
  export function encode(image: { data: Buffer | Uint8Array; width: number; height: number }): {
    data: Buffer;
    width: number;
    height: number;
  };
}
