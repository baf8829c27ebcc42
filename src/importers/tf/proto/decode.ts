// Typed decode/encode entry points for TensorFlow protobuf files; corrupt bytes become LitecError(CorruptFile).
import { userError } from '../../../diag/diagnostic.js';
import { Codes } from '../../../diag/catalogue.js';
import { tfType, TO_OBJECT_OPTIONS, type TfMessageName } from './root.js';
import type { GraphDef, TensorProto } from './types-framework.js';
import type {
  BundleEntryProto,
  BundleHeaderProto,
  MetaGraphDef,
  SavedModel,
  TrackableObjectGraph,
} from './types-saved-model.js';

/**
 * Decodes `bytes` as message `name`. Any failure (truncation, bad wire type, nesting too deep) becomes a one-line
 * CorruptFile error naming `file`; protobufjs's RangeError/Error never escapes.
 */
export function decodeMessage<T>(name: TfMessageName, bytes: Uint8Array, file: string): T {
  const type = tfType(name);
  try {
    const message = type.decode(bytes);
    return type.toObject(message, TO_OBJECT_OPTIONS) as T;
  } catch (e) {
    const why = reason(e);
    // Bytes that stop mid-field or carry a bad wire type are most often a cut-off copy or another kind of file.
    const hint = why === NESTED_TOO_DEEPLY ? '' : '; is the file truncated or of another kind?';
    return userError(Codes.CorruptFile, `${file}: not a valid ${name} protobuf (${why}${hint})`, { file });
  }
}

const NESTED_TOO_DEEPLY = 'messages nested too deeply';

function reason(e: unknown): string {
  // protobufjs stops at 100 levels, as protoc does; a stack overflow is the same thing seen elsewhere.
  if (e instanceof Error && /max depth exceeded|call stack/i.test(e.message)) return NESTED_TOO_DEEPLY;
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? 'decode failed';
}

/** A SavedModel's saved_model.pb. Requires at least one MetaGraphDef. */
export function decodeSavedModel(bytes: Uint8Array, file: string): SavedModel {
  requireNonEmpty(bytes, file, 'SavedModel');
  const model = decodeMessage<SavedModel>('SavedModel', bytes, file);
  if (model.meta_graphs.length === 0) {
    userError(Codes.CorruptFile, `${file}: not a valid SavedModel protobuf (it has no MetaGraphDef)`, { file });
  }
  return model;
}

/** A frozen or plain GraphDef (.pb). */
export function decodeGraphDef(bytes: Uint8Array, file: string): GraphDef {
  requireNonEmpty(bytes, file, 'GraphDef');
  return decodeMessage<GraphDef>('GraphDef', bytes, file);
}

/** A MetaGraphDef, e.g. a TF1 checkpoint's model.ckpt.meta. */
export function decodeMetaGraphDef(bytes: Uint8Array, file: string): MetaGraphDef {
  requireNonEmpty(bytes, file, 'MetaGraphDef');
  return decodeMessage<MetaGraphDef>('MetaGraphDef', bytes, file);
}

/** The object graph a TF2 checkpoint stores as the string tensor "_CHECKPOINTABLE_OBJECT_GRAPH". */
export function decodeTrackableObjectGraph(bytes: Uint8Array, file = '_CHECKPOINTABLE_OBJECT_GRAPH'): TrackableObjectGraph {
  return decodeMessage<TrackableObjectGraph>('TrackableObjectGraph', bytes, file);
}

/** A serialized TensorProto (e.g. from a test or a tensor attr stored elsewhere). */
export function decodeTensorProto(bytes: Uint8Array, file: string): TensorProto {
  return decodeMessage<TensorProto>('TensorProto', bytes, file);
}

export function decodeBundleHeader(bytes: Uint8Array, file: string): BundleHeaderProto {
  return decodeMessage<BundleHeaderProto>('BundleHeaderProto', bytes, file);
}

export function decodeBundleEntry(bytes: Uint8Array, file: string): BundleEntryProto {
  return decodeMessage<BundleEntryProto>('BundleEntryProto', bytes, file);
}

/** Serializes a message given as a plain object in the decoded shape (snake_case fields; partial is fine). */
export function encodeMessage(name: TfMessageName, value: object): Uint8Array {
  const type = tfType(name);
  return type.encode(type.fromObject(value)).finish();
}

function requireNonEmpty(bytes: Uint8Array, file: string, what: string): void {
  if (bytes.length === 0) userError(Codes.CorruptFile, `${file}: not a valid ${what} protobuf (the file is empty)`, { file });
}
