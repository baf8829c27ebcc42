// Diagnostics: coded, located messages for user errors; the CLI prints them in one line and exits 2.
import type { Loc } from '../ir/loc.js';

export type Severity = 'error' | 'warning' | 'note' | 'remark';

export interface DiagnosticInit {
  severity?: Severity;
  /** Stable code such as LC2003; see catalogue.ts. */
  code: string;
  message: string;
  /** Where: a file path (with optional line:col), and/or an IR location. */
  file?: string;
  line?: number;
  col?: number;
  loc?: Loc;
  /** Extra lines (hints, what to do). */
  notes?: string[];
}

export class Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly loc?: Loc;
  readonly notes: string[];

  constructor(init: DiagnosticInit) {
    this.severity = init.severity ?? 'error';
    this.code = init.code;
    this.message = init.message;
    if (init.file !== undefined) this.file = init.file;
    if (init.line !== undefined) this.line = init.line;
    if (init.col !== undefined) this.col = init.col;
    if (init.loc !== undefined) this.loc = init.loc;
    this.notes = init.notes ?? [];
  }

  /** One line: `file:line:col: <loc>: error LC2003: message`. Notes go on following lines when asked. */
  format(withNotes = false): string {
    const parts: string[] = [];
    // Messages often start with the file already ("f.pb: not a valid ..."); do not say it twice.
    const fileInMessage = this.file !== undefined && this.line === undefined && this.message.startsWith(`${this.file}:`);
    if (this.file !== undefined && !fileInMessage) {
      let where = this.file;
      if (this.line !== undefined) where += `:${this.line}`;
      if (this.line !== undefined && this.col !== undefined) where += `:${this.col}`;
      parts.push(where);
    }
    const locText = this.loc?.describe();
    if (locText) parts.push(locText);
    if (fileInMessage) parts.push(`${this.severity} ${this.code}: ${this.message.slice(this.file!.length + 1).trimStart()}`);
    else parts.push(`${this.severity} ${this.code}: ${this.message}`);
    if (fileInMessage) parts.unshift(this.file!);
    // A diagnostic is one line even when a quoted token, file or node name holds a line break.
    let text = parts.join(': ').replace(/\r?\n/g, '\\n');
    if (withNotes) for (const n of this.notes) text += `\n  note: ${n}`;
    return text;
  }
}

/** Thrown for user errors (bad input, bad flags). Anything else thrown is an internal error. */
export class LitecError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diag: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diag) ? diag : [diag];
    super(list.map((d) => d.format()).join('\n'));
    this.name = 'LitecError';
    this.diagnostics = list;
  }
}

/** Shorthand for throwing a user error. */
export function userError(code: string, message: string, where: Omit<DiagnosticInit, 'code' | 'message'> = {}): never {
  throw new LitecError(new Diagnostic({ ...where, code, message }));
}

export function isLitecError(e: unknown): e is LitecError {
  return e instanceof LitecError;
}

/**
 * One diagnostic standing for several (the first, saying how many more), so an importer's verifier failures on
 * a damaged file stay a one-line error. `litec opt` prints each one instead: there the IR is the user's text.
 */
export function summarizeDiagnostics(diags: readonly Diagnostic[], extra: Partial<DiagnosticInit> = {}): Diagnostic {
  const first = diags[0];
  if (first === undefined) throw new Error('internal: summarizeDiagnostics needs at least one diagnostic');
  const more = diags.length - 1;
  const init: DiagnosticInit = {
    severity: first.severity,
    code: first.code,
    message: more > 0 ? `${first.message} (and ${more} more error${more === 1 ? '' : 's'})` : first.message,
    notes: first.notes,
    ...(first.file !== undefined ? { file: first.file } : {}),
    ...(first.line !== undefined ? { line: first.line } : {}),
    ...(first.col !== undefined ? { col: first.col } : {}),
    ...(first.loc !== undefined ? { loc: first.loc } : {}),
    ...extra,
  };
  return new Diagnostic(init);
}
