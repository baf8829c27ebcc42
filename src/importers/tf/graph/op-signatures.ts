// Output layouts of TF ops: which named output args an op has, how many tensors each holds, and their dtypes.
//
// Function bodies name tensors "node:out_arg:i", so the importer needs each op's output args. They come from the
// MetaGraph's stripped_op_list (written by TF for every op it used), from function signatures for calls, and from a
// small built-in table for graphs that carry no op list (frozen GraphDefs).
import type { DataTypeId } from '../dtypes.js';
import { DT } from '../dtypes.js';
import type { AttrValue, FunctionDef, OpDef } from '../proto/index.js';

export interface OutputArg {
  readonly name: string;
  /** Tensors in this arg (number_attr / type_list_attr make an arg hold several). */
  readonly count: number;
  /** Dtype of each tensor of the arg, where the op's attrs say it. */
  readonly dtypes: readonly (DataTypeId | undefined)[];
}

type ArgSpec = [name: string, type: string];
/** Built-in output args for ops whose layout matters and that may appear without an op list. */
const BUILTIN: Readonly<Record<string, readonly ArgSpec[]>> = {
  FusedBatchNorm: [['y', 'T'], ['batch_mean', 'T'], ['batch_variance', 'T'], ['reserve_space_1', 'T'], ['reserve_space_2', 'T']],
  FusedBatchNormV2: [['y', 'T'], ['batch_mean', 'U'], ['batch_variance', 'U'], ['reserve_space_1', 'U'], ['reserve_space_2', 'U']],
  FusedBatchNormV3: [['y', 'T'], ['batch_mean', 'U'], ['batch_variance', 'U'], ['reserve_space_1', 'U'], ['reserve_space_2', 'U'], ['reserve_space_3', 'U']],
  TopKV2: [['values', 'T'], ['indices', '=int32']],
  Unique: [['y', 'T'], ['idx', 'out_idx']],
  Split: [['output', 'T*num_split']],
  SplitV: [['output', 'T*num_split']],
  Unpack: [['output', 'T*num']],
  IdentityN: [['output', '[T']],
  StatefulPartitionedCall: [['output', '[Tout']],
  PartitionedCall: [['output', '[Tout']],
  VarHandleOp: [['resource', '=resource']],
  ReadVariableOp: [['value', 'dtype']],
};

function builtinOpDef(name: string): OpDef | undefined {
  const spec = BUILTIN[name];
  if (spec === undefined) return undefined;
  return {
    name,
    input_arg: [],
    output_arg: spec.map(([argName, type]) => {
      const arg = { name: argName, description: '', type: 0, type_attr: '', number_attr: '', type_list_attr: '', handle_data: [], is_ref: false };
      if (type.startsWith('=')) arg.type = type === '=int32' ? DT.INT32 : DT.RESOURCE;
      else if (type.startsWith('[')) arg.type_list_attr = type.slice(1);
      else if (type.includes('*')) [arg.type_attr, arg.number_attr] = type.split('*') as [string, string];
      else arg.type_attr = type;
      return arg;
    }),
    control_output: [],
    attr: [],
    deprecation: null,
    summary: '',
    description: '',
    is_commutative: false,
    is_aggregate: false,
    is_stateful: false,
    allows_uninitialized_input: false,
  };
}

/** Looks up op signatures from a MetaGraph op list, the function library and the built-in table. */
export class OpSignatures {
  private readonly ops = new Map<string, OpDef>();

  constructor(opList: readonly OpDef[] = [], functions: readonly FunctionDef[] = []) {
    for (const op of opList) this.ops.set(op.name, op);
    for (const f of functions) if (f.signature !== null) this.ops.set(f.signature.name, f.signature);
  }

  get(op: string): OpDef | undefined {
    return this.ops.get(op) ?? builtinOpDef(op);
  }

  /** Output args of a node of op `op` with attrs `attr`; undefined when the op's signature is unknown. */
  outputs(op: string, attr: Readonly<Record<string, AttrValue>>): OutputArg[] | undefined {
    const def = this.get(op);
    if (def === undefined) return undefined;
    return def.output_arg.map((a) => {
      if (a.type_list_attr !== '') {
        const types = attr[a.type_list_attr]?.list?.type ?? [];
        return { name: a.name, count: types.length, dtypes: types };
      }
      const count = a.number_attr !== '' ? safeCount(attr[a.number_attr]?.i) : 1;
      const dtype = a.type !== 0 ? a.type : attr[a.type_attr]?.type;
      return { name: a.name, count, dtypes: new Array<DataTypeId | undefined>(count).fill(dtype) };
    });
  }
}

function safeCount(n: number | undefined): number {
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 && n <= 1 << 16 ? n : 0;
}

/** Total number of output tensors of a layout. */
export function outputCount(layout: readonly OutputArg[]): number {
  return layout.reduce((a, o) => a + o.count, 0);
}

/** Flat output index of "arg:index" within a layout, or undefined when the arg or index does not exist. */
export function flatIndex(layout: readonly OutputArg[], arg: string, index: number): number | undefined {
  let base = 0;
  for (const o of layout) {
    if (o.name === arg) return index < o.count ? base + index : undefined;
    base += o.count;
  }
  return undefined;
}

/** Dtype of flat output i, when the layout says it. */
export function outputDtype(layout: readonly OutputArg[] | undefined, i: number): DataTypeId | undefined {
  if (layout === undefined) return undefined;
  let base = 0;
  for (const o of layout) {
    if (i < base + o.count) return o.dtypes[i - base];
    base += o.count;
  }
  return undefined;
}
