// fuse-bias: an add of a per-channel constant after conv_2d / depthwise_conv_2d / fully_connected goes into the bias.
import { definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';
import { affineAfterConvPatterns } from './patterns/conv-affine.js';

export const fuseBias = definePatternPass({
  name: 'fuse-bias',
  summary: 'Fold add/sub of a per-channel constant after conv_2d, depthwise_conv_2d or fully_connected into its bias',
  description: 'The conv result must have no other user and no fused activation; a conv without a bias gets one.',
  preservesSemantics: true,
  patterns: () => new PatternSet(affineAfterConvPatterns({ scales: false, offsets: true })),
});
