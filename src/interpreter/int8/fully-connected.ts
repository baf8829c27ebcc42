// tfl.fully_connected on int8/uint8: reference_integer_ops::FullyConnected (per tensor and per channel).
//
// out[b][u] = clamp(MultiplyByQuantizedMultiplier(sum_k (w[u][k] + w_offset) * (x[b][k] + x_offset) + bias[u],
// m[u], shift[u]) + output zero point). The input is flattened to [size / K, K] unless keep_num_dims is set.
import type { Operation } from '../../ir/core.js';
import { convQuant, requantizeInto } from './conv-params.js';
import { dotRows1 } from './gemm.js';
import { arg, type Int8Kernel } from './kernel.js';
import { biasData, constantWithOffset, offsetOperand, withOffset } from './operands.js';
import { alloc8, staticShape, unsupported } from './tensor.js';

export function fullyConnectedKernel(op: Operation): Int8Kernel {
  const [units, depth] = staticShape(op, op.operand(1), 'filter') as [number, number];
  if (op.str('weights_format') !== 'DEFAULT') return unsupported(op, `weights_format ${op.str('weights_format')} is not supported`);
  const q = convQuant(op, op.operand(0), op.operand(1), op.result(0), units, 0, 'fully_connected');
  const keepNumDims = op.flag('keep_num_dims');
  const prepared = constantWithOffset(op, 1, q.filterOffset);

  return (inputs) => {
    const x = arg(inputs, 0);
    const size = x.data.length;
    if (depth === 0 || size % depth !== 0) return unsupported(op, `input of shape [${x.shape.join(', ')}] cannot feed a filter with ${depth} inputs`);
    if (keepNumDims && x.shape[x.shape.length - 1] !== depth) return unsupported(op, `keep_num_dims needs the last input dimension to be ${depth}`);
    const batches = size / depth;
    const filter = offsetOperand(prepared, arg(inputs, 1), q.filterOffset, units * depth);
    const bias = biasData(op, inputs[2], units);
    const xo = withOffset(x.data, -q.input.zeroPoint);
    const out = alloc8(q.output.storage, batches * units);
    const acc = new Int32Array(units);
    for (let b = 0; b < batches; b++) {
      dotRows1(filter, units, depth, xo, b * depth, acc);
      requantizeInto(acc, bias, q, out, b * units, units);
    }
    const shape = keepNumDims ? [...x.shape.slice(0, -1), units] : [batches, units];
    return [{ data: out, shape }];
  };
}
