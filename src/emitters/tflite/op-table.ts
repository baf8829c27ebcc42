// The tfl dialect ↔ TFLite builtin operators: op code, option table, attribute ↔ field conversion, version.
import * as tfl from '../../../dialects/tfl/index.js';
import { Attr, arr, bool, f32, i32 } from '../../ir/attributes.js';
import { Operation } from '../../ir/core.js';
import { AttrSpec, OpDef } from '../../ir/opdef.js';
import { ActivationFunctionType, FullyConnectedOptionsWeightsFormat, Padding } from './schema/enums.js';
import type { BuiltinOptionsName } from './schema/options.js';
import { VERSION_RULES } from './versions.js';

export interface OpMapping {
  readonly def: OpDef;
  /** BuiltinOperator name in the schema. */
  readonly code: string;
  /** The BuiltinOptions table the op's attributes live in (none for option-less ops). */
  readonly options?: BuiltinOptionsName;
}

const m = (def: OpDef, code: string, options?: BuiltinOptionsName): OpMapping => (options ? { def, code, options } : { def, code });

export const OP_TABLE: readonly OpMapping[] = [
  m(tfl.Conv2D, 'CONV_2D', 'Conv2DOptions'),
  m(tfl.DepthwiseConv2D, 'DEPTHWISE_CONV_2D', 'DepthwiseConv2DOptions'),
  m(tfl.TransposeConv, 'TRANSPOSE_CONV', 'TransposeConvOptions'),
  m(tfl.FullyConnected, 'FULLY_CONNECTED', 'FullyConnectedOptions'),
  m(tfl.AveragePool2D, 'AVERAGE_POOL_2D', 'Pool2DOptions'),
  m(tfl.MaxPool2D, 'MAX_POOL_2D', 'Pool2DOptions'),
  m(tfl.Add, 'ADD', 'AddOptions'),
  m(tfl.Sub, 'SUB', 'SubOptions'),
  m(tfl.Mul, 'MUL', 'MulOptions'),
  m(tfl.Div, 'DIV', 'DivOptions'),
  m(tfl.Maximum, 'MAXIMUM', 'MaximumMinimumOptions'),
  m(tfl.Minimum, 'MINIMUM', 'MaximumMinimumOptions'),
  m(tfl.SquaredDifference, 'SQUARED_DIFFERENCE', 'SquaredDifferenceOptions'),
  m(tfl.Relu, 'RELU'),
  m(tfl.Relu6, 'RELU6'),
  m(tfl.Relu1, 'RELU_N1_TO_1'),
  m(tfl.Logistic, 'LOGISTIC'),
  m(tfl.Tanh, 'TANH'),
  m(tfl.HardSwish, 'HARD_SWISH', 'HardSwishOptions'),
  m(tfl.Exp, 'EXP', 'ExpOptions'),
  m(tfl.Neg, 'NEG', 'NegOptions'),
  m(tfl.Abs, 'ABS', 'AbsOptions'),
  m(tfl.Sqrt, 'SQRT'),
  m(tfl.Rsqrt, 'RSQRT'),
  m(tfl.Square, 'SQUARE', 'SquareOptions'),
  m(tfl.LeakyRelu, 'LEAKY_RELU', 'LeakyReluOptions'),
  m(tfl.PRelu, 'PRELU'),
  m(tfl.Reshape, 'RESHAPE', 'ReshapeOptions'),
  m(tfl.Squeeze, 'SQUEEZE', 'SqueezeOptions'),
  m(tfl.ExpandDims, 'EXPAND_DIMS', 'ExpandDimsOptions'),
  m(tfl.Transpose, 'TRANSPOSE', 'TransposeOptions'),
  m(tfl.Pad, 'PAD', 'PadOptions'),
  m(tfl.Concatenation, 'CONCATENATION', 'ConcatenationOptions'),
  m(tfl.Mean, 'MEAN', 'ReducerOptions'),
  m(tfl.Sum, 'SUM', 'ReducerOptions'),
  m(tfl.ReduceMax, 'REDUCE_MAX', 'ReducerOptions'),
  m(tfl.Softmax, 'SOFTMAX', 'SoftmaxOptions'),
  m(tfl.ResizeBilinear, 'RESIZE_BILINEAR', 'ResizeBilinearOptions'),
  m(tfl.StridedSlice, 'STRIDED_SLICE', 'StridedSliceOptions'),
  m(tfl.Shape, 'SHAPE', 'ShapeOptions'),
  m(tfl.Cast, 'CAST', 'CastOptions'),
  m(tfl.Gather, 'GATHER', 'GatherOptions'),
  m(tfl.Pack, 'PACK', 'PackOptions'),
  m(tfl.Quantize, 'QUANTIZE', 'QuantizeOptions'),
  m(tfl.Dequantize, 'DEQUANTIZE', 'DequantizeOptions'),
];

const BY_OP = new Map(OP_TABLE.map((e) => [e.def.name, e]));
const BY_CODE = new Map<string, OpMapping>();
for (const e of OP_TABLE) if (!BY_CODE.has(e.code)) BY_CODE.set(e.code, e);

export function mappingForOp(name: string): OpMapping | undefined {
  return BY_OP.get(name);
}
export function mappingForCode(code: string): OpMapping | undefined {
  return BY_CODE.get(code);
}

/** Enum-valued option fields: IR string ↔ schema value. */
const ENUM_FIELDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  padding: Padding,
  fused_activation_function: ActivationFunctionType,
  weights_format: FullyConnectedOptionsWeightsFormat,
};

/** Converts an IR attribute to the option field value the schema stores. */
export function attrToField(name: string, a: Attr): unknown {
  const table = ENUM_FIELDS[name];
  if (table !== undefined && a.kind === 'string') {
    const v = table[a.value];
    if (v === undefined) throw new Error(`internal: ${name} has no schema value for "${a.value}"`);
    return v;
  }
  switch (a.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'string':
      return a.value;
    case 'array':
      return a.value.map((x) => (x.kind === 'int' || x.kind === 'float' ? x.value : 0));
    default:
      return undefined;
  }
}

/** Converts a schema option field value to the IR attribute the op definition declares. */
export function fieldToAttr(name: string, spec: AttrSpec, value: unknown): Attr | undefined {
  const table = ENUM_FIELDS[name];
  if (table !== undefined && typeof value === 'number') {
    const entry = Object.entries(table).find(([, v]) => v === value);
    return entry ? { kind: 'string', value: entry[0] } : undefined;
  }
  switch (spec.kind) {
    case 'i32':
    case 'i64':
      return typeof value === 'number' ? i32(value) : typeof value === 'bigint' ? i32(Number(value)) : undefined;
    case 'f32':
    case 'f64':
      return typeof value === 'number' ? f32(value) : undefined;
    case 'bool':
      return typeof value === 'boolean' ? bool(value) : undefined;
    case 'ints':
      return Array.isArray(value) ? arr(value.map((x) => i32(Number(x)))) : value === null ? arr([]) : undefined;
    case 'string':
      return typeof value === 'string' ? { kind: 'string', value } : undefined;
    default:
      return undefined;
  }
}

/** The version the TFLite converter would give this op. */
export function opVersion(op: Operation, code: string): number {
  return VERSION_RULES[code]?.(op) ?? 1;
}
