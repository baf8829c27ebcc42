// The target model: a target is data (ops, versions, types) plus rules with reason codes; analyze() places every op.
import type { Module, Operation } from '../src/ir/core.js';
import { locName } from '../src/ir/loc.js';
import { mappingForOp, opVersion } from '../src/emitters/tflite/op-table.js';
import type { SigType } from '../src/emitters/tflite/versions.js';
import { partition } from './partition.js';
import { suggest } from './suggestions.js';

export type TargetName = 'cpu' | 'gpu' | 'edgetpu';
export type QuantizeMode = 'none' | 'int8' | 'dynamic-range' | 'float16';

/** A failed rule: a stable code (ET-VERSION, GPU-OP, ...), one sentence saying why, and what to do if known. */
export interface Violation {
  readonly code: string;
  readonly reason: string;
  readonly fix?: string;
}

/** What a rule sees about one op. */
export interface OpContext {
  readonly op: Operation;
  /** Position among the model's operators (constants and the return do not count), as in the emitted .tflite. */
  readonly index: number;
  /** TFLite builtin name (CONV_2D), 'CUSTOM' for custom ops, or the IR name when TFLite has no such op. */
  readonly tflName: string;
  /** The version the emitter writes for this op (0 when it has no TFLite form). */
  readonly version: number;
  /** TF node name from the op's location ('' when unknown). */
  readonly loc: string;
}

export type OpRule = (c: OpContext) => Violation | undefined;

/** One supported op: the highest version the target takes and op-specific rules. */
export interface OpSupport {
  readonly maxVersion: number;
  readonly rules?: readonly OpRule[];
}

export interface Note {
  readonly level: 'info' | 'warning';
  readonly code: string;
  readonly text: string;
  /** Indices of the ops the note is about. */
  readonly ops?: readonly number[];
}

export interface PipelineRequest {
  readonly quantize: QuantizeMode;
  readonly hasCalibrationData: boolean;
  /** Calibration samples (--samples); the calibrate pass's default when absent. */
  readonly samples?: number;
  /** Model input/output type of an int8 model (--io-type); the target's default when absent. */
  readonly io?: IoType;
}

/** The type of a full-integer model's inputs and outputs: float keeps QUANTIZE/DEQUANTIZE at the edges. */
export type IoType = 'float' | 'int8' | 'uint8';

/**
 * How the runtime splits a model between the target and the CPU:
 * all: everything runs where it is (the CPU target);
 * single-segment: one target subgraph from the first mappable op up to the first op that is not (Edge TPU compiler);
 * largest-partition: the largest group of supported ops (TFLite GPU delegate, max_delegated_partitions=1).
 */
export type Partitioning = 'all' | 'single-segment' | 'largest-partition';

export interface ParamCache {
  /** On-chip memory for parameters. */
  readonly capacity_bytes: number;
  /** Parameter bytes of the mapped ops. */
  readonly total_bytes: number;
  readonly on_chip_bytes: number;
  /** What would stream from off-chip memory on every inference. */
  readonly off_chip_bytes: number;
}

export interface Target {
  readonly name: TargetName;
  readonly summary: string;
  /** Status text of a mapped op in the per-op table ("Mapped to Edge TPU"). */
  readonly mappedStatus: string;
  /** Quantization the target needs to run a model at all. */
  readonly requiredQuantization: 'any' | 'full-integer';
  /** Storage types the target computes on (non-constant tensors), as TFLite names them. */
  readonly activationTypes: readonly SigType[];
  /** Supported ops by TFLite builtin name. */
  readonly ops: ReadonlyMap<string, OpSupport>;
  /** Rules every supported op must pass (tensor types, shapes), checked before the version. */
  readonly commonRules: readonly OpRule[];
  /** Words an op the target does not have. */
  readonly unsupported: (c: OpContext) => Violation;
  /** Words an op version above the target's limit. */
  readonly tooNew: (c: OpContext, maxVersion: number) => Violation;
  /** Short status per code for the Operator/Count/Status table (like the Edge TPU compiler's log). */
  readonly statusText: Readonly<Record<string, string>>;
  readonly partitioning: Partitioning;
  /** Code given to a supported op that still runs on the CPU because of the partitioning. */
  readonly spillCode: string;
  readonly defaultQuantize: (hasCalibrationData: boolean) => QuantizeMode;
  readonly pipeline: (req: PipelineRequest) => string;
  /** Remarks about one op that do not change where it runs (XNNPACK coverage, GPU channel slices). */
  readonly opNotes?: (c: OpContext) => string[];
  /** Model-level notes once placement is known. */
  readonly modelNotes?: (module: Module, p: PlacementCore) => Note[];
  readonly paramCache?: (mappedOps: readonly Operation[]) => ParamCache;
}

export interface OpRef {
  readonly index: number;
  readonly op: string;
  readonly loc: string;
}

export interface OpPlacement extends OpRef {
  readonly ir_op: string;
  readonly version: number;
  readonly mapped: boolean;
  /** Code of the first failed rule, or the spill code; null when mapped. */
  readonly code: string | null;
  readonly reason: string;
  readonly fix: string | null;
  /** Every rule the op fails on its own (empty for spilled and mapped ops). */
  readonly violations: readonly Violation[];
  readonly notes: readonly string[];
}

export interface TotalsRow {
  readonly op: string;
  readonly count: number;
  readonly mapped: boolean;
  readonly status: string;
}

