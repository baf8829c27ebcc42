// Argument parsing on node's util.parseArgs, turning its errors into one-line user errors.
import { parseArgs, ParseArgsConfig } from 'node:util';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` against `options`. Node's strict mode reports problems in messages written for developers
 * ("argument is ambiguous" for `--samples -1`), so parsing is lenient and every token is checked here instead.
 */
export function parseCommandArgs(command: string, argv: readonly string[], options: OptionsConfig): Parsed {
  let r;
  try {
    r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return userError(Codes.BadFlag, `litec ${command}: ${msg} (see 'litec ${command} --help')`);
  }
  const help = ` (see 'litec ${command} --help')`;
  for (const t of r.tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    const display = spec?.short !== undefined ? `-${spec.short}/--${t.name}` : `--${t.name}`;
    if (spec === undefined) {
      const near = closestOption(t.name, Object.keys(options));
      userError(Codes.BadFlag, `litec ${command}: unknown option '${t.rawName}'${near ? `; did you mean '--${near}'?` : ''}${help}`);
    }
    if (spec.type === 'boolean') {
      if (t.inlineValue) userError(Codes.BadFlag, `litec ${command}: ${display} takes no value, got '${t.rawName}=${t.value ?? ''}'`);
      continue;
    }
    if (t.value === undefined) userError(Codes.BadFlag, `litec ${command}: ${display} needs a value${help}`);
    // `--passes --quiet` takes '--quiet' as the value; negative numbers (`--mean -1`) and '-' (stdin) are values.
    if (!t.inlineValue && t.value.startsWith('-') && t.value !== '-' && !/^-\d/.test(t.value)) {
      userError(Codes.BadFlag, `litec ${command}: ${display} needs a value, but the next argument is the option '${t.value}' (write ${t.rawName}=VALUE for a value starting with '-')`);
    }
  }
  return { values: r.values as Parsed['values'], positionals: r.positionals };
}

/** The known option nearest to a mistyped one (edit distance <= 2, or a prefix), for "did you mean". */
function closestOption(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = k.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
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
  // Bounded by int32: shapes and counts end up in TFLite's int32 fields.
  if (!/^\d+$/.test(v) || Number(v) <= 0 || Number(v) > 2 ** 31 - 1) {
    userError(Codes.BadFlag, `litec ${command}: --${name} expects a positive integer (at most ${2 ** 31 - 1}), got '${v}'`);
  }
  return Number(v);
}

/** A comma-separated list of finite numbers (--mean 127.5 or --mean 123.7,116.3,103.5). */
export function numbers(p: Parsed, name: string, command: string): number[] | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const xs = v.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (xs.some((x) => !Number.isFinite(x))) userError(Codes.BadFlag, `litec ${command}: --${name} expects numbers like 127.5 or 123.7,116.3,103.5, got '${v}'`);
  return xs;
}
