// MLIR-style pipeline strings: `canonicalize,fold-batchnorm,quantize{mode=int8 per-channel=true}`.
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { Pass, resolveOptions } from './pass.js';
import { PassRegistry } from './registry.js';

export interface PipelineItem {
  readonly name: string;
  readonly options: ReadonlyMap<string, string>;
  /** 1-based column of the pass name in the pipeline text. */
  readonly col: number;
}

function fail(code: string, text: string, col: number, message: string): never {
  return userError(code, `${message}`, { file: '--passes', line: 1, col, notes: [text, ' '.repeat(col - 1) + '^'] });
}

/** Splits a pipeline into items without resolving names (syntax only). */
export function parsePipelineSyntax(text: string): PipelineItem[] {
  const items: PipelineItem[] = [];
  let i = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const readName = (): string => {
    const start = i;
    while (i < n && /[A-Za-z0-9_.-]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const parseList = (closing: string | undefined): void => {
    for (;;) {
      skipWs();
      if (closing !== undefined && text[i] === closing && items.length >= 0) {
        return;
      }
      const col = i + 1;
      const name = readName();
      if (name === '') fail(Codes.PipelineSyntax, text, col, i < n ? `expected a pass name, found '${text[i]}'` : 'expected a pass name at the end of the pipeline');
      skipWs();
      if ((name === 'builtin.module' || name === 'func.func' || name === 'any') && text[i] === '(') {
        i++;
        parseList(')');
        if (text[i] !== ')') fail(Codes.PipelineSyntax, text, i + 1, `expected ')' to close '${name}('`);
        i++;
      } else {
        const options = new Map<string, string>();
        if (text[i] === '{') {
          i++;
          for (;;) {
            skipWs();
            if (text[i] === '}') {
              i++;
              break;
            }
            if (i >= n) fail(Codes.PipelineSyntax, text, i + 1, `expected '}' to close the options of '${name}'`);
            const kcol = i + 1;
            const key = readName();
            if (key === '') fail(Codes.PipelineSyntax, text, kcol, `expected an option name in '${name}{...}', found '${text[i]}'`);
            skipWs();
            let value = 'true';
            if (text[i] === '=') {
              i++;
              skipWs();
              if (text[i] === '"' || text[i] === "'") {
                const q = text[i]!;
                const end = text.indexOf(q, i + 1);
                if (end < 0) fail(Codes.PipelineSyntax, text, i + 1, 'unterminated quoted option value');
                value = text.slice(i + 1, end);
                i = end + 1;
              } else {
                const start = i;
                while (i < n && !/[\s}]/.test(text[i]!)) i++;
                value = text.slice(start, i);
                if (value === '') fail(Codes.PipelineSyntax, text, i + 1, `expected a value for option '${key}'`);
              }
            }
            if (options.has(key)) fail(Codes.BadPassOption, text, kcol, `option '${key}' given twice`);
            options.set(key, value);
            // Options may be separated by spaces or commas.
            skipWs();
            if (text[i] === ',') i++;
          }
        }
        items.push({ name, options, col });
      }
      skipWs();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (closing !== undefined && text[i] === closing) return;
      if (i >= n) return;
      fail(Codes.PipelineSyntax, text, i + 1, `expected ',' between passes, found '${text[i]}'`);
    }
  };
  skipWs();
  if (i >= n || text.trim() === 'none') return [];
  parseList(undefined);
  return items;
}

/** Parses and resolves a pipeline against the registry, checking names and option values. */
export function parsePipeline(text: string, registry: PassRegistry): Pass[] {
  return parsePipelineSyntax(text).map((item) => {
    const spec = registry.get(item.name);
    if (spec === undefined) {
      const near = registry.names().filter((n) => n.startsWith(item.name.slice(0, 4)));
      fail(Codes.UnknownPass, text, item.col, `unknown pass '${item.name}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; 'litec passes' lists them`);
    }
    const opts = resolveOptions(spec, item.options);
    if (typeof opts === 'string') fail(Codes.BadPassOption, text, item.col, opts);
    return { spec, options: opts };
  });
}

/** Prints passes back in pipeline syntax (non-default options only). */
export function printPipeline(passes: readonly Pass[]): string {
  return passes
    .map((p) => {
      const opts = Object.entries(p.options).filter(([k, v]) => p.spec.options?.[k]?.default !== v);
      return opts.length ? `${p.spec.name}{${opts.map(([k, v]) => `${k}=${v}`).join(' ')}}` : p.spec.name;
    })
    .join(',');
}
