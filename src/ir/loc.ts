// Source locations carried by every op: a TF node name, a file position, a fusion of several, or unknown.
export type Loc =
  | { kind: 'unknown'; describe(): string }
  | { kind: 'name'; name: string; child?: Loc; describe(): string }
  | { kind: 'file'; file: string; line: number; col: number; describe(): string }
  | { kind: 'fused'; locs: Loc[]; describe(): string };

export const UnknownLoc: Loc = { kind: 'unknown', describe: () => '' };

export function nameLoc(name: string, child?: Loc): Loc {
  return child === undefined
    ? { kind: 'name', name, describe: () => `node "${name}"` }
    : { kind: 'name', name, child, describe: () => `node "${name}"` };
}

export function fileLoc(file: string, line: number, col: number): Loc {
  return { kind: 'file', file, line, col, describe: () => `${file}:${line}:${col}` };
}

/** Fuses locations, flattening nested fusions and dropping unknowns and duplicates. */
export function fusedLoc(locs: Loc[]): Loc {
  const flat: Loc[] = [];
  const seen = new Set<string>();
  const add = (l: Loc): void => {
    if (l.kind === 'unknown') return;
    if (l.kind === 'fused') {
      for (const x of l.locs) add(x);
      return;
    }
    const key = printLoc(l);
    if (seen.has(key)) return;
    seen.add(key);
    flat.push(l);
  };
  for (const l of locs) add(l);
  if (flat.length === 0) return UnknownLoc;
  if (flat.length === 1) return flat[0]!;
  return { kind: 'fused', locs: flat, describe: () => flat.map((x) => x.describe()).join(', ') };
}

/** The first TF node name in a location, used for tensor names in emitted models. */
export function locName(loc: Loc): string | undefined {
  switch (loc.kind) {
    case 'name':
      return loc.name;
    case 'fused':
      for (const l of loc.locs) {
        const n = locName(l);
        if (n !== undefined) return n;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** MLIR textual form: loc("a"), loc("f.mlir":3:7), loc(fused["a", "b"]), loc(unknown). */
export function printLoc(loc: Loc): string {
  return `loc(${printLocBody(loc)})`;
}

function printLocBody(loc: Loc): string {
  switch (loc.kind) {
    case 'unknown':
      return 'unknown';
    case 'name':
      return loc.child ? `${JSON.stringify(loc.name)}(${printLocBody(loc.child)})` : JSON.stringify(loc.name);
    case 'file':
      return `${JSON.stringify(loc.file)}:${loc.line}:${loc.col}`;
    case 'fused':
      return `fused[${loc.locs.map(printLocBody).join(', ')}]`;
  }
}
