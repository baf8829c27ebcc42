// How the importer treats each TF op: aliases that disappear, constants, inputs, variables, calls, training-only.
import type { NodeDef } from '../proto/index.js';
import { isResourceDtype } from './types.js';

export type NodeKind =
  /** Output i is input i (Identity, IdentityN, StopGradient...): removed, uses see the input. */
  | 'alias'
  | 'const'
  | 'placeholder'
  /** Placeholder with a default: an input when fed, else its default. */
  | 'placeholder-default'
  /** A variable (VariableV2, VarHandleOp, or a captured resource): becomes a constant read from the checkpoint. */
  | 'variable'
  /** ReadVariableOp: the value of the variable its resource input names. */
  | 'read-variable'
  /** A call into the function library (PartitionedCall, StatefulPartitionedCall, or the function name as op). */
  | 'call'
  | 'op';

const ALIASES: ReadonlySet<string> = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot', 'PreventGradient', 'EnsureShape', 'CheckNumerics', 'CheckNumericsV2']);
const VARIABLES: ReadonlySet<string> = new Set(['VariableV2', 'Variable', 'VarHandleOp']);
const CALLS: ReadonlySet<string> = new Set(['PartitionedCall', 'StatefulPartitionedCall']);

export function nodeKind(node: NodeDef, isFunction: (name: string) => boolean): NodeKind {
  const op = node.op;
  if (ALIASES.has(op)) return 'alias';
  if (op === 'Const') return 'const';
  if (op === 'Placeholder') return isResourceDtype(node.attr['dtype']?.type) ? 'variable' : 'placeholder';
  if (op === 'PlaceholderWithDefault') return 'placeholder-default';
  if (VARIABLES.has(op)) return 'variable';
  if (op === 'ReadVariableOp') return 'read-variable';
  if (CALLS.has(op) || isFunction(op)) return 'call';
  return 'op';
}

/** The library function a call node runs, and the attrs its body's placeholders bind to. */
export function callTarget(node: NodeDef): { name: string; attr: NodeDef['attr'] } {
  const f = node.attr['f']?.func;
  if (CALLS.has(node.op)) return { name: f?.name ?? '', attr: f?.attr ?? {} };
  return { name: node.op, attr: node.attr };
}

/** Ops that save, restore, initialise, train or log: never a model output. */
const NOT_OUTPUT_OPS =
  /^(NoOp|Assign|AssignAdd|AssignSub|AssignVariableOp|AssignAddVariableOp|AssignSubVariableOp|VarIsInitializedOp|IsVariableInitialized|SaveV2|Save|SaveSlices|RestoreV2|Restore|RestoreSlice|MergeV2Checkpoints|ShardedFilename|ShardedFilespec|StringJoin|Apply\w+|ResourceApply\w+|SparseApply\w+|ResourceSparseApply\w+|\w*Summary\w*|Print|PrintV2|Assert|Const|Placeholder|PlaceholderWithDefault|VariableV2|Variable|VarHandleOp|ReadVariableOp|TruncatedNormal|RandomUniform|RandomStandardNormal|DestroyResourceOp|DisableCopyOnRead|StaticRegexFullMatch)$/;

/** Scope components that mark optimizer, gradient and saver nodes wherever they appear in a name. */
const TRAINING_COMPONENT = /^(gradients|Adam|Momentum|RMSProp|Adagrad|AdagradDA|Adadelta|Ftrl|GradientDescent|ExponentialMovingAverage|save)(_\d+)?$/;

/** Top-level scopes TF uses for training, losses, metrics, summaries and initialisation. */
const NOT_OUTPUT_SCOPE = /^(train|training|optimizer|summaries|summary|loss|losses|metrics|accuracy|init|global_step|beta1_power|beta2_power|mean_squared_error|absolute_difference|cross_entropy|log_loss|hinge_loss|huber_loss|cosine_distance_loss|\w*_loss)(_\d+)?$/i;

/** Shape introspection left dangling by assertions: never a model output. */
const SHAPE_OPS = /^(Shape|ShapeN|Size|Rank)$/;

/** True when a sink node is bookkeeping rather than something a model computes for its user. */
export function isTrainingOrSavingNode(node: NodeDef): boolean {
  if (NOT_OUTPUT_OPS.test(node.op) || SHAPE_OPS.test(node.op)) return true;
  const parts = node.name.split('/');
  return NOT_OUTPUT_SCOPE.test(parts[0] ?? '') || parts.some((p) => TRAINING_COMPONENT.test(p));
}
