// Recognizing swish, x * logistic(x) in either operand order (how legalize-tf spells tf.nn.swish / SiLU).
import { Operation, Value } from '../../src/ir/core.js';
import * as tfl from '../../dialects/tfl/index.js';

export interface SwishMatch {
  /** The swish input x. */
  readonly input: Value;
  /** The tfl.logistic op computing logistic(x). */
  readonly logistic: Operation;
}

/** Matches `mul` as swish(x); undefined when it is anything else (including a mul with a fused activation). */
export function matchSwish(mul: Operation): SwishMatch | undefined {
  if (!mul.isa(tfl.Mul) || mul.str('fused_activation_function') !== 'NONE') return undefined;
  for (const side of [0, 1]) {
    const g = mul.operand(side).producer;
    const x = mul.operand(1 - side);
    if (g?.isa(tfl.Logistic) && g.operand(0) === x) return { input: x, logistic: g };
  }
  return undefined;
}
