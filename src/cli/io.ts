// CLI plumbing: the output sinks commands write to, and atomic file writes (temp file, then rename).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/** Writes a file so that readers never see a half-written one: a temp file in the same folder, then rename. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const msg = e instanceof Error ? e.message : String(e);
    userError(Codes.WriteFailed, `cannot write ${path}: ${msg}`, { file: path });
  }
}
