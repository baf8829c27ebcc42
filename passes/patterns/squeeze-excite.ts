// Recognizing a squeeze-and-excite block however legalize-tf spells it, from the gating mul back to the pooling.
import { Operation, Value } from '../../src/ir/core.js';
import { normalizeAxis } from '../../src/ir/shape.js';
import * as tfl from '../../dialects/tfl/index.js';
import { constInts } from '../../dialects/common.js';
import { splitConstant, uniformConstant } from './activation.js';
import { sameType } from './per-channel.js';
import { matchSwish } from './swish.js';

export interface SqueezeExciteMatch {
  /** The tensor the block rescales (its input and, once removed, its replacement). */
  readonly input: Value;
  /** The gate branch, pooling first. */
  readonly ops: readonly Operation[];
}

const SHAPE_ONLY = [tfl.Reshape, tfl.Squeeze, tfl.ExpandDims];

/** Steps back over reshapes/squeezes/expand_dims, recording them. */
function throughReshapes(v: Value, ops: Operation[]): Value {
  let cur = v;
  for (let p = cur.producer; p !== undefined && SHAPE_ONLY.some((d) => p!.isa(d)); p = cur.producer) {
    ops.push(p);
    cur = p.operand(0);
  }
  return cur;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** logistic(z), or the hard sigmoid relu6(z + 3) / 6 (as a mul by 1/6 or a div by 6, the relu6 standalone or fused). */
function sigmoidInput(g: Value, ops: Operation[]): Value | string {
  const p = g.producer;
  if (p?.isa(tfl.Logistic)) {
    ops.push(p);
    return p.operand(0);
  }
  if (!(p?.isa(tfl.Mul) || p?.isa(tfl.Div)) || p.str('fused_activation_function') !== 'NONE') return 'gate is not a sigmoid';
  const split = p.isa(tfl.Mul) ? splitConstant(p) : ([p.operand(0), uniformConstant(p.operand(1))] as const);
  if (split === undefined || split[1] === undefined || !near(split[1], p.isa(tfl.Mul) ? 1 / 6 : 6)) return 'gate is not a sigmoid';
  ops.push(p);
  let h = split[0];
  let hp = h.producer;
  if (hp?.isa(tfl.Relu6)) {
    ops.push(hp);
    h = hp.operand(0);
    hp = h.producer;
    if (!hp?.isa(tfl.Add) || hp.str('fused_activation_function') !== 'NONE') return 'gate is not a hard sigmoid';
  } else if (!hp?.isa(tfl.Add) || hp.str('fused_activation_function') !== 'RELU6') {
    return 'gate is not a hard sigmoid';
  }
  const add = splitConstant(hp);
  if (add === undefined || add[1] !== 3) return 'gate is not a hard sigmoid';
  ops.push(hp);
  return add[0];
}

/** A 1x1 conv_2d or a fully_connected: the squeeze and excite projections. */
function isProjection(op: Operation | undefined): op is Operation {
  if (op?.isa(tfl.FullyConnected)) return true;
  const w = op?.isa(tfl.Conv2D) ? op.operand(1).type.shape : null;
  return w !== null && w !== undefined && w[1] === 1 && w[2] === 1;
}

/** relu / relu6 / hard_swish / swish between the projections, or the squeeze projection's fused RELU/RELU6. */
function activationInput(a: Value, ops: Operation[]): Value | string {
  const p = a.producer;
  if (p === undefined) return 'no activation between the projections';
  if (p.isa(tfl.Relu) || p.isa(tfl.Relu6) || p.isa(tfl.HardSwish)) {
    ops.push(p);
    return p.operand(0);
  }
  const swish = p.isa(tfl.Mul) ? matchSwish(p) : undefined;
  if (swish !== undefined) {
    ops.push(p, swish.logistic);
    return swish.input;
  }
  if (isProjection(p) && ['RELU', 'RELU6'].includes(p.str('fused_activation_function'))) return a;
  return 'no activation between the projections';
}

/** mean(x, [1, 2]) or an average_pool_2d whose window covers the whole H x W of a rank-4 x. */
function isGlobalPool(op: Operation | undefined): op is Operation {
  if (op === undefined) return false;
  const x = op.operand(0).type.shape;
  if (x === null || x.length !== 4) return false;
  if (op.isa(tfl.Mean)) {
    const axes = constInts(op.operand(1))?.map((a) => normalizeAxis(a, 4));
    return axes !== undefined && axes.length === 2 && axes.includes(1) && axes.includes(2);
  }
  if (op.isa(tfl.AveragePool2D)) {
    const y = op.result(0).type.shape;
    return op.str('fused_activation_function') === 'NONE' && op.int('filter_height') === x[1] && op.int('filter_width') === x[2] && y !== null && y[1] === 1 && y[2] === 1;
  }
  return false;
}

/** The gate branch computed from `x`, ending in `gate`, or why it is not one. */
function gateBranch(gate: Value, x: Value): Operation[] | string {
  const ops: Operation[] = [];
  const z = sigmoidInput(throughReshapes(gate, ops), ops);
  if (typeof z === 'string') return z;
  const expand = throughReshapes(z, ops).producer;
  if (!isProjection(expand) || expand.str('fused_activation_function') !== 'NONE') return 'sigmoid input is not a 1x1 conv or fully_connected';
  ops.push(expand);
  const r = activationInput(throughReshapes(expand.operand(0), ops), ops);
  if (typeof r === 'string') return r;
  const reduce = throughReshapes(r, ops).producer;
  if (!isProjection(reduce) || !['NONE', 'RELU', 'RELU6'].includes(reduce.str('fused_activation_function'))) return 'activation input is not a 1x1 conv or fully_connected';
  ops.push(reduce);
  const pool = throughReshapes(reduce.operand(0), ops).producer;
  if (!isGlobalPool(pool)) return 'squeeze input is not a global mean/average pool';
  if (pool.operand(0) !== x) return 'the gate is computed from another tensor';
  ops.push(pool);
  return ops.reverse();
}

/**
 * Matches `mul` (either operand order) as the output of a squeeze-and-excite block: x * gate(x). Every value of
 * the gate branch must feed only the branch itself, so removing it removes nothing anyone else reads.
 */
export function matchSqueezeExcite(mul: Operation): SqueezeExciteMatch | string {
  if (!mul.isa(tfl.Mul) || mul.str('fused_activation_function') !== 'NONE') return 'not a plain mul';
  let reason = 'not a squeeze-and-excite gate';
  for (const side of [0, 1]) {
    const x = mul.operand(side);
    const gate = mul.operand(1 - side);
    if (gate === x) continue;
    const ops = gateBranch(gate, x);
    if (typeof ops === 'string') {
      reason = ops;
      continue;
    }
    const inBranch = new Set<Operation>([...ops, mul]);
    if (ops.some((o) => o.results.some((r) => r.users().some((u) => !inBranch.has(u))))) return 'a value of the gate branch has users outside the block';
    if (!sameType(x, mul.result(0))) return 'the gate broadcasts x to another type';
    return { input: x, ops };
  }
  return reason;
}
