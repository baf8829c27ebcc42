// TensorProto / decoded TensorValue → IR dense attribute, sharing the decoded bytes (no copy of weight data).
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import { DenseAttr, DenseData, dense } from '../../../ir/attributes.js';
import { tensorType } from '../../../ir/types.js';
import { DT, dtypeName } from '../dtypes.js';
import { tensorProtoToValue, type TensorProto, type TensorSource } from '../proto/index.js';
import type { TensorValue } from '../tensor-bundle/index.js';
import { irElem } from './types.js';

/**
 * A decoded tensor as a dense attribute. float16/bfloat16 keep their bit patterns (the IR's storage form); other
 * types reuse the decoded typed array, which views the file's bytes when they were aligned.
 */
export function valueToDense(v: TensorValue, source: TensorSource): DenseAttr {
  const elem = irElem(v.dtype);
  const fail = (why: string): never => {
    const prefix = [source.file, source.what].filter((s) => s !== undefined && s !== '').join(': ');
    return userError(Codes.UnsupportedOp, `${prefix}: ${why}`, source.file !== undefined ? { file: source.file } : {});
  };
  if (elem === undefined) return fail(`tensors of dtype ${dtypeName(v.dtype)} are not supported`);
  let data: DenseData;
  if (v.dtype === DT.HALF || v.dtype === DT.BFLOAT16) {
    if (v.halfBits === undefined) return fail(`${dtypeName(v.dtype)} tensor has no bit patterns`);
    data = v.halfBits;
  } else if (Array.isArray(v.data)) {
    data = v.data;
  } else if (v.data instanceof Uint32Array || v.data instanceof BigUint64Array) {
    return fail(`tensors of dtype ${dtypeName(v.dtype)} are not supported`);
  } else {
    data = v.data;
  }
  return dense(tensorType(v.shape, elem), data);
}

/** A TensorProto (Const value, tensor attr) as a dense attribute. */
export function tensorToDense(proto: TensorProto, source: TensorSource): DenseAttr {
  return valueToDense(tensorProtoToValue(proto, source), source);
}
