// tfl.add / tfl.sub / tfl.mul on int8/uint8, with broadcasting: TFLite's 8-bit arithmetic kernels.
//
// ADD (add.cc Prepare + reference_integer_ops::AddFunc): left_shift = 20; twice_max = 2 * max(s1, s2);
// input i is rescaled by QuantizeMultiplierSmallerThanOneExp(s_i / twice_max) after (x + offset) << 20, the two
// are summed, and the sum is rescaled by twice_max / (2^20 * s_out), offset and clamped.
// SUB (sub.cc PrepareGeneralSubOp) is ADD with the second input multiplier negated.
// MUL (mul.cc): (x1 + o1) * (x2 + o2) rescaled by QuantizeMultiplier(s1 * s2 / s_out) computed in float32.
import type { Operation } from '../../ir/core.js';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSmallerThanOneExp as mulSmallerThanOne,
  quantizeMultiplier,
  quantizeMultiplierSmallerThanOneExp,
  type QuantizedMultiplier,
} from '../quant-math.js';
import { broadcastIndex } from './broadcast.js';
import { broadcastShapes as broadcastShape } from '../../ir/shape.js';
import { activationRange } from './conv-params.js';
import { arg, type Int8Kernel } from './kernel.js';
import { alloc8, tensorQuant8, unsupported, type QTensor, type TensorQuant } from './tensor.js';

const LEFT_SHIFT_8BIT = 20;

function smallerThanOne(op: Operation, real: number, what: string): QuantizedMultiplier {
  try {
    return quantizeMultiplierSmallerThanOneExp(real);
  } catch {
    return unsupported(op, `the ${what} rescale factor ${real} is not in (0, 1): the operand scales are too far apart for TFLite's 8-bit kernel`);
  }
}

/** The broadcast result shape of a and b, its element count, and an output array of that size. */
function broadcastOutput(op: Operation, a: QTensor, b: QTensor, storage: 'i8' | 'u8'): { shape: number[]; n: number; out: ReturnType<typeof alloc8> } {
  const shape = broadcastShape(a.shape, b.shape);
  if (shape === undefined) return unsupported(op, `operand shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast`);
  let n = 1;
  for (const d of shape) n *= d;
  return { shape, n, out: alloc8(storage, n) };
}

/** Calls `fn(i, ia, ib)` for every output element, with the operands' source indices. */
function elementwise(op: Operation, a: QTensor, b: QTensor, storage: 'i8' | 'u8', fn: (va: number, vb: number) => number): QTensor {
  const { shape, n, out } = broadcastOutput(op, a, b, storage);
  const da = a.data;
  const db = b.data;
  if (da.length === n && db.length === n) {
    for (let i = 0; i < n; i++) out[i] = fn(da[i]!, db[i]!);
  } else if (da.length === n && db.length === 1) {
    const vb = db[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(da[i]!, vb);
  } else if (da.length === 1 && db.length === n) {
    const va = da[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(va, db[i]!);
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) out[i] = fn(da[ia[i]!]!, db[ib[i]!]!);
  }
  return { data: out, shape };
}

/**
 * Tensors at least this large go through a table of fn over all 256 x 256 operand pairs: one lookup per element
 * instead of the fixed-point arithmetic, the same values by construction, and the table costs about four passes of
 * such a tensor to build.
 */
const TABLE_MIN_ELEMENTS = 16384;

/** fn(a, b) for every pair of 8-bit operand values, at ((a & 0xff) << 8) | (b & 0xff). */
function pairTable(q1: TensorQuant, q2: TensorQuant, fn: (va: number, vb: number) => number): Int16Array {
  const table = new Int16Array(65536);
  for (let a = q1.qmin; a <= q1.qmax; a++) for (let b = q2.qmin; b <= q2.qmax; b++) table[((a & 0xff) << 8) | (b & 0xff)] = fn(a, b);
  return table;
}

/** elementwise with fn tabulated by pairTable. */
function elementwiseTable(op: Operation, a: QTensor, b: QTensor, storage: 'i8' | 'u8', table: Int16Array): QTensor {
  const { shape, n, out } = broadcastOutput(op, a, b, storage);
  const da = a.data;
  const db = b.data;
  if (da.length === n && db.length === n) {
    for (let i = 0; i < n; i++) out[i] = table[((da[i]! & 0xff) << 8) | (db[i]! & 0xff)]!;
  } else if (da.length === n && db.length === 1) {
    const vb = db[0]! & 0xff;
    for (let i = 0; i < n; i++) out[i] = table[((da[i]! & 0xff) << 8) | vb]!;
  } else if (da.length === 1 && db.length === n) {
    const va = (da[0]! & 0xff) << 8;
    for (let i = 0; i < n; i++) out[i] = table[va | (db[i]! & 0xff)]!;
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) out[i] = table[((da[ia[i]!]! & 0xff) << 8) | (db[ib[i]!]! & 0xff)]!;
  }
  return { data: out, shape };
}

