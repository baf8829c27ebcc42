// Splits a model between a target and the CPU the way each runtime does: as is, one segment (Edge TPU), or the largest partition (GPU).
import type { Operation } from '../src/ir/core.js';
import type { OpContext, Partitioning, Violation } from './target.js';

export interface Split {
  readonly mapped: readonly boolean[];
  /** Why an op that passes its own rules still runs on the CPU. */
  readonly spillReason: readonly (string | undefined)[];
  /** The op that ends the target's subgraph (single-segment), else the first op failing a rule. */
  readonly blocker: number | undefined;
}

const describe = (c: OpContext): string => `#${c.index} ${c.tflName}${c.loc ? ` "${c.loc}"` : ''}`;

export function partition(ops: readonly OpContext[], violations: readonly (readonly Violation[])[], mode: Partitioning): Split {
  const ok = violations.map((v) => v.length === 0);
  const firstFailing = ok.indexOf(false);
  const firstBlocker = firstFailing < 0 ? undefined : firstFailing;
  switch (mode) {
    case 'all':
      return { mapped: ok, spillReason: ok.map(() => undefined), blocker: firstBlocker };
    case 'single-segment':
      return singleSegment(ops, ok, firstBlocker);
    case 'largest-partition':
      return largestPartition(ops, ok, firstBlocker);
  }
}

/**
 * The Edge TPU compiler builds one Edge TPU subgraph: it starts at the first op it can map (unmappable ops before
 * it, such as a float QUANTIZE on the model input, stay on the CPU) and ends at the next op it cannot map; that op
 * and every op after it in topological order run on the CPU ("More than one subgraph is not supported").
 */
function singleSegment(ops: readonly OpContext[], ok: readonly boolean[], firstBlocker: number | undefined): Split {
  const start = ok.indexOf(true);
  if (start < 0) return { mapped: ok.map(() => false), spillReason: ok.map(() => undefined), blocker: firstBlocker };
  const endRel = ok.slice(start).indexOf(false);
  const end = endRel < 0 ? ok.length : start + endRel;
  const blocker = end < ok.length ? end : firstBlocker;
  const endOp = ops[end];
  const mapped = ok.map((x, i) => x && i >= start && i < end);
  const spillReason = ok.map((x, i) =>
    x && i > end && endOp
      ? `runs on the CPU: the Edge TPU compiler makes a single Edge TPU subgraph, and it ends at the first op it cannot map (${describe(endOp)})`
      : undefined,
  );
  return { mapped, spillReason, blocker };
}

/** Indices of the model ops that produce op's operands. */
function dependencies(ops: readonly OpContext[]): number[][] {
  const indexOf = new Map<Operation, number>();
  ops.forEach((c, i) => indexOf.set(c.op, i));
  return ops.map((c) => [...new Set(c.op.operands.map((v) => (v.producer ? indexOf.get(v.producer) : undefined)).filter((d): d is number => d !== undefined))]);
}

/**
 * TFLite partitions a graph into alternating subsets of supported and unsupported nodes, each as large as the
 * dependencies allow (graph_info.cc PartitionGraphIntoIndependentNodeSubsets); the GPU delegate then takes the
 * largest supported subset only (max_delegated_partitions defaults to 1).
 */
function largestPartition(ops: readonly OpContext[], ok: readonly boolean[], firstBlocker: number | undefined): Split {
  const n = ops.length;
  const deps = dependencies(ops);
  const subset = new Array<number>(n).fill(-1);
  const subsets: { supported: boolean; members: number[] }[] = [];
  let assigned = 0;
  let kind = ok[0] ?? true;
  let emptyRounds = 0;
  while (assigned < n && emptyRounds < 2) {
    const id = subsets.length;
    const members: number[] = [];
    for (let i = 0; i < n; i++) {
      if (subset[i]! >= 0 || ok[i] !== kind) continue;
      if (deps[i]!.every((d) => subset[d]! >= 0)) {
        subset[i] = id;
        members.push(i);
      }
    }
    if (members.length) {
      subsets.push({ supported: kind, members });
      assigned += members.length;
      emptyRounds = 0;
    } else emptyRounds++;
    kind = !kind;
  }
  let best: { supported: boolean; members: number[] } | undefined;
  for (const s of subsets) if (s.supported && (best === undefined || s.members.length > best.members.length)) best = s;
  const chosen = new Set(best?.members ?? []);
  const mapped = ok.map((x, i) => x && chosen.has(i));
  const spillReason = ok.map((x, i) =>
    x && !chosen.has(i)
      ? `runs on the CPU: the GPU delegate takes only the largest partition of supported ops (${chosen.size} ops) by default, and this op is in a smaller one (${subsets.find((s) => s.members.includes(i))?.members.length ?? 1} ops)`
      : undefined,
  );
  return { mapped, spillReason, blocker: firstBlocker };
}
