// tfl.fully_connected on int8/uint8: reference_integer_ops::FullyConnected (per tensor and per channel).
//
// out[b][u] = clamp(MultiplyByQuantizedMultiplier(sum_k (w[u][k] + w_offset) * (x[b][k] + x_offset) + bias[u],
// m[u], shift[u]) + output zero point). The input is flattened to [size / K, K] unless keep_num_dims is set.
// Each batch row is one row of a matrix product with the weights (packed-gemm.ts).
import type { Operation } from '../../ir/core.js';
import { convQuant } from './conv-params.js';
import { arg, type Int8Kernel, type KernelScratch } from './kernel.js';
import { biasData, constantOperand, eightBitData } from './operands.js';
import { copyRaw, gemmTile, packWeights, rawShift, runTile } from './packed-gemm.js';
import { outputStage } from './requantize.js';
import { alloc8, staticShape, unsupported } from './tensor.js';

export function fullyConnectedKernel(op: Operation, scratch: KernelScratch): Int8Kernel {
  const [units, depth] = staticShape(op, op.operand(1), 'filter') as [number, number];
  if (op.str('weights_format') !== 'DEFAULT') return unsupported(op, `weights_format ${op.str('weights_format')} is not supported`);
  const q = convQuant(op, op.operand(0), op.operand(1), op.result(0), units, 0, 'fully_connected');
  const keepNumDims = op.flag('keep_num_dims');
  const pack = (data: unknown) => packWeights(eightBitData(op, data, units * depth, 'weights'), q.filterOffset, units, depth);
  const constantWeights = constantOperand(op, 1)?.data;
  const prepared = constantWeights === undefined ? undefined : pack(constantWeights);
  const shift = rawShift(q.input.storage);

  return (inputs) => {
    const x = arg(inputs, 0);
    const size = x.data.length;
    if (depth === 0 || size % depth !== 0) return unsupported(op, `input of shape [${x.shape.join(', ')}] cannot feed a filter with ${depth} inputs`);
    if (keepNumDims && x.shape[x.shape.length - 1] !== depth) return unsupported(op, `keep_num_dims needs the last input dimension to be ${depth}`);
    const batches = size / depth;
    const weights = prepared ?? pack(arg(inputs, 1).data);
    const out = alloc8(q.output.storage, batches * units);
    const stage = outputStage(q, biasData(op, inputs[2], units), shift - q.input.zeroPoint, weights.sums, weights.l1);
    const tile = gemmTile(weights, scratch);
    for (let b = 0; b < batches; b += tile.rows) {
      const rows = Math.min(tile.rows, batches - b);
      copyRaw(tile.x, x.data, b * depth, rows * depth, shift);
      runTile(weights, tile, rows, stage, out, b * units);
    }
    const shape = keepNumDims ? [...x.shape.slice(0, -1), units] : [batches, units];
    return [{ data: out, shape }];
  };
}
