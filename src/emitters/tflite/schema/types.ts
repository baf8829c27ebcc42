// Plain TS object model of a .tflite file (TFLite schema version 3): what the reader returns and the writer takes.
// Field names are camelCase versions of schema.fbs names; enum-typed fields hold the raw schema value
// (see enums.ts / builtin-operator.ts for names). Option tables keep schema names (see options.ts).
import type { BuiltinOptions, BuiltinOptions2 } from './options.js';

/** `table Model` (the root). */
export interface TfliteModel {
  /** Schema version; 3 for every file this code reads or writes. */
  version: number;
  operatorCodes: OperatorCode[];
  /** Subgraph 0 is the main graph. */
  subgraphs: SubGraph[];
  description: string | null;
  /** Buffer 0 is the empty sentinel that tensors without data point at. */
  buffers: TfliteBuffer[];
  /** Deprecated list of buffer indices holding metadata (prefer `metadata`). */
  metadataBuffer: number[];
  metadata: Metadata[];
  signatureDefs: SignatureDef[];
}

/** `table OperatorCode`. */
export interface OperatorCode {
  /**
   * The op's BuiltinOperator value. The reader takes max(deprecated_builtin_code, builtin_code) as TFLite does;
   * the writer stores min(code, 127) in deprecated_builtin_code and the code in builtin_code.
   */
  builtinCode: number;
  /** As read from the file (informational; the writer derives it from builtinCode). */
  deprecatedBuiltinCode?: number;
  /** Name of a custom op (builtinCode is CUSTOM = 32). */
  customCode: string | null;
  /** Op version; schema default 1. */
  version: number;
}

/** `table SubGraph`. */
export interface SubGraph {
  tensors: Tensor[];
  /** Tensor indices of the graph inputs. */
  inputs: number[];
  /** Tensor indices of the graph outputs. */
  outputs: number[];
  /** Operators in execution order. */
  operators: Operator[];
  name: string | null;
}

/** `table Tensor`. */
export interface Tensor {
  /** Static shape (NHWC for image tensors); [] for scalars and for unknown rank (see hasRank). */
  shape: number[];
  /** TensorType value. */
  type: number;
  /** Index into TfliteModel.buffers; 0 = no data. */
  buffer: number;
  name: string | null;
  quantization: QuantizationParameters | null;
  isVariable: boolean;
  /** Shape with -1 for dynamic dimensions; null when the file has none. */
  shapeSignature: number[] | null;
  /** Distinguishes a scalar (shape [], hasRank true) from unknown rank (shape [], hasRank false). */
  hasRank: boolean;
  /**
   * Schema parts this object model does not carry ('sparsity', 'variant_tensors', 'quantization.details'),
   * present only when the file uses them; the writer refuses such tensors rather than silently drop meaning.
   */
  unsupported?: string[];
}

/** `table QuantizationParameters`: real = scale * (q - zero_point), per tensor or along quantizedDimension. */
export interface QuantizationParameters {
  min: number[];
  max: number[];
  scale: number[];
  /** Stored as int64 in the file; values must be safe integers. */
  zeroPoint: number[];
  quantizedDimension: number;
}

/** `table Buffer`. `data` is a zero-copy view into the file bytes when read; empty when the buffer has none. */
export interface TfliteBuffer {
  data: Uint8Array;
}

/** `table Operator`. */
export interface Operator {
  /** Index into TfliteModel.operatorCodes. */
  opcodeIndex: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  builtinOptions: BuiltinOptions | null;
  builtinOptions2: BuiltinOptions2 | null;
  /** Custom op options (flexbuffer), a zero-copy view when read. */
  customOptions: Uint8Array | null;
  /** CustomOptionsFormat value (0 = FLEXBUFFERS). */
  customOptionsFormat: number;
  mutatingVariableInputs: boolean[];
  /** Tensor indices of op-internal tensors (e.g. LSTM intermediates). */
  intermediates: number[];
}

/** `table Metadata`: a named buffer (e.g. "TFLITE_METADATA", "min_runtime_version"). */
export interface Metadata {
  name: string | null;
  buffer: number;
}

/** `table TensorMap`. */
export interface TensorMap {
  name: string | null;
  tensorIndex: number;
}

/** `table SignatureDef`. */
export interface SignatureDef {
  inputs: TensorMap[];
  outputs: TensorMap[];
  signatureKey: string | null;
  subgraphIndex: number;
}
