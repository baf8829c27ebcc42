// Builds the protobufjs Root for the TensorFlow schema once at start-up and converts decoded messages to plain objects.
import protobuf from 'protobufjs';
import type Long from 'long';
import { FRAMEWORK_PROTO } from './schema-framework.js';
import { SAVED_MODEL_PROTO } from './schema-protobuf.js';

/** Message names litec decodes or encodes at the top level. */
export type TfMessageName =
  | 'SavedModel'
  | 'MetaGraphDef'
  | 'GraphDef'
  | 'TensorProto'
  | 'TrackableObjectGraph'
  | 'SavedObjectGraph'
  | 'BundleHeaderProto'
  | 'BundleEntryProto'
  | 'TensorShapeProto';

function buildRoot(): protobuf.Root {
  // keepCase: the decoded objects use TensorFlow's own snake_case field names.
  const root = new protobuf.Root();
  protobuf.parse(FRAMEWORK_PROTO, root, { keepCase: true });
  protobuf.parse(SAVED_MODEL_PROTO, root, { keepCase: true });
  root.resolveAll();
  preserveInt64Values(root.lookupType('tensorflow.TensorProto'));
  return root;
}

/**
 * Int64 fields convert to `number` (exact up to 2^53: shapes, offsets, sizes, attr ints). The values of an int64 or
 * uint64 tensor must stay exact, so TensorProto's int64_val / uint64_val become `bigint[]` instead.
 */
function preserveInt64Values(tensorProto: protobuf.Type): void {
  tensorProto.setup();
  const generated = tensorProto.toObject.bind(tensorProto);
  tensorProto.toObject = (message: protobuf.Message, options?: protobuf.IConversionOptions) => {
    const out = generated(message, options);
    const raw = message as unknown as { int64_val?: (Long | number)[]; uint64_val?: (Long | number)[] };
    if (raw.int64_val !== undefined) out['int64_val'] = raw.int64_val.map((v) => toBigInt(v, false));
    if (raw.uint64_val !== undefined) out['uint64_val'] = raw.uint64_val.map((v) => toBigInt(v, true));
    return out;
  };
}

function toBigInt(v: Long | number, unsigned: boolean): bigint {
  if (typeof v === 'number') return BigInt(v);
  const lo = BigInt(v.low >>> 0);
  const hi = BigInt(v.high >>> 0);
  const u = (hi << 32n) | lo;
  return unsigned ? u : BigInt.asIntN(64, u);
}

const ROOT = buildRoot();

/** The protobufjs type of a TensorFlow message (e.g. 'GraphDef'). */
export function tfType(name: TfMessageName): protobuf.Type {
  return ROOT.lookupType(`tensorflow.${name}`);
}

/** Options for Type.toObject: proto3 defaults filled in, int64 as number, enums as numbers, bytes left as Uint8Array. */
export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: Number,
  enums: Number,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
};
