// Small enums of TFLite's schema.fbs (schema version 3), values exactly as published, with name look-ups.

/** `file_identifier "TFL3"`: bytes 4..8 of every .tflite file. */
export const TFLITE_FILE_IDENTIFIER = 'TFL3';

/** `enum TensorType : byte`. */
export const TensorType = {
  FLOAT32: 0,
  FLOAT16: 1,
  INT32: 2,
  UINT8: 3,
  INT64: 4,
  STRING: 5,
  BOOL: 6,
  INT16: 7,
  COMPLEX64: 8,
  INT8: 9,
  FLOAT64: 10,
  COMPLEX128: 11,
  UINT64: 12,
  RESOURCE: 13,
  VARIANT: 14,
  UINT32: 15,
  UINT16: 16,
  INT4: 17,
  BFLOAT16: 18,
} as const;
export type TensorTypeName = keyof typeof TensorType;

/** Bytes per element of each tensor type; 0 where the size is not fixed (STRING, RESOURCE, VARIANT, INT4 packs 2 per byte). */
const TENSOR_TYPE_BYTES: Readonly<Record<TensorTypeName, number>> = {
  FLOAT32: 4, FLOAT16: 2, INT32: 4, UINT8: 1, INT64: 8, STRING: 0, BOOL: 1, INT16: 2, COMPLEX64: 8, INT8: 1,
  FLOAT64: 8, COMPLEX128: 16, UINT64: 8, RESOURCE: 0, VARIANT: 0, UINT32: 4, UINT16: 2, INT4: 0, BFLOAT16: 2,
};

/** `enum Padding : byte { SAME, VALID }`. */
export const Padding = { SAME: 0, VALID: 1 } as const;
export type PaddingName = keyof typeof Padding;

/** `enum ActivationFunctionType : byte`. */
export const ActivationFunctionType = {
  NONE: 0,
  RELU: 1,
  RELU_N1_TO_1: 2,
  RELU6: 3,
  TANH: 4,
  SIGN_BIT: 5,
} as const;
export type ActivationFunctionTypeName = keyof typeof ActivationFunctionType;

/** `enum FullyConnectedOptionsWeightsFormat : byte`. */
export const FullyConnectedOptionsWeightsFormat = { DEFAULT: 0, SHUFFLED4x16INT8: 1 } as const;

/** `enum CustomOptionsFormat : byte`. */
export const CustomOptionsFormat = { FLEXBUFFERS: 0 } as const;

/** `enum LSHProjectionType : byte`. */
export const LSHProjectionType = { UNKNOWN: 0, SPARSE: 1, DENSE: 2 } as const;

/** `enum LSTMKernelType : byte`. */
export const LSTMKernelType = { FULL: 0, BASIC: 1 } as const;

/** `enum CombinerType : byte`. */
export const CombinerType = { SUM: 0, MEAN: 1, SQRTN: 2 } as const;

/** `enum MirrorPadMode : byte`. */
export const MirrorPadMode = { REFLECT: 0, SYMMETRIC: 1 } as const;

/** `enum RngAlgorithm : byte`. */
export const RngAlgorithm = { DEFAULT: 0, PHILOX: 1, THREEFRY: 2 } as const;

/** `enum ReduceWindowFunction : int`. */
export const ReduceWindowFunction = { UNSUPPORTED: 0, ADD: 1, MUL: 2, MINIMUM: 3, MAXIMUM: 4, ALL: 5, ANY: 6 } as const;

/** `enum StablehloPrecisionConfig : uint`. */
export const StablehloPrecisionConfig = { DEFAULT: 0, HIGH: 1, HIGHEST: 2 } as const;

/** `enum StablehloComparisonDirection : uint`. */
export const StablehloComparisonDirection = {
  STABLEHLO_COMPARISON_DIRECTION_EQ: 0,
  STABLEHLO_COMPARISON_DIRECTION_NE: 1,
  STABLEHLO_COMPARISON_DIRECTION_GE: 2,
  STABLEHLO_COMPARISON_DIRECTION_GT: 3,
  STABLEHLO_COMPARISON_DIRECTION_LE: 4,
  STABLEHLO_COMPARISON_DIRECTION_LT: 5,
} as const;

/** `enum StablehloComparisonType : uint`. */
export const StablehloComparisonType = {
  STABLEHLO_COMPARISON_TYPE_NOTYPE: 0,
  STABLEHLO_COMPARISON_TYPE_FLOAT: 1,
  STABLEHLO_COMPARISON_TYPE_FLOAT_TOTAL_ORDER: 2,
  STABLEHLO_COMPARISON_TYPE_SIGNED: 3,
  STABLEHLO_COMPARISON_TYPE_UNSIGNED: 4,
} as const;

/** Reverse map of a `{NAME: value}` enum object; built once per enum at module load. */
function reverse<T extends Record<string, number>>(e: T): ReadonlyMap<number, keyof T & string> {
  const m = new Map<number, keyof T & string>();
  for (const k of Object.keys(e) as (keyof T & string)[]) m.set(e[k] as number, k);
  return m;
}

const TENSOR_TYPE_NAMES = reverse(TensorType);
const ACTIVATION_NAMES = reverse(ActivationFunctionType);
const PADDING_NAMES = reverse(Padding);

/** Schema name of a tensor type value, or `UNKNOWN_TYPE_<n>` for a value this schema does not define. */
export function tensorTypeName(value: number): string {
  return TENSOR_TYPE_NAMES.get(value) ?? `UNKNOWN_TYPE_${value}`;
}

/** Bytes per element, or 0 when the type has no fixed element size (or is unknown). */
export function tensorTypeByteSize(value: number): number {
  const name = TENSOR_TYPE_NAMES.get(value);
  return name === undefined ? 0 : TENSOR_TYPE_BYTES[name];
}

export function activationName(value: number): string {
  return ACTIVATION_NAMES.get(value) ?? `UNKNOWN_ACTIVATION_${value}`;
}

export function paddingName(value: number): string {
  return PADDING_NAMES.get(value) ?? `UNKNOWN_PADDING_${value}`;
}
