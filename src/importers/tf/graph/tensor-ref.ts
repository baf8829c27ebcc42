// Parses NodeDef input strings: "node", "node:1", "^control", and FunctionDef's "node:out_arg:2" / "arg" forms.

/** A data input as written in a NodeDef: which node and which of its outputs. */
export interface TensorRef {
  readonly node: string;
  /** Output position: a flat index ("node:1"), or an output-arg name plus index inside it ("node:out:1"). */
  readonly output: number | { readonly arg: string; readonly index: number };
}

export function isControlInput(input: string): boolean {
  return input.startsWith('^');
}

/** The data inputs of a node, control inputs (`^name`) dropped: they order side effects, not data. */
export function dataInputs(inputs: readonly string[]): string[] {
  return inputs.filter((i) => !isControlInput(i));
}

const DIGITS = /^\d+$/;

/**
 * Parses a tensor reference. Top-level graphs use `name` or `name:N`; function bodies use `name:arg:N` (and a bare
 * `name` for a function argument). Node names may themselves contain no ':' in valid graphs, so the last one or two
 * ':'-separated parts are the output position. Returns undefined for an empty or malformed string.
 */
export function parseTensorRef(text: string): TensorRef | undefined {
  if (text === '' || isControlInput(text)) return undefined;
  const parts = text.split(':');
  if (parts.length === 1) return { node: text, output: 0 };
  if (parts.length === 2) {
    const [node, idx] = parts as [string, string];
    if (node === '') return undefined;
    // "node:out_arg" (index omitted) appears in some function bodies: output 0 of that arg.
    if (!DIGITS.test(idx)) return idx === '' ? undefined : { node, output: { arg: idx, index: 0 } };
    return { node, output: Number(idx) };
  }
  if (parts.length === 3) {
    const [node, arg, idx] = parts as [string, string, string];
    if (node === '' || arg === '' || !DIGITS.test(idx)) return undefined;
    return { node, output: { arg, index: Number(idx) } };
  }
  return undefined;
}

/** Canonical "name:N" text of a top-level tensor (":0" kept so feeds and fetches compare equal). */
export function tensorKey(node: string, index: number): string {
  return `${node}:${index}`;
}

/** Normalises a user or signature tensor name ("x", "x:0", "x:1") to "x:N". */
export function normaliseTensorName(text: string): { node: string; index: number } | undefined {
  const ref = parseTensorRef(text);
  if (ref === undefined || typeof ref.output !== 'number') return undefined;
  return { node: ref.node, index: ref.output };
}
