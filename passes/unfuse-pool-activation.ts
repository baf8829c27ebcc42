// unfuse-pool-activation: pools and concatenations with a fused activation become the op without it + the activation op.
import * as tfl from '../dialects/tfl/index.js';
import { PassOptions, definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';
import { UnfuseActivation } from './patterns/activation.js';

export const unfusePoolActivation = definePatternPass({
  name: 'unfuse-pool-activation',
  summary: 'Move fused activations out of average_pool_2d, max_pool_2d and concatenation into their own ops',
  description:
    'The Edge TPU maps pools and concatenations only without a fused activation; the standalone RELU, RELU6, ' +
    "RELU_N1_TO_1 or TANH maps on its own. Same outputs. TFLite's CONCATENATION kernel refuses fused activations and " +
    'its pool kernels ignore a fused TANH, so once it is a separate op the runtime applies it (tanh=false leaves fused TANH alone).',
  options: {
    tanh: { type: 'bool', default: true, description: 'also move a fused TANH into a tfl.tanh' },
  },
  preservesSemantics: true,
  patterns: (o: PassOptions) => {
    const tanh = o.tanh !== false;
    return new PatternSet([tfl.AveragePool2D, tfl.MaxPool2D, tfl.Concatenation].map((d) => new UnfuseActivation(d, tanh)));
  },
  greedy: { fold: false },
});
