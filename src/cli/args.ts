// Argument parsing on node's util.parseArgs, turning its errors into one-line user errors.
import { parseArgs, ParseArgsConfig } from 'node:util';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, argv: readonly string[], options: OptionsConfig): Parsed {
  try {
    const r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return userError(Codes.BadFlag, `litec ${command}: ${msg.replace(/^Unknown option/, 'unknown option')} (see 'litec ${command} --help')`);
  }
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

export function strs(p: Parsed, name: string): string[] {
  const v = p.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** Parses a positive integer flag value. */
export function intFlag(p: Parsed, name: string, command: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) userError(Codes.BadFlag, `litec ${command}: --${name} expects a positive integer, got '${v}'`);
  return Number(v);
}
