// The schema tables: op codes, union type ids, option field ids/defaults match TFLite's published schema.fbs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_OPTIONS,
  BUILTIN_OPTIONS_2,
  BuiltinOperator,
  MAX_BUILTIN_OPERATOR,
  TensorType,
  builtinOperatorCode,
  builtinOperatorName,
  builtinOptionsSpec,
  builtinOptionsTypeId,
  defaultOptions,
  makeOptions,
  tensorTypeByteSize,
  tensorTypeName,
  type Conv2DOptions,
} from '../../src/emitters/tflite/schema/index.js';

test('BuiltinOperator: values and names as in schema.fbs, contiguous 0..209', () => {
  const known: [string, number][] = [
    ['ADD', 0], ['CONV_2D', 3], ['DEPTHWISE_CONV_2D', 4], ['DEPTH_TO_SPACE', 5], ['DEQUANTIZE', 6], ['FULLY_CONNECTED', 9],
    ['LOGISTIC', 14], ['MAX_POOL_2D', 17], ['MUL', 18], ['RELU6', 21], ['RESHAPE', 22], ['SOFTMAX', 25], ['CUSTOM', 32],
    ['PAD', 34], ['MEAN', 40], ['SUB', 41], ['SQUEEZE', 43], ['STRIDED_SLICE', 45], ['CAST', 53], ['ARG_MAX', 56],
    ['TRANSPOSE_CONV', 67], ['EXPAND_DIMS', 70], ['SUM', 74], ['SHAPE', 77], ['PACK', 83], ['LEAKY_RELU', 98],
    ['QUANTIZE', 114], ['HARD_SWISH', 117], ['BATCH_MATMUL', 126], ['PLACEHOLDER_FOR_GREATER_OP_CODES', 127],
    ['CUMSUM', 128], ['GELU', 150], ['RELU_0_TO_1', 152], ['RIGHT_SHIFT', 161], ['STABLEHLO_LOGISTIC', 162],
    ['DILATE', 203], ['REDUCE_WINDOW', 205], ['STABLEHLO_CASE', 209],
  ];
  for (const [name, code] of known) {
    assert.equal(BuiltinOperator[name as keyof typeof BuiltinOperator], code, name);
    assert.equal(builtinOperatorName(code), name);
    assert.equal(builtinOperatorCode(name), code);
  }
  assert.equal(MAX_BUILTIN_OPERATOR, 209);
  const codes = Object.values(BuiltinOperator).sort((a, b) => a - b);
  assert.deepEqual(codes, Array.from({ length: 210 }, (_, i) => i));
  assert.equal(builtinOperatorName(210), 'UNKNOWN_OP_210');
  assert.equal(builtinOperatorName(-1), 'UNKNOWN_OP_-1');
  assert.equal(builtinOperatorCode('constructor'), undefined);
  assert.equal(builtinOperatorCode('toString'), undefined);
});

test('TensorType values and element sizes', () => {
  assert.equal(TensorType.FLOAT32, 0);
  assert.equal(TensorType.INT32, 2);
  assert.equal(TensorType.UINT8, 3);
  assert.equal(TensorType.INT64, 4);
  assert.equal(TensorType.BOOL, 6);
  assert.equal(TensorType.INT16, 7);
  assert.equal(TensorType.INT8, 9);
  assert.equal(TensorType.FLOAT64, 10);
  assert.equal(TensorType.INT4, 17);
  assert.equal(TensorType.BFLOAT16, 18);
  assert.equal(tensorTypeName(9), 'INT8');
  assert.equal(tensorTypeName(99), 'UNKNOWN_TYPE_99');
  assert.equal(tensorTypeByteSize(TensorType.FLOAT32), 4);
  assert.equal(tensorTypeByteSize(TensorType.INT8), 1);
  assert.equal(tensorTypeByteSize(TensorType.INT64), 8);
  assert.equal(tensorTypeByteSize(TensorType.STRING), 0);
});

