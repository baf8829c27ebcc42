// dce: removes ops without side effects whose results are unused.
import { definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';

export const dce = definePatternPass({
  name: 'dce',
  summary: 'Remove side-effect-free ops whose results are never used',
  preservesSemantics: true,
  patterns: () => new PatternSet(),
  greedy: { fold: false, dce: true },
});
