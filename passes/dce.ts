// dce: removes ops without side effects whose results are unused.
import { definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';

export const dce = definePatternPass({
  name: 'dce',
  summary: 'Remove side-effect-free ops whose results are never used',
  description:
    'Erases ops with the Pure trait whose results have no uses, and then their operands\' producers when those die ' +
    'too (whole dead chains and their constants). Ops with unknown effects (tfl.custom) stay. Folds nothing.',
  preservesSemantics: true,
  patterns: () => new PatternSet(),
  greedy: { fold: false, dce: true },
});