test('BuiltinOptions union: type ids 1..126 and 1..23 in schema order', () => {
  const ids = Object.values(BUILTIN_OPTIONS).map((s) => s.id);
  assert.deepEqual(ids, Array.from({ length: 126 }, (_, i) => i + 1));
  const ids2 = Object.values(BUILTIN_OPTIONS_2).map((s) => s.id);
  assert.deepEqual(ids2, Array.from({ length: 23 }, (_, i) => i + 1));
  const known: [keyof typeof BUILTIN_OPTIONS, number][] = [
    ['Conv2DOptions', 1], ['DepthwiseConv2DOptions', 2], ['Pool2DOptions', 5], ['FullyConnectedOptions', 8],
    ['SoftmaxOptions', 9], ['ConcatenationOptions', 10], ['AddOptions', 11], ['ResizeBilinearOptions', 15],
    ['ReshapeOptions', 17], ['MulOptions', 21], ['PadOptions', 22], ['GatherOptions', 23], ['TransposeOptions', 26],
    ['ReducerOptions', 27], ['SubOptions', 28], ['DivOptions', 29], ['SqueezeOptions', 30], ['StridedSliceOptions', 32],
    ['CastOptions', 37], ['DequantizeOptions', 38], ['MaximumMinimumOptions', 39], ['ArgMaxOptions', 40],
    ['TransposeConvOptions', 49], ['ExpandDimsOptions', 52], ['ShapeOptions', 55], ['PackOptions', 59],
    ['LeakyReluOptions', 75], ['QuantizeOptions', 89], ['HardSwishOptions', 91], ['IfOptions', 92],
    ['BatchMatMulOptions', 101], ['Conv3DOptions', 106], ['GeluOptions', 116], ['RightShiftOptions', 126],
  ];
  for (const [name, id] of known) {
    assert.equal(builtinOptionsTypeId(name), id, name);
    assert.equal(builtinOptionsSpec(id)?.name, name);
  }
  assert.equal(builtinOptionsSpec(0), undefined);
  assert.equal(builtinOptionsSpec(127), undefined);
});

test('option tables: field ids (order) and defaults', () => {
  const names = (t: keyof typeof BUILTIN_OPTIONS): string[] => BUILTIN_OPTIONS[t].fields.map((f) => f[0]);
  assert.deepEqual(names('Conv2DOptions'), ['padding', 'stride_w', 'stride_h', 'fused_activation_function', 'dilation_w_factor', 'dilation_h_factor', 'quantized_bias_type']);
  assert.deepEqual(names('DepthwiseConv2DOptions'), ['padding', 'stride_w', 'stride_h', 'depth_multiplier', 'fused_activation_function', 'dilation_w_factor', 'dilation_h_factor']);
  assert.deepEqual(names('FullyConnectedOptions'), ['fused_activation_function', 'weights_format', 'keep_num_dims', 'asymmetric_quantize_inputs', 'quantized_bias_type']);
  assert.deepEqual(names('Pool2DOptions'), ['padding', 'stride_w', 'stride_h', 'filter_width', 'filter_height', 'fused_activation_function']);
  // Deprecated new_height/new_width keep slots 0 and 1.
  assert.deepEqual(names('ResizeBilinearOptions'), ['new_height', 'new_width', 'align_corners', 'half_pixel_centers']);
  assert.deepEqual(names('StridedSliceOptions'), ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask', 'offset']);
  assert.deepEqual(names('TransposeConvOptions'), ['padding', 'stride_w', 'stride_h', 'fused_activation_function', 'quantized_bias_type']);
  assert.deepEqual(names('SequenceRNNOptions'), ['time_major', 'fused_activation_function', 'asymmetric_quantize_inputs']);
  for (const [table, spec] of [...Object.entries(BUILTIN_OPTIONS), ...Object.entries(BUILTIN_OPTIONS_2)]) {
    const fieldNames: string[] = spec.fields.map((f) => f[0]);
    assert.equal(new Set(fieldNames).size, fieldNames.length, `${table} has duplicate field names`);
    assert.ok(!fieldNames.includes('kind'), `${table} field would clash with the discriminator`);
  }

  const conv = defaultOptions('Conv2DOptions');
  assert.equal(conv.kind, 'Conv2DOptions');
  assert.equal(conv.dilation_w_factor, 1);
  assert.equal(conv.dilation_h_factor, 1);
  assert.equal(conv.stride_w, 0);
  assert.equal(defaultOptions('AddOptions').pot_scale_int16, true);
  assert.equal(defaultOptions('SubOptions').pot_scale_int16, true);
  assert.equal(defaultOptions('UniqueOptions').idx_out_type, TensorType.INT32);
  assert.equal(defaultOptions('BidirectionalSequenceLSTMOptions').time_major, true);
  assert.equal(defaultOptions('GatherOptions').batch_dims, 0);
  assert.equal(defaultOptions('ReshapeOptions').new_shape, null);
  assert.equal(defaultOptions('RandomOptions').seed, 0n);

  const typed: Conv2DOptions = makeOptions('Conv2DOptions', { padding: 1, stride_w: 2, stride_h: 2 });
  assert.deepEqual(typed, {
    kind: 'Conv2DOptions', padding: 1, stride_w: 2, stride_h: 2, fused_activation_function: 0,
    dilation_w_factor: 1, dilation_h_factor: 1, quantized_bias_type: 0,
  });
});
