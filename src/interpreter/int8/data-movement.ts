// Shape and data-movement ops on quantized tensors: reshape, squeeze, expand_dims, concatenation, pad.
//
// Reshape-like ops copy the bytes. Concatenation follows reference_ops::ConcatenationWithScaling: inputs whose
// (scale, zero point) equal the output's are copied, others are requantized in float32 as
// round(x * (s_in / s_out) - zp_in * (s_in / s_out)) + zp_out, clamped to the storage range. Pad fills with the
// output zero point (the quantized value of 0.0), as pad.cc does when no constant value is given.
import type { Operation } from '../../ir/core.js';
import { tfliteRound } from '../quant-math.js';
import { arg, type Int8Kernel } from './kernel.js';
import { allocFor, elementCount, tensorQuant8, unsupported, type QTensor, type TensorData } from './tensor.js';

const f = Math.fround;

function copy(t: QTensor, shape: readonly number[]): QTensor {
  return { data: t.data.slice() as TensorData, shape };
}

/** Integer values of a shape/axis/padding operand. */
function intsOf(t: QTensor): number[] {
  return Array.from(t.data as ArrayLike<number>);
}

export function reshapeKernel(op: Operation): Int8Kernel {
  const staticOut = op.result(0).type.shape;
  return (inputs) => {
    const x = arg(inputs, 0);
    const requested = inputs[1] !== undefined ? intsOf(inputs[1]) : staticOut === null ? [x.data.length] : [...staticOut];
    const known = requested.reduce((a, d) => (d >= 0 ? a * d : a), 1);
    const unknown = requested.filter((d) => d < 0).length;
    if (unknown > 1 || (unknown === 1 && (known === 0 || x.data.length % known !== 0))) return unsupported(op, `cannot reshape ${x.data.length} elements to [${requested.join(', ')}]`);
    const shape = requested.map((d) => (d < 0 ? x.data.length / known : d));
    if (elementCount(shape) !== x.data.length) return unsupported(op, `cannot reshape ${x.data.length} elements to [${shape.join(', ')}]`);
    return [copy(x, shape)];
  };
}

export function squeezeKernel(op: Operation): Int8Kernel {
  const dims = op.ints('squeeze_dims');
  return (inputs) => {
    const x = arg(inputs, 0);
    const rank = x.shape.length;
    const drop = dims.map((d) => (d < 0 ? d + rank : d));
    if (drop.some((d) => d < 0 || d >= rank || x.shape[d] !== 1)) return unsupported(op, `cannot squeeze dims [${dims.join(', ')}] of shape [${x.shape.join(', ')}]`);
    return [copy(x, x.shape.filter((d, i) => (drop.length === 0 ? d !== 1 : !drop.includes(i))))];
  };
}

export function expandDimsKernel(op: Operation): Int8Kernel {
  return (inputs) => {
    const x = arg(inputs, 0);
    const raw = intsOf(arg(inputs, 1))[0] ?? 0;
    const axis = raw < 0 ? raw + x.shape.length + 1 : raw;
    if (axis < 0 || axis > x.shape.length) return unsupported(op, `axis ${raw} is out of range for rank ${x.shape.length}`);
    const shape = [...x.shape];
    shape.splice(axis, 0, 1);
    return [copy(x, shape)];
  };
}

export function concatenationKernel(op: Operation): Int8Kernel {
  if (op.str('fused_activation_function') !== 'NONE') return unsupported(op, 'a fused activation on a quantized concatenation is not supported (nor by TFLite)');
  const qo = tensorQuant8(op, op.result(0), 'output');
  const inverseOut = f(1 / qo.scale);
  const rescale = op.operands.map((v, i) => {
    const q = tensorQuant8(op, v, `input ${i}`);
    if (q.storage !== qo.storage) return unsupported(op, `input ${i} is ${q.storage} but the output is ${qo.storage}`);
    if (q.scale === qo.scale && q.zeroPoint === qo.zeroPoint) return undefined;
    const scale = f(q.scale * inverseOut);
    return { scale, bias: f(-q.zeroPoint * scale) };
  });
  const rawAxis = op.int('axis');
  return (inputs) => {
    const first = arg(inputs, 0);
    const rank = first.shape.length;
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    if (axis < 0 || axis >= rank) return unsupported(op, `axis ${rawAxis} is out of range for rank ${rank}`);
    let axisTotal = 0;
    for (const t of inputs) {
      if (t.shape.length !== rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) return unsupported(op, 'inputs differ outside the concatenation axis');
      axisTotal += t.shape[axis]!;
    }
    const shape = first.shape.map((d, i) => (i === axis ? axisTotal : d));
    const outer = elementCount(first.shape.slice(0, axis));
    const inner = elementCount(first.shape.slice(axis + 1));
    const out = allocFor(op.result(0).type, elementCount(shape));
    let o = 0;
    for (let k = 0; k < outer; k++) {
      inputs.forEach((t, i) => {
        const size = t.shape[axis]! * inner;
        const src = t.data;
        const r = rescale[i];
        if (r === undefined) {
          out.set(src.subarray(k * size, (k + 1) * size) as ArrayLike<number>, o);
        } else {
          for (let j = 0; j < size; j++) {
            const v = tfliteRound(f(f(src[k * size + j]! * r.scale) + r.bias)) + qo.zeroPoint;
            out[o + j] = v < qo.qmin ? qo.qmin : v > qo.qmax ? qo.qmax : v;
          }
        }
        o += size;
      });
    }
    return [{ data: out, shape }];
  };
}

export function padKernel(op: Operation): Int8Kernel {
  const qi = tensorQuant8(op, op.operand(0), 'input');
  const qo = tensorQuant8(op, op.result(0), 'output');
  if (qi.storage !== qo.storage || qi.scale !== qo.scale || qi.zeroPoint !== qo.zeroPoint) return unsupported(op, 'input and output quantization must be equal');
  return (inputs) => {
    const x = arg(inputs, 0);
    const pads = intsOf(arg(inputs, 1));
    const rank = x.shape.length;
    if (pads.length !== 2 * rank || pads.some((p) => p < 0)) return unsupported(op, `paddings [${pads.join(', ')}] do not fit rank ${rank}`);
    const shape = x.shape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
    if (elementCount(shape) > 2 ** 31) return unsupported(op, `paddings [${pads.join(', ')}] make a tensor of ${elementCount(shape)} elements`);
    const out = allocFor(op.result(0).type, elementCount(shape));
    out.fill(qo.zeroPoint);
    if (x.data.length === 0) return [{ data: out, shape }];
    // Copy innermost rows: for every index of the leading dims, one contiguous run of the last dim.
    const rowLen = x.shape[rank - 1] ?? 1;
    const rows = x.data.length / rowLen;
    const outStrides = new Array<number>(rank).fill(1);
    for (let i = rank - 2; i >= 0; i--) outStrides[i] = outStrides[i + 1]! * shape[i + 1]!;
    const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
    for (let r = 0; r < rows; r++) {
      let dst = rank > 0 ? pads[2 * (rank - 1)]! : 0;
      for (let d = 0; d < rank - 1; d++) dst += (counter[d]! + pads[2 * d]!) * outStrides[d]!;
      out.set(x.data.subarray(r * rowLen, (r + 1) * rowLen) as ArrayLike<number>, dst);
      for (let d = rank - 2; d >= 0; d--) {
        if (++counter[d]! < x.shape[d]!) break;
        counter[d] = 0;
      }
    }
    return [{ data: out, shape }];
  };
}
