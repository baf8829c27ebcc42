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
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the temp file could not even be created (its folder is missing or is a file)
    }
    userError(Codes.WriteFailed, `cannot write ${path}: ${whyNotWritten(e, path)}`, { file: path });
  }
}

/** The reason a write failed, in words about `path` (node's message names the temp file, which confuses). */
function whyNotWritten(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const dir = dirname(path);
  switch (code) {
    case 'ENOENT':
      return `the folder ${dir} does not exist; create it first`;
    case 'ENOTDIR':
      return `a part of the folder path ${dir} is a file, not a folder`;
    case 'EISDIR':
      return 'it is a folder; give a file name';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `permission denied (${code}); choose another output path`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the device (${code})`;
    default:
      return e instanceof Error ? `${e.message.split('\n')[0]}` : String(e);
  }
}