/** A kernel applying fn per element, through pairTable (built on first need) for large tensors. */
function pairwiseKernel(op: Operation, q1: TensorQuant, q2: TensorQuant, storage: 'i8' | 'u8', fn: (va: number, vb: number) => number): Int8Kernel {
  let table: Int16Array | undefined;
  return (inputs) => {
    const a = arg(inputs, 0);
    const b = arg(inputs, 1);
    if (Math.max(a.data.length, b.data.length) < TABLE_MIN_ELEMENTS) return [elementwise(op, a, b, storage, fn)];
    table ??= pairTable(q1, q2, fn);
    return [elementwiseTable(op, a, b, storage, table)];
  };
}

function operandQuants(op: Operation): [TensorQuant, TensorQuant, TensorQuant & { storage: 'i8' | 'u8' }] {
  const q1 = tensorQuant8(op, op.operand(0), 'lhs');
  const q2 = tensorQuant8(op, op.operand(1), 'rhs');
  const qo = tensorQuant8(op, op.result(0), 'output');
  if (q1.storage !== qo.storage || q2.storage !== qo.storage) return unsupported(op, `operands (${q1.storage}, ${q2.storage}) and result (${qo.storage}) must have one storage type`);
  return [q1, q2, qo];
}

/** The per-input stage of ADD depends only on the 8-bit input: tabulated by (value & 0xff). */
function scaledInputTable(q: TensorQuant, m: QuantizedMultiplier): Int32Array {
  const table = new Int32Array(256);
  for (let v = q.qmin; v <= q.qmax; v++) {
    const shifted = (v - q.zeroPoint) * (1 << LEFT_SHIFT_8BIT);
    table[v & 0xff] = mulSmallerThanOne(shifted, m.multiplier, m.shift);
  }
  return table;
}

function addSubKernel(op: Operation, sign: 1 | -1): Int8Kernel {
  const [q1, q2, qo] = operandQuants(op);
  const twiceMax = 2 * Math.max(q1.scale, q2.scale);
  const m1 = smallerThanOne(op, q1.scale / twiceMax, 'first input');
  const m2 = smallerThanOne(op, q2.scale / twiceMax, 'second input');
  const mo = smallerThanOne(op, twiceMax / (2 ** LEFT_SHIFT_8BIT * qo.scale), 'output');
  const t1 = scaledInputTable(q1, m1);
  const t2 = scaledInputTable(q2, { multiplier: sign * m2.multiplier, shift: m2.shift });
  const { actMin, actMax } = activationRange(op, qo);
  const zp = qo.zeroPoint;
  const fn = (a: number, b: number): number => {
    const v = mulSmallerThanOne(t1[a & 0xff]! + t2[b & 0xff]!, mo.multiplier, mo.shift) + zp;
    return v < actMin ? actMin : v > actMax ? actMax : v;
  };
  return pairwiseKernel(op, q1, q2, qo.storage, fn);
}

export const addKernel = (op: Operation): Int8Kernel => addSubKernel(op, 1);
export const subKernel = (op: Operation): Int8Kernel => addSubKernel(op, -1);

export function mulKernel(op: Operation): Int8Kernel {
  const [q1, q2, qo] = operandQuants(op);
  const { multiplier, shift } = quantizeMultiplier(Math.fround(Math.fround(q1.scale * q2.scale) / qo.scale));
  const { actMin, actMax } = activationRange(op, qo);
  const o1 = -q1.zeroPoint;
  const o2 = -q2.zeroPoint;
  const zp = qo.zeroPoint;
  const fn = (a: number, b: number): number => {
    const v = multiplyByQuantizedMultiplier((a + o1) * (b + o2), multiplier, shift) + zp;
    return v < actMin ? actMin : v > actMax ? actMax : v;
  };
  return pairwiseKernel(op, q1, q2, qo.storage, fn);
}
