// A MetaGraph's SignatureDef → the input declarations and output tensors of the function to import.
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import type { MetaGraphDef, TensorInfo } from '../proto/index.js';
import type { InputDecl } from './flat-graph.js';
import { shapeFromProto } from './types.js';

/** Signatures TF adds for bookkeeping, not for serving. */
const INTERNAL = new Set(['__saved_model_init_op', '__saved_model_train_op']);

export function servingSignatures(meta: MetaGraphDef): string[] {
  return Object.keys(meta.signature_def).filter((k) => !INTERNAL.has(k)).sort();
}

export interface SignatureIO {
  inputs: InputDecl[];
  outputs: { tensor: string; name: string }[];
}

function tensorName(info: TensorInfo, key: string, sig: string, file: string): string {
  if (info.encoding !== 'name' || info.name === undefined || info.name === '') {
    const kind = info.encoding === undefined ? 'no tensor' : `a ${info.encoding.replace('_', ' ')} tensor`;
    return userError(Codes.BadSignature, `${file}: signature "${sig}" entry "${key}" is ${kind}; litec imports dense tensors only`, { file });
  }
  return info.name;
}

/** Inputs and outputs of signature `name` (keys sorted, as TF's converter orders them). */
export function signatureIO(meta: MetaGraphDef, name: string, file: string): SignatureIO {
  const sig = meta.signature_def[name];
  if (sig === undefined || INTERNAL.has(name)) {
    const avail = servingSignatures(meta);
    return userError(Codes.BadSignature, `${file}: no signature "${name}" (available: ${avail.length ? avail.join(', ') : 'none'}); choose one with --signature`, { file });
  }
  const inputs = Object.keys(sig.inputs).sort().map((key) => {
    const info = sig.inputs[key]!;
    return { tensor: tensorName(info, key, name, file), name: key, dtype: info.dtype, shape: shapeFromProto(info.tensor_shape) };
  });
  const outputs = Object.keys(sig.outputs).sort().map((key) => ({ tensor: tensorName(sig.outputs[key]!, key, name, file), name: key }));
  if (outputs.length === 0) userError(Codes.BadSignature, `${file}: signature "${name}" has no outputs`, { file });
  return { inputs, outputs };
}
