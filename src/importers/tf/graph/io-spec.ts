// Shared by the TF importers: reading a model file, and turning --inputs/--outputs into input and output lists.
import { readFileSync } from 'node:fs';
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import type { InputDecl } from './flat-graph.js';
import { normaliseTensorName } from './tensor-ref.js';

/** Reads a whole file; a missing or unreadable file is a one-line user error. */
export function readModelBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return userError(Codes.FileNotFound, `${path}: ${what} not found`, { file: path });
    return userError(Codes.FileNotFound, `${path}: cannot read ${what} (${code ?? String(e)})`, { file: path });
  }
}

/** The name users see for a tensor they named: "x:0" → "x", "x:1" stays "x:1". */
export function displayName(tensor: string): string {
  const t = normaliseTensorName(tensor);
  if (t === undefined) return tensor;
  return t.index === 0 ? t.node : `${t.node}:${t.index}`;
}

export function inputDeclsFromNames(names: readonly string[]): InputDecl[] {
  return names.map((n) => ({ tensor: n, name: displayName(n) }));
}

export function outputsFromNames(names: readonly string[]): { tensor: string; name: string }[] {
  return names.map((n) => ({ tensor: n, name: displayName(n) }));
}

/** Checks --inputs/--outputs lists for repeats, which would make two args or results of one tensor. */
export function checkDistinct(names: readonly string[], flag: string, file: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    const t = normaliseTensorName(n);
    const key = t === undefined ? n : `${t.node}:${t.index}`;
    if (seen.has(key)) userError(Codes.BadFlag, `${file}: ${flag} names "${n}" twice`, { file });
    seen.add(key);
  }
}
