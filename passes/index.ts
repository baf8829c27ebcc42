// Registers every pass; the registry is built once at start-up.
import { PassRegistry } from '../src/pass/registry.js';
import { canonicalize } from './canonicalize.js';
import { cse } from './cse.js';
import { dce } from './dce.js';
import { foldBatchnorm } from './fold-batchnorm.js';
import { foldConstants } from './fold-constants.js';
import { fuseActivation } from './fuse-activation.js';
import { fuseBias } from './fuse-bias.js';
import { legalizeTf } from './legalize-tf.js';
import { meanToAvgpool } from './mean-to-avgpool.js';
import { leakyReluToMax } from './leaky-relu-to-max.js';
import { splitMean } from './split-mean.js';
import { unfusePoolActivation } from './unfuse-pool-activation.js';
import { squeezeToReshape } from './squeeze-to-reshape.js';
import { padToSame } from './pad-to-same.js';
import { removeSqueezeExcite } from './remove-squeeze-excite.js';
import { swishToRelu6 } from './swish-to-relu6.js';
import { calibrate } from './calibrate.js';
import { quantize } from './quantize.js';

export const passRegistry: PassRegistry = new PassRegistry([
  legalizeTf,
  canonicalize,
  dce,
  foldConstants,
  cse,
  foldBatchnorm,
  fuseBias,
  fuseActivation,
  removeSqueezeExcite,
  swishToRelu6,
  padToSame,
  meanToAvgpool,
  leakyReluToMax,
  splitMean,
  unfusePoolActivation,
  squeezeToReshape,
  calibrate,
  quantize,
]);
