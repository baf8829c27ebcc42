// Variables → constants: finds each variable's checkpoint tensor, reads it (or seeds it when allowed), keeps tallies.
import { existsSync } from 'node:fs';
import { Codes } from '../../../diag/catalogue.js';
import { LitecError, userError } from '../../../diag/diagnostic.js';
import { DenseAttr, dense } from '../../../ir/attributes.js';
import { elementByteSize, numElements, tensorType } from '../../../ir/types.js';
import { dtypeName, type DataTypeId } from '../dtypes.js';
import type { NodeDef } from '../proto/index.js';
import { TensorBundle } from '../tensor-bundle/index.js';
import { seededWeights } from '../seeded-weights.js';
import { valueToDense } from './dense.js';
import { irElem, shapeFromProto } from './types.js';

/** A variable node the graph reads. */
export interface VariableNode {
  readonly def: NodeDef;
  /** True for nodes of the top-level graph (captured resources are keyed by them). */
  readonly topLevel: boolean;
}

/** Where variable values come from. */
export interface VariableSource {
  /** The value of a variable node, as a constant. Throws a LitecError when it cannot be found or read. */
  value(v: VariableNode): DenseAttr;
}

/** A checkpoint tensor a variable maps to, with a readable name for messages and seeding. */
export interface VariableBinding {
  key: string;
  name: string;
}

export interface CheckpointVariablesInit {
  /** The model file or folder, for messages. */
  file: string;
  /** The bundle, or undefined when its index is missing (then only seeded values are possible). */
  bundle: TensorBundle | undefined;
  /** Why there is no bundle (e.g. "variables/ folder is missing"), for the error. */
  missingBundle?: string;
  /** Top-level node name → checkpoint tensor, found through the object graphs (TF2 captured resources). */
  bindings?: ReadonlyMap<string, VariableBinding>;
  /** Other names a variable may go by (SavedVariable.name → binding). */
  byVariableName?: ReadonlyMap<string, VariableBinding>;
  allowMissingWeights?: boolean;
}

export interface VariableTally {
  count: number;
  bytes: number;
  /** Variables given seeded values because their data was missing. */
  synthetic: string[];
}

/** Variables backed by a TensorBundle checkpoint (TF1 checkpoints, SavedModel variables/). */
export class CheckpointVariables implements VariableSource {
  readonly tally: VariableTally = { count: 0, bytes: 0, synthetic: [] };
  private readonly cache = new Map<string, DenseAttr>();

  constructor(private readonly init: CheckpointVariablesInit) {}

  value(v: VariableNode): DenseAttr {
    const binding = this.bind(v);
    const cached = this.cache.get(binding.key);
    if (cached !== undefined) return cached;
    const value = this.read(v, binding);
    this.cache.set(binding.key, value);
    this.tally.count++;
    this.tally.bytes += (numElements(value.type) ?? 0) * elementByteSize(value.type.elem);
    return value;
  }

  /** The checkpoint tensor of a variable node: object-graph binding, else its shared_name or node name. */
  private bind(v: VariableNode): VariableBinding {
    const node = v.def.name;
    const found = v.topLevel ? this.init.bindings?.get(node) : undefined;
    if (found !== undefined) return found;
    const shared = attrText(v.def, 'shared_name');
    for (const name of [shared, node]) {
      if (name === undefined || name === '') continue;
      if (this.init.bundle?.has(name) === true) return { key: name, name };
      const alias = this.init.byVariableName?.get(name);
      if (alias !== undefined) return alias;
    }
    if (this.init.bundle === undefined && this.init.allowMissingWeights === true) return { key: shared || node, name: shared || node };
    return this.missing(v);
  }

