// The pass registry: name → pass spec, built once at start-up by passes/index.ts.
import { PassSpec } from './pass.js';

export class PassRegistry {
  private readonly passes = new Map<string, PassSpec>();
  constructor(specs: Iterable<PassSpec> = []) {
    for (const s of specs) this.add(s);
  }
  add(s: PassSpec): void {
    if (this.passes.has(s.name)) throw new Error(`internal: pass ${s.name} registered twice`);
    this.passes.set(s.name, s);
  }
  get(name: string): PassSpec | undefined {
    return this.passes.get(name);
  }
  names(): string[] {
    return [...this.passes.keys()].sort();
  }
  all(): PassSpec[] {
    return this.names().map((n) => this.passes.get(n)!);
  }
}
