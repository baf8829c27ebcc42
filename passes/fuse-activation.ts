// fuse-activation: standalone relu/relu6/relu_n1_to_1 (and min/max clamps) become the producer's fused activation.
import * as tfl from '../dialects/tfl/index.js';
import { definePatternPass } from '../src/pass/pass.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';
import { ClampToRelu, FuseActivationIntoProducer, MaxZeroToRelu } from './patterns/activation.js';

export const fuseActivation = definePatternPass({
  name: 'fuse-activation',
  summary: 'Fuse relu, relu6, relu_n1_to_1 (and min/max clamps) into conv, depthwise, fully_connected, add, mul, sub and pools (not concatenation: TFLite refuses it)',
  description:
    'Only when the producer result has one use and no activation yet. TANH is opt-in (fuse-tanh=true): TensorFlow ' +
    "Lite's float and int8 kernels clamp only for RELU, RELU6 and RELU_N1_TO_1 and silently ignore a fused TANH.",
  options: {
    'fuse-tanh': { type: 'bool', default: false, description: 'also fuse tfl.tanh (only for runtimes that apply a fused TANH)' },
    clamps: { type: 'bool', default: true, description: 'recognize minimum(maximum(x, 0), 6) and friends as relu6 first' },
  },
  preservesSemantics: true,
  patterns: (o) => {
    const clamps = o.clamps !== false;
    const ps: Pattern[] = [
      new FuseActivationIntoProducer(tfl.Relu, 'RELU', clamps),
      new FuseActivationIntoProducer(tfl.Relu6, 'RELU6'),
      new FuseActivationIntoProducer(tfl.Relu1, 'RELU_N1_TO_1'),
    ];
    if (o['fuse-tanh'] === true) ps.push(new FuseActivationIntoProducer(tfl.Tanh, 'TANH'));
    if (clamps) ps.push(new ClampToRelu(tfl.Minimum), new ClampToRelu(tfl.Maximum), new MaxZeroToRelu());
    return new PatternSet(ps);
  },
});
