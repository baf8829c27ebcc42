// fold-batchnorm: per-channel scale/offset (inference batch norm) next to a conv folds into its filter and bias.
import { definePatternPass } from '../src/pass/pass.js';
import { PatternSet } from '../src/rewrite/pattern.js';
import { affineMotionPatterns } from './patterns/affine-motion.js';
import { affineAfterConvPatterns, affineBeforeConvPatterns } from './patterns/conv-affine.js';

export const foldBatchnorm = definePatternPass({
  name: 'fold-batchnorm',
  summary: 'Fold per-channel mul/add (batch norm) after or before conv_2d, depthwise_conv_2d and fully_connected into the weights',
  description:
    'After a conv: conv * s + t becomes one conv with filter scaled per output channel and bias b*s + t (the conv result ' +
    'must have no other user and no fused activation). Before a conv: (x * s) scales the filter per input channel; ' +
    '(x + t) adds W·t to the bias, only when the conv pads nothing (VALID), since SAME padding zeros never see t. ' +
    'A batch norm that follows an activation (Keras Conv-ReLU-BN) first moves down to the next conv: below max pools ' +
    '(for s > 0), average pools, and a Flatten reshape that feeds a fully_connected (s, t tiled). ' +
    'A batch norm with no conv to reach stays mul+add.',
  options: {
    before: { type: 'bool', default: true, description: 'also fold scale/offset that come before a conv into it' },
    sink: { type: 'bool', default: true, description: 'move scale/offset below pools and flattening reshapes to reach the next conv (needs before=true)' },
  },
  preservesSemantics: true,
  patterns: (o) => {
    const before = o.before !== false;
    return new PatternSet([
      ...affineAfterConvPatterns({ scales: true, offsets: true }),
      ...(before ? affineBeforeConvPatterns() : []),
      ...(before && o.sink !== false ? affineMotionPatterns() : []),
    ]);
  },
});
