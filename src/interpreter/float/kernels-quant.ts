// Quantization in the float interpreter: storage integers ⇄ real values (TFLite's QUANTIZE/DEQUANTIZE arithmetic).
import * as tf from '@tensorflow/tfjs-core';
import type { Operation } from '../../ir/core.js';
import type { QuantParams } from '../../ir/types.js';
import { quantizeValue } from '../quant-math.js';
import type { FloatKernel, KernelTable } from './kernel.js';
import { denseToTensor } from './dtypes.js';
import { need, opError } from './op-utils.js';

/** For element i of a tensor of `shape`: the index into the per-axis parameters (0 for per-tensor). */
function channelOf(shape: readonly number[], q: QuantParams): ((i: number) => number) | undefined {
  if (q.axis === undefined || q.scales.length === 1) return () => 0;
  const axis = q.axis < 0 ? q.axis + shape.length : q.axis;
  if (shape[axis] !== q.scales.length) return undefined;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const n = q.scales.length;
  return (i) => Math.floor(i / inner) % n;
}

function badAxis(op: Operation | undefined, shape: readonly number[], q: QuantParams): never {
  const msg = `per-axis parameters for axis ${q.axis} (${q.scales.length} scales) do not fit shape [${shape}]`;
  if (op === undefined) throw new Error(`internal: ${msg}`);
  return opError(op, msg);
}

/**
 * Real values → storage integers: clamp(round_half_away(x / scale) + zero_point), in float32 like TFLite's
 * AffineQuantize. Returns an int32 tensor.
 */
export function quantizeTensor(t: tf.Tensor, q: QuantParams, op?: Operation): tf.Tensor {
  const at = channelOf(t.shape, q) ?? badAxis(op, t.shape, q);
  const x = t.dataSync() as ArrayLike<number>;
  const out = new Int32Array(x.length);
  const range = { min: q.storageMin, max: q.storageMax };
  for (let i = 0; i < x.length; i++) {
    const c = at(i);
    out[i] = quantizeValue(x[i]!, q.scales[c]!, q.zeroPoints[c]!, range);
  }
  return tf.tensor(out, t.shape, 'int32');
}

/** Storage integers → real values: scale * (q - zero_point) rounded to float32, like TFLite's DEQUANTIZE. */
export function dequantizeTensor(t: tf.Tensor, q: QuantParams, op?: Operation): tf.Tensor {
  const at = channelOf(t.shape, q) ?? badAxis(op, t.shape, q);
  const x = t.dataSync() as ArrayLike<number>;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = at(i);
    out[i] = q.scales[c]! * (x[i]! - q.zeroPoints[c]!);
  }
  return tf.tensor(out, t.shape, 'float32');
}

/** float → quantized, or quantized → quantized (requantize through the real value). */
const quantize: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const outQ = op.result(0).type.quant;
  if (outQ === undefined) return opError(op, 'result type must be quantized');
  const inQ = op.operand(0).type.quant;
  return [quantizeTensor(inQ === undefined ? x : dequantizeTensor(x, inQ, op), outQ, op)];
};

/** quantized → float; float16 (already decoded to float32) → float32 unchanged. */
const dequantize: FloatKernel = (op, inputs) => {
  const x = need(op, inputs, 0, 'input');
  const inQ = op.operand(0).type.quant;
  return [inQ === undefined ? tf.cast(x, 'float32') : dequantizeTensor(x, inQ, op)];
};

export const quantKernels: KernelTable = {
  'tfl.quantize': quantize,
  'tfl.dequantize': dequantize,
  'arith.constant': (op) => [denseToTensor(op.denseAttr('value'))],
};

/** Ops that read and write storage integers themselves; the interpreter does not wrap them in (de)quantization. */
export const QUANT_AWARE_OPS: ReadonlySet<string> = new Set(['tfl.quantize', 'tfl.dequantize', 'arith.constant']);
