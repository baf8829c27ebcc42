// Module attributes an import leaves for `litec inspect` and reports: format, TF version, signature, variables.
import { bool, i64, str } from '../../../ir/attributes.js';
import type { Module } from '../../../ir/core.js';
import type { VariableTally } from './variables.js';

export interface ImportFacts {
  format: 'saved-model' | 'graphdef' | 'checkpoint';
  /** meta_info_def.tensorflow_version. */
  version?: string;
  /** GraphDef versions.producer. */
  producer?: number;
  signature?: string;
  tally?: VariableTally;
  inputs: readonly string[];
  outputs: readonly string[];
  /** How the outputs were chosen: "signature serving_default", "--outputs", "default: ...". */
  outputsChosenBy: string;
  inlinedCalls: number;
}

export function setImportAttrs(module: Module, f: ImportFacts): void {
  const a = module.attrs;
  a.set('tf.format', str(f.format));
  if (f.version) a.set('tf.version', str(f.version));
  if (f.producer !== undefined && f.producer > 0) a.set('tf.producer', i64(f.producer));
  if (f.signature !== undefined) a.set('tf.signature', str(f.signature));
  a.set('tf.inputs', str(f.inputs.join(',')));
  a.set('tf.outputs', str(f.outputs.join(',')));
  a.set('tf.outputs_chosen_by', str(f.outputsChosenBy));
  if (f.inlinedCalls > 0) a.set('tf.inlined_calls', i64(f.inlinedCalls));
  if (f.tally !== undefined) {
    a.set('tf.variables', i64(f.tally.count));
    a.set('tf.variable_bytes', i64(f.tally.bytes));
    if (f.tally.synthetic.length > 0) {
      a.set('litec.synthetic_weights', bool(true));
      a.set('litec.synthetic_variables', i64(f.tally.synthetic.length));
    }
  }
}
