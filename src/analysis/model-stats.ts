// Model statistics from IR: op histogram, parameter count, multiply-adds, weight bytes, I/O descriptions.
import { constantValue } from '../ir/builtin-ops.js';
import { Module, Operation, Value } from '../ir/core.js';
import { TensorType, elementByteSize, numElements, storageElem } from '../ir/types.js';

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[] | null;
  scale: number | number[] | null;
  zero_point: number | number[] | null;
}

export interface ModelStats {
  ops: Record<string, number>;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Elements in weight constants (filters, biases, batch-norm vectors...). Shape operands are not counted. */
  params: number;
  /** Trainable parameters: params without batch-norm moving statistics (the figure papers publish). */
  trainable_params: number;
  /** Multiply-adds of one forward pass at batch 1 (conv, depthwise, fully connected, matmul). */
  madds: number;
  /** madds plus elementwise work of standalone ops (batch norm counts 2 per element, others 1). */
  madds_with_elementwise: number;
  /** Bytes of constant data. */
  weight_bytes: number;
}

export function dtypeName(t: TensorType): string {
  const e = storageElem(t);
  return { f32: 'float32', f16: 'float16', bf16: 'bfloat16', f64: 'float64', i1: 'bool', i8: 'int8', u8: 'uint8', i16: 'int16', i32: 'int32', i64: 'int64', string: 'string' }[e];
}

export function tensorInfo(name: string, t: TensorType): TensorInfo {
  const q = t.quant;
  return {
    name,
    dtype: dtypeName(t),
    shape: t.shape === null ? null : [...t.shape],
    scale: q === undefined ? null : q.scales.length === 1 ? q.scales[0]! : [...q.scales],
    zero_point: q === undefined ? null : q.zeroPoints.length === 1 ? q.zeroPoints[0]! : [...q.zeroPoints],
  };
}

const dims = (v: Value | undefined): readonly number[] => v?.type.shape ?? [];
const spatial = (v: Value): number => {
  const s = dims(v);
  return s.length === 4 ? Math.max(1, s[1]!) * Math.max(1, s[2]!) : 1;
};

/** Multiply-adds of one op at batch 1; 0 for ops that are not matrix products. */
export function opMadds(op: Operation): number {
  const out = op.results[0];
  if (out === undefined) return 0;
  switch (op.name) {
    case 'tfl.conv_2d': {
      const w = dims(op.operand(1));
      return spatial(out) * w[0]! * w[1]! * w[2]! * w[3]!;
    }
    case 'tf.Conv2D': {
      const w = dims(op.operand(1));
      return spatial(out) * w[0]! * w[1]! * w[2]! * w[3]!;
    }
    case 'tfl.depthwise_conv_2d': {
      const w = dims(op.operand(1));
      return spatial(out) * w[1]! * w[2]! * w[3]!;
    }
    case 'tf.DepthwiseConv2dNative': {
      const w = dims(op.operand(1));
      return spatial(out) * w[0]! * w[1]! * w[2]! * w[3]!;
    }
    case 'tfl.fully_connected': {
      const w = dims(op.operand(1));
      return w[0]! * w[1]!;
    }
    case 'tf.MatMul': {
      const w = dims(op.operand(1));
      return (w[0] ?? 0) * (w[1] ?? 0);
    }
    default:
      return 0;
  }
}

/** Whether a constant is a shape/axis operand rather than a learned weight. */
function isShapeLike(v: Value): boolean {
  const e = v.type.elem;
  if (e === 'i32' || e === 'i64') return v.type.quant === undefined && v.uses.every((u) => u.index > 0 && !u.op.name.includes('conv') && !u.op.name.includes('fully_connected'));
  return false;
}

const ELEMENTWISE = /^(tf\.(FusedBatchNorm\w*|Relu6?|Sigmoid|Tanh|Mul|AddV2|Add|Sub|BiasAdd|Elu|LeakyRelu)|tfl\.(add|sub|mul|relu6?|relu_n1_to_1|logistic|tanh|hard_swish|leaky_relu))$/;

/** Moving mean/variance operands of batch norms are statistics, not trained weights. */
function isBatchNormStatistic(v: Value): boolean {
  return v.uses.length > 0 && v.uses.every((u) => u.op.name.startsWith('tf.FusedBatchNorm') && (u.index === 3 || u.index === 4));
}

export function modelStats(m: Module): ModelStats {
  const f = m.main();
  const ops: Record<string, number> = {};
  let params = 0;
  let trainable = 0;
  let madds = 0;
  let elementwise = 0;
  let weightBytes = 0;
  for (const op of f.ops()) {
    const c = constantValue(op);
    if (c !== undefined) {
      const n = numElements(c.type) ?? 0;
      weightBytes += n * elementByteSize(storageElem(c.type));
      if (!isShapeLike(op.result(0))) {
        params += n;
        if (!isBatchNormStatistic(op.result(0))) trainable += n;
      }
      continue;
    }
    if (op.name === 'func.return') continue;
    ops[op.name] = (ops[op.name] ?? 0) + 1;
    madds += opMadds(op);
    if (ELEMENTWISE.test(op.name)) {
      const n = numElements(op.result(0).type) ?? 0;
      elementwise += op.name.startsWith('tf.FusedBatchNorm') ? 2 * n : n;
    }
  }
  return {
    ops,
    inputs: f.args.map((a, i) => tensorInfo(f.argName(i) ?? `input_${i}`, a.type)),
    outputs: f.results().map((v, i) => tensorInfo(f.resultName(i) ?? `output_${i}`, v.type)),
    params,
    trainable_params: trainable,
    madds,
    madds_with_elementwise: madds + elementwise,
    weight_bytes: weightBytes,
  };
}
