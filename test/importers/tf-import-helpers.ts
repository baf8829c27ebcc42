// Test helpers for the TF importer tests: op histograms, constants by node name, module attribute values.
import assert from 'node:assert/strict';
import { DenseAttr } from '../../src/ir/attributes.js';
import { constantValue } from '../../src/ir/builtin-ops.js';
import type { Module, Operation } from '../../src/ir/core.js';
import { locName } from '../../src/ir/loc.js';

/** Op name → count, without the terminator. */
export function histogram(m: Module): Record<string, number> {
  const h: Record<string, number> = {};
  for (const op of m.allOps()) if (op.name !== 'func.return') h[op.name] = (h[op.name] ?? 0) + 1;
  return h;
}

/** The constant an importer made for TF node `node` (a Const or a variable). */
export function constantAt(m: Module, node: string): DenseAttr {
  const op = [...m.main().ops()].find((o) => o.name === 'arith.constant' && locName(o.loc) === node);
  assert.ok(op !== undefined, `no constant for node "${node}"`);
  return constantValue(op)!;
}

export function opAt(m: Module, node: string): Operation {
  const op = [...m.main().ops()].find((o) => locName(o.loc) === node);
  assert.ok(op !== undefined, `no op for node "${node}"`);
  return op;
}

/** A module attribute's plain value (string, int or bool). */
export function moduleAttr(m: Module, key: string): string | number | boolean | undefined {
  const a = m.attrs.get(key);
  return a?.kind === 'string' || a?.kind === 'int' || a?.kind === 'bool' ? a.value : undefined;
}
