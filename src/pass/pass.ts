// Passes: definePass with typed options, the context a pass runs in, and pattern-based passes.
import { Diagnostic } from '../diag/diagnostic.js';
import { Codes } from '../diag/catalogue.js';
import { Module } from '../ir/core.js';
import { GreedyOptions, GreedyResult, applyPatternsToModule } from '../rewrite/driver.js';
import { PatternSet } from '../rewrite/pattern.js';

export type OptionValue = number | boolean | string;

export interface OptionSpec {
  readonly type: 'int' | 'float' | 'bool' | 'string' | 'enum';
  readonly default: OptionValue;
  readonly values?: readonly string[];
  readonly description: string;
}

export type PassOptions = Readonly<Record<string, OptionValue>>;

/** A typed key for services that later layers hand to passes (calibration data, report sinks, ...). */
export interface ServiceKey<T> {
  readonly name: string;
  /** Phantom field that carries T; never set. */
  readonly __type?: T;
}
export function serviceKey<T>(name: string): ServiceKey<T> {
  return { name };
}

/** What a pass sees besides the module: diagnostics, statistics, services. */
export class PassContext {
  readonly diagnostics: Diagnostic[] = [];
  /** pass name → statistic name → value (pattern counts, removed ops...). */
  readonly stats = new Map<string, Map<string, number>>();
  private readonly services = new Map<string, unknown>();
  currentPass = '';

  warn(d: Omit<ConstructorParameters<typeof Diagnostic>[0], 'severity'>): void {
    this.diagnostics.push(new Diagnostic({ ...d, severity: 'warning' }));
  }
  remark(d: Omit<ConstructorParameters<typeof Diagnostic>[0], 'severity'>): void {
    this.diagnostics.push(new Diagnostic({ ...d, severity: 'remark' }));
  }
  stat(name: string, delta = 1): void {
    const m = this.stats.get(this.currentPass) ?? new Map<string, number>();
    m.set(name, (m.get(name) ?? 0) + delta);
    this.stats.set(this.currentPass, m);
  }
  provide<T>(key: ServiceKey<T>, value: T): this {
    this.services.set(key.name, value);
    return this;
  }
  get<T>(key: ServiceKey<T>): T | undefined {
    return this.services.get(key.name) as T | undefined;
  }
}

export interface PassSpec {
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Whether the pass claims to keep the model's function (numeric tests hold it to that). */
  readonly preservesSemantics?: boolean;
  run(module: Module, ctx: PassContext, options: PassOptions): void | Promise<void>;
}

export interface Pass {
  readonly spec: PassSpec;
  readonly options: PassOptions;
}

export function definePass(spec: PassSpec): PassSpec {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) throw new Error(`internal: pass name '${spec.name}' is not kebab-case`);
  return spec;
}

/** A pass that applies a pattern set greedily and records which patterns fired. */
export function definePatternPass(spec: Omit<PassSpec, 'run'> & { patterns: (options: PassOptions) => PatternSet; greedy?: GreedyOptions }): PassSpec {
  return definePass({
    ...spec,
    run(module, ctx, options) {
      const r: GreedyResult = applyPatternsToModule(module, spec.patterns(options), spec.greedy);
      for (const [name, n] of r.fired) ctx.stat(name, n);
      if (r.folded) ctx.stat('folded', r.folded);
      if (r.erased) ctx.stat('erased', r.erased);
      if (!r.converged) ctx.warn({ code: Codes.RewriteCap, message: `${spec.name} stopped at its rewrite cap without reaching a fixed point` });
    },
  });
}

/** Fills defaults and checks option values; returns an error message on a bad option. */
export function resolveOptions(spec: PassSpec, given: ReadonlyMap<string, string>): PassOptions | string {
  const out: Record<string, OptionValue> = {};
  const specs = spec.options ?? {};
  for (const [k, s] of Object.entries(specs)) out[k] = s.default;
  for (const [k, raw] of given) {
    const s = specs[k];
    if (s === undefined) {
      const known = Object.keys(specs);
      return `pass '${spec.name}' has no option '${k}'${known.length ? ` (options: ${known.join(', ')})` : ' (it takes no options)'}`;
    }
    switch (s.type) {
      case 'int': {
        if (!/^-?\d+$/.test(raw)) return `option '${k}' of '${spec.name}' expects an integer, got '${raw}'`;
        out[k] = Number(raw);
        break;
      }
      case 'float': {
        const x = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(x)) return `option '${k}' of '${spec.name}' expects a number, got '${raw}'`;
        out[k] = x;
        break;
      }
      case 'bool':
        if (raw !== 'true' && raw !== 'false' && raw !== '1' && raw !== '0') return `option '${k}' of '${spec.name}' expects true or false, got '${raw}'`;
        out[k] = raw === 'true' || raw === '1';
        break;
      case 'enum':
        if (!s.values!.includes(raw)) return `option '${k}' of '${spec.name}' expects one of ${s.values!.join('|')}, got '${raw}'`;
        out[k] = raw;
        break;
      case 'string':
        out[k] = raw;
        break;
    }
  }
  return out;
}
