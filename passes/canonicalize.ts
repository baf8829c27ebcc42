// canonicalize: folds constants, applies every dialect's canonical patterns and removes dead ops.
import { definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';
import { canonicalTflPatterns } from './patterns/canonical-tfl.js';

export const canonicalize = definePatternPass({
  name: 'canonicalize',
  summary: 'Fold constants, simplify identities (x+0, x*1, reshape/transpose chains) and remove dead ops',
  preservesSemantics: true,
  patterns: () => new PatternSet(canonicalTflPatterns()),
});
