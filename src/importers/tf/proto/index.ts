// Public surface of the TensorFlow protobuf layer: typed decoders, message shapes and the TensorProto helper.
export {
  decodeBundleEntry,
  decodeBundleHeader,
  decodeGraphDef,
  decodeMessage,
  decodeMetaGraphDef,
  decodeSavedModel,
  decodeTensorProto,
  decodeTrackableObjectGraph,
  encodeMessage,
} from './decode.js';
export type { TfMessageName } from './root.js';
export { tensorProtoToValue, knownShape, shapeDims, type TensorSource } from './tensor-value.js';
export { attrString, attrStrings } from './attr-text.js';
export type * from './types-framework.js';
export type * from './types-saved-model.js';
