// canonicalize: folds constants, applies every dialect's canonical patterns and removes dead ops.
import { definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';
import { canonicalTflPatterns } from './patterns/canonical-tfl.js';

export const canonicalize = definePatternPass({
  name: 'canonicalize',
  summary: 'Fold constants, simplify identities (x+0, x*1, reshape/transpose chains) and remove dead ops',
  description:
    'Runs every op fold hook on constant operands, then to a fixed point: x+0, x-0, x*1, x/1 become x (only without a ' +
    'fused activation and when broadcasting does not grow x); constants move to the right of commutative ops; ' +
    'reshape(reshape(x)) and reshape(squeeze/expand_dims(x)) read x; transpose pairs compose (and vanish when the ' +
    'identity); reshape/squeeze/expand_dims chains back to the same type and no-op reshapes/squeezes disappear; ' +
    "a concatenation's fused activation becomes its own op (TFLite's kernel refuses a fused one); " +
    'unused side-effect-free ops are erased.',
  preservesSemantics: true,
  patterns: () => new PatternSet(canonicalTflPatterns()),
});