export type Verdict = 'all-mapped' | 'partial' | 'none';

export interface Blocker extends OpRef {
  readonly code: string;
  readonly reason: string;
  readonly fix: string | null;
}

export interface Suggestion {
  /** Stable id, e.g. 'swish-to-relu6', 'batch-size-1'. */
  readonly id: string;
  readonly title: string;
  /** Pipeline fragment that applies the change, when litec has a pass for it. */
  readonly pass: string | null;
  /** Command-line flags that apply the change, when it is an import or quantization option. */
  readonly flags: string | null;
  /** Whether the change alters the model's outputs (retraining or fine-tuning may be needed). */
  readonly changes_numerics: boolean;
  /** The rule codes that led here ('advice' when nothing failed). */
  readonly because: readonly string[];
  readonly ops: readonly number[];
  readonly detail: string;
}

/** Placement before suggestions: what modelNotes and suggest() see. */
export interface PlacementCore {
  readonly target: TargetName;
  readonly summary: string;
  readonly verdict: Verdict;
  readonly mapped: number;
  readonly total: number;
  readonly ops: readonly OpPlacement[];
  readonly totals: readonly TotalsRow[];
  readonly first_blocker: Blocker | null;
  readonly cpu_ops: readonly OpRef[];
  readonly param_cache: ParamCache | null;
}

export interface Placement extends PlacementCore {
  readonly notes: readonly Note[];
  readonly suggestions: readonly Suggestion[];
}

/** The operators of the entry func in emission order (constants and the terminator are not operators). */
export function modelOps(module: Module): Operation[] {
  return module.main().body.opList().filter((op) => op.name !== 'arith.constant' && op.name !== 'func.return');
}

export function opContext(op: Operation, index: number): OpContext {
  const mapping = mappingForOp(op.name);
  const tflName = op.name === 'tfl.custom' ? 'CUSTOM' : (mapping?.code ?? op.name);
  const version = op.name === 'tfl.custom' ? 1 : mapping ? opVersion(op, mapping.code) : 0;
  return { op, index, tflName, version, loc: locName(op.loc) ?? '' };
}

/** Every rule the op fails on the target, most fundamental first. */
export function checkOp(c: OpContext, target: Target): Violation[] {
  const support = target.ops.get(c.tflName);
  if (support === undefined) return [target.unsupported(c)];
  const out: Violation[] = [];
  for (const rule of target.commonRules) {
    const v = rule(c);
    if (v) out.push(v);
  }
  if (c.version > support.maxVersion) out.push(target.tooNew(c, support.maxVersion));
  for (const rule of support.rules ?? []) {
    const v = rule(c);
    if (v) out.push(v);
  }
  return out;
}

/** Places every op of the module's entry func on the target (mapped or CPU), with reasons, totals and suggestions. */
export function analyze(module: Module, target: Target): Placement {
  const contexts = modelOps(module).map(opContext);
  const violations = contexts.map((c) => checkOp(c, target));
  const split = partition(contexts, violations, target.partitioning);
  const refOf = (c: OpContext): OpRef => ({ index: c.index, op: c.tflName, loc: c.loc });

  const ops: OpPlacement[] = contexts.map((c, i) => {
    const own = violations[i]!;
    const mapped = split.mapped[i]!;
    const spill = split.spillReason[i];
    const first = own[0];
    const code = mapped ? null : (first?.code ?? target.spillCode);
    const reason = mapped ? target.mappedStatus : (first?.reason ?? spill ?? 'runs on the CPU');
    return {
      ...refOf(c),
      ir_op: c.op.name,
      version: c.version,
      mapped,
      code,
      reason,
      fix: mapped ? null : (first?.fix ?? null),
      violations: own,
      notes: target.opNotes?.(c) ?? [],
    };
  });

  const mappedCount = ops.filter((o) => o.mapped).length;
  const verdict: Verdict = mappedCount === ops.length ? 'all-mapped' : mappedCount === 0 ? 'none' : 'partial';
  const blockerIndex = split.blocker;
  const b = blockerIndex === undefined ? undefined : ops[blockerIndex];
  const core: PlacementCore = {
    target: target.name,
    summary: target.summary,
    verdict,
    mapped: mappedCount,
    total: ops.length,
    ops,
    totals: totalsOf(ops, target),
    first_blocker: b ? { index: b.index, op: b.op, loc: b.loc, code: b.code ?? target.spillCode, reason: b.reason, fix: b.fix } : null,
    cpu_ops: ops.filter((o) => !o.mapped).map((o) => ({ index: o.index, op: o.op, loc: o.loc })),
    param_cache: target.paramCache ? target.paramCache(contexts.filter((_, i) => split.mapped[i]).map((c) => c.op)) : null,
  };
  const notes = target.modelNotes?.(module, core) ?? [];
  return { ...core, notes, suggestions: suggest(module, target, core, contexts) };
}

/** Rows grouped by (op, status) in first-seen order, like the Edge TPU compiler's Operator/Count/Status table. */
function totalsOf(ops: readonly OpPlacement[], target: Target): TotalsRow[] {
  const rows = new Map<string, { op: string; count: number; mapped: boolean; status: string }>();
  for (const o of ops) {
    const status = o.mapped ? target.mappedStatus : (target.statusText[o.code ?? ''] ?? o.code ?? 'not mapped');
    const key = `${o.op}\u0000${status}`;
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { op: o.op, count: 1, mapped: o.mapped, status });
  }
  return [...rows.values()];
}
