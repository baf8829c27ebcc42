// The one error for TF ops litec cannot import: every op type with the nodes where it occurs.
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';

const SHOWN_NODES = 4;

/** `unsupported TF ops: Conv3D (nodes "a", "b"); Foo (node "c") — see 'litec passes' ...` (LC2003). */
export function unsupportedOpsMessage(ops: ReadonlyMap<string, readonly string[]>): string {
  const parts = [...ops]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([op, nodes]) => {
      const shown = nodes.slice(0, SHOWN_NODES).map((n) => `"${n}"`).join(', ');
      const more = nodes.length > SHOWN_NODES ? ` and ${nodes.length - SHOWN_NODES} more` : '';
      return `${op} (node${nodes.length > 1 ? 's' : ''} ${shown}${more})`;
    });
  return `unsupported TF ops: ${parts.join('; ')} — see 'litec passes' for what litec can lower, or cut the graph before them with --outputs`;
}

export function unsupportedOpsError(file: string, ops: ReadonlyMap<string, readonly string[]>): never {
  return userError(Codes.UnsupportedOp, `${file}: ${unsupportedOpsMessage(ops)}`, { file });
}
