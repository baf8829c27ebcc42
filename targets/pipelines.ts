// Default pass pipelines per target: the float clean-up every target wants, then the quantization the request asks for.
import type { PipelineRequest, QuantizeMode } from './target.js';

/** Meaning-preserving float clean-up, in the order the passes feed each other. */
export const FLOAT_CLEANUP: readonly string[] = [
  'legalize-tf',
  'canonicalize',
  'fold-constants',
  'fold-batchnorm',
  'fuse-bias',
  'fuse-activation',
  'pad-to-same',
];

/** The passes that apply a quantization mode ('none' adds nothing: the model stays float32). */
export function quantizeSteps(mode: QuantizeMode): string[] {
  switch (mode) {
    case 'none':
      return [];
    case 'int8':
      // calibrate reports LC5002 itself when no representative data was given.
      return ['calibrate', 'quantize{mode=int8}'];
    case 'dynamic-range':
      return ['quantize{mode=dynamic-range}'];
    case 'float16':
      return ['quantize{mode=float16}'];
  }
}

/** cleanup + target-specific float rewrites + cse/dce + quantization. */
export function buildPipeline(targetPasses: readonly string[], req: PipelineRequest): string {
  return [...FLOAT_CLEANUP, ...targetPasses, 'cse', 'dce', ...quantizeSteps(req.quantize)].join(',');
}
