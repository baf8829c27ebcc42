// Recognizes swish (x * sigmoid(x)) and squeeze-and-excite gates in tfl graphs, so targets can advise the passes that remove them.
import type { Operation, Value } from '../src/ir/core.js';
import { isConstant } from './facts.js';

const producer = (v: Value): Operation | undefined => v.producer;

/** MUL(x, LOGISTIC(x)) in either operand order. */
export function isSwish(op: Operation): boolean {
  if (op.name !== 'tfl.mul' || op.numOperands !== 2) return false;
  const [a, b] = [op.operand(0), op.operand(1)];
  const gateOf = (g: Value, x: Value): boolean => {
    const p = producer(g);
    return p?.name === 'tfl.logistic' && p.operand(0) === x;
  };
  return gateOf(a, b) || gateOf(b, a);
}

/** Ops a squeeze-and-excite gate passes through between the global pool and the sigmoid. */
const GATE_BODY = new Set(['tfl.conv_2d', 'tfl.fully_connected', 'tfl.relu', 'tfl.relu6', 'tfl.reshape', 'tfl.add', 'tfl.mul', 'tfl.hard_swish', 'tfl.quantize', 'tfl.dequantize']);
const GLOBAL_POOL = new Set(['tfl.mean', 'tfl.average_pool_2d']);

/** The single non-constant operand of op, when it has exactly one. */
function runtimeInput(op: Operation): Value | undefined {
  const rs = op.operands.filter((v) => !isConstant(v));
  return rs.length === 1 ? rs[0] : undefined;
}

/**
 * MUL(x, LOGISTIC(f(pool(x)))) where f is a short chain of convs/FCs/activations: a squeeze-and-excite gate.
 * The chain is followed up to 8 ops; the pool must read the same x the MUL scales.
 */
export function isSqueezeExcite(op: Operation): boolean {
  if (op.name !== 'tfl.mul' || op.numOperands !== 2 || isSwish(op)) return false;
  for (const [g, x] of [
    [op.operand(0), op.operand(1)],
    [op.operand(1), op.operand(0)],
  ] as const) {
    const sig = producer(g);
    if (sig?.name !== 'tfl.logistic') continue;
    let v: Value | undefined = sig.operand(0);
    for (let depth = 0; depth < 8 && v !== undefined; depth++) {
      const p = producer(v);
      if (p === undefined) break;
      if (GLOBAL_POOL.has(p.name)) {
        if (p.operand(0) === x) return true;
        break;
      }
      if (!GATE_BODY.has(p.name)) break;
      v = runtimeInput(p);
    }
  }
  return false;
}
