// Detects what kind of model a path names: SavedModel folder, GraphDef, checkpoint, .tflite, .mlir, built-in.
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';

export type ModelFormat = 'saved-model' | 'graphdef' | 'checkpoint' | 'tflite' | 'mlir' | 'builtin';

export interface DetectedModel {
  readonly format: ModelFormat;
  /** Resolved path (for checkpoints: the prefix; for built-ins: the name). */
  readonly path: string;
}

function head(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Detects the format of `path`. `builtins` lists the built-in model names the caller knows. */
export function detectModel(path: string, builtins: readonly string[] = []): DetectedModel {
  if (!existsSync(path)) {
    if (builtins.includes(path)) return { format: 'builtin', path };
    // A checkpoint prefix names no file itself: model.ckpt → model.ckpt.index.
    if (existsSync(`${path}.index`)) return { format: 'checkpoint', path };
    const hint = builtins.length ? ` (built-in models: ${builtins.join(', ')})` : '';
    return userError(Codes.FileNotFound, `${path}: no such file or folder${hint}`, { file: path });
  }
  const st = statSync(path);
  if (st.isDirectory()) {
    if (existsSync(join(path, 'saved_model.pb'))) return { format: 'saved-model', path };
    if (existsSync(join(path, 'saved_model.pbtxt'))) userError(Codes.UnknownFormat, `${path}: text SavedModels (saved_model.pbtxt) are not supported; save with the binary format`, { file: path });
    return userError(Codes.UnknownFormat, `${path}: a folder without saved_model.pb is not a SavedModel`, { file: path });
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.mlir')) return { format: 'mlir', path };
  if (lower.endsWith('.meta')) return { format: 'checkpoint', path: path.slice(0, -'.meta'.length) };
  if (lower.endsWith('.index')) return { format: 'checkpoint', path: path.slice(0, -'.index'.length) };
  const h = head(path, 8);
  if (h.length >= 8 && String.fromCharCode(h[4]!, h[5]!, h[6]!, h[7]!) === 'TFL3') return { format: 'tflite', path };
  if (lower.endsWith('.tflite')) userError(Codes.BadMagic, `${path}: not a TFLite flatbuffer (file identifier is not "TFL3")`, { file: path });
  if (lower.endsWith('.pb') || lower.endsWith('.graphdef')) return { format: 'graphdef', path };
  return userError(Codes.UnknownFormat, `${path}: unknown model format (expected a SavedModel folder, .pb, .meta/checkpoint prefix, .tflite or .mlir)`, { file: path });
}