  private read(v: VariableNode, b: VariableBinding): DenseAttr {
    const bundle = this.init.bundle;
    const what = `variable "${b.name}" (node "${v.def.name}")`;
    if (bundle === undefined) return this.init.allowMissingWeights === true ? this.seed(v, b, undefined, undefined) : this.missing(v);
    const entry = bundle.entry(b.key);
    this.checkAgainstNode(v, b, entry.dtype, entry.shape);
    // Seed without first failing a read when the shard is plainly absent (a whole model's worth of errors).
    if (this.init.allowMissingWeights === true && entry.proto.slices.length === 0 && Number.isInteger(entry.shardId) && entry.shardId >= 0 && entry.shardId < bundle.numShards && !existsSync(bundle.dataFile(entry.shardId))) {
      return this.seed(v, b, entry.dtype, entry.shape);
    }
    try {
      return valueToDense(bundle.read(b.key), { file: bundle.indexFile, what });
    } catch (e) {
      const d = e instanceof LitecError ? e.diagnostics[0] : undefined;
      if (d?.code === Codes.ChecksumMismatch && b.key !== b.name) {
        // The bundle knows only the key; name the variable as the model does too.
        const file = d.file ?? bundle.indexFile;
        return userError(Codes.ChecksumMismatch, `${file}: variable "${b.name}" (checkpoint key "${b.key}") fails its CRC32C check; the checkpoint data is damaged, restore it from the original export`, { file });
      }
      if (d?.code !== Codes.MissingWeights) throw e;
      if (this.init.allowMissingWeights === true) return this.seed(v, b, entry.dtype, entry.shape);
      // Say which variable in the model's own terms, not only its checkpoint key.
      const file = d.file ?? bundle.indexFile;
      const key = b.key === b.name ? '' : ` (checkpoint key "${b.key}")`;
      return userError(Codes.MissingWeights, `${file}: missing checkpoint data file holding variable "${b.name}"${key}; pass --allow-missing-weights to use seeded values`, { file });
    }
  }

  private seed(v: VariableNode, b: VariableBinding, dtype: DataTypeId | undefined, shape: number[] | undefined): DenseAttr {
    const file = this.init.file;
    const dt = dtype ?? v.def.attr['dtype']?.type;
    const dims = shape ?? shapeFromProto(v.def.attr['shape']?.shape);
    const elem = dt === undefined ? undefined : irElem(dt);
    if (elem === undefined || dims === null || dims.some((d) => d < 0)) {
      return userError(Codes.MissingWeights, `${file}: cannot make seeded values for variable "${b.name}" (node "${v.def.name}"): its dtype or shape is unknown${this.init.missingBundle ? ` and ${this.init.missingBundle}` : ''}`, { file });
    }
    this.tally.synthetic.push(b.name);
    return dense(tensorType(dims, elem), seededWeights(b.name, elem, dims));
  }

  /** A variable node whose dtype/shape attrs disagree with the checkpoint tensor means the files do not match. */
  private checkAgainstNode(v: VariableNode, b: VariableBinding, dtype: DataTypeId, shape: number[]): void {
    // A captured resource (Placeholder of dtype resource) says nothing about the variable behind it.
    if (v.def.op === 'Placeholder') return;
    const file = this.init.bundle?.indexFile ?? this.init.file;
    const want = v.def.attr['dtype']?.type;
    if (want !== undefined && want % 100 !== dtype % 100) {
      userError(Codes.ShapeMismatch, `${file}: variable "${b.name}" is ${dtypeName(dtype)} in the checkpoint but node "${v.def.name}" declares ${dtypeName(want)}`, { file });
    }
    const dims = shapeFromProto(v.def.attr['shape']?.shape);
    if (dims !== null && v.def.attr['shape'] !== undefined && (dims.length !== shape.length || dims.some((d, i) => d >= 0 && d !== shape[i]))) {
      userError(Codes.ShapeMismatch, `${file}: variable "${b.name}" has shape [${shape}] in the checkpoint but node "${v.def.name}" declares [${dims}]`, { file });
    }
  }

  private missing(v: VariableNode): never {
    const file = this.init.bundle?.indexFile ?? this.init.file;
    if (this.init.bundle === undefined) {
      return userError(Codes.MissingWeights, `${file}: variable "${v.def.name}" has no weights: ${this.init.missingBundle ?? 'there is no checkpoint'} (pass --allow-missing-weights to use seeded values)`, { file });
    }
    const keys = this.init.bundle.keys();
    const leaf = v.def.name.split('/').pop() ?? v.def.name;
    const near = keys.filter((k) => k.includes(leaf)).slice(0, 3);
    const hint = near.length ? ` (similar keys: ${near.map((k) => `"${k}"`).join(', ')})` : '';
    return userError(Codes.MissingVariable, `${file}: the checkpoint has no tensor for variable node "${v.def.name}"${hint}`, { file });
  }
}

/** Variables in a graph that should have none (a frozen GraphDef). */
export class NoVariables implements VariableSource {
  constructor(private readonly file: string) {}
  value(v: VariableNode): DenseAttr {
    return userError(Codes.MissingVariable, `${this.file}: node "${v.def.name}" is a variable (${v.def.op}), but a GraphDef carries no weights: freeze the graph, or import the checkpoint (.meta) or SavedModel instead`, { file: this.file });
  }
}

function attrText(def: NodeDef, name: string): string | undefined {
  const s = def.attr[name]?.s;
  return s === undefined ? undefined : new TextDecoder().decode(s);
}
