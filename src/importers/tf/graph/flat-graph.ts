// The flattened, pruned graph the IR builder consumes: one list of nodes in topological order, calls inlined.
import type { DataTypeId } from '../dtypes.js';
import type { AttrValue, NodeDef } from '../proto/index.js';
import type { OutputArg } from './op-signatures.js';

/** One tensor: output `index` of `node`. */
export interface FlatRef {
  readonly node: FlatNode;
  readonly index: number;
}

/** A model input the caller declared (signature, --inputs) or a Placeholder found while walking. */
export interface InputDecl {
  /** Tensor fed, "node:N". */
  readonly tensor: string;
  /** Name users see (signature key or node name): the arg's tf.name. */
  readonly name: string;
  readonly dtype?: DataTypeId;
  /** Shape the declaration records (signature TensorInfo); null = unknown rank; undefined = ask the node. */
  readonly shape?: number[] | null;
}

interface FlatBase {
  /** Position in FlatGraph.nodes. */
  readonly id: number;
  /** TF node name (inside functions the body's name, e.g. "sequential/conv2d/Conv2D"): the op's Loc. */
  readonly name: string;
}

export interface FlatInput extends FlatBase {
  readonly kind: 'input';
  readonly decl: InputDecl;
  /** The node the input replaces (absent when the fed tensor names no node's output the graph has). */
  readonly def: NodeDef | undefined;
}

export interface FlatConst extends FlatBase {
  readonly kind: 'const';
  readonly def: NodeDef;
}

export interface FlatVariable extends FlatBase {
  readonly kind: 'variable';
  readonly def: NodeDef;
  /** Set for nodes of the top-level graph (captures and checkpoints are keyed by them). */
  readonly topLevel: boolean;
}

export interface FlatOp extends FlatBase {
  readonly kind: 'op';
  readonly op: string;
  /** Attrs with function-attr placeholders bound and stripped defaults restored. */
  readonly attr: Readonly<Record<string, AttrValue>>;
  readonly inputs: readonly FlatRef[];
  /** Output args from the op's signature, when known. */
  readonly outputs: readonly OutputArg[] | undefined;
  readonly def: NodeDef;
}

export type FlatNode = FlatInput | FlatConst | FlatVariable | FlatOp;

export interface FlatOutput {
  readonly ref: FlatRef;
  /** Name users see: signature key, or the tensor name asked for. */
  readonly name: string;
}

export interface FlatGraph {
  /** Topological order: every node comes after the nodes it reads. */
  readonly nodes: readonly FlatNode[];
  /** Func arguments, in order. */
  readonly inputs: readonly FlatInput[];
  readonly outputs: readonly FlatOutput[];
  /** Function calls inlined. */
  readonly inlinedCalls: number;
}
