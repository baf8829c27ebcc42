// Default pass pipelines per target: the float clean-up every target wants, then the quantization the request asks for.
import type { IoType, PipelineRequest, QuantizeMode } from './target.js';

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
export function quantizeSteps(mode: QuantizeMode, opts: { samples?: number; io?: IoType } = {}): string[] {
  switch (mode) {
    case 'none':
      return [];
    case 'int8': {
      // calibrate reports LC5002 itself when no representative data was given.
      const calibrate = opts.samples === undefined ? 'calibrate' : `calibrate{samples=${opts.samples}}`;
      const io = opts.io === undefined || opts.io === 'float' ? '' : ` input-type=${opts.io} output-type=${opts.io}`;
      return [calibrate, `quantize{mode=int8${io}}`];
    }
    case 'dynamic-range':
      return ['quantize{mode=dynamic-range}'];
    case 'float16':
      return ['quantize{mode=float16}'];
  }
}

/** cleanup + target-specific float rewrites + cse/dce + quantization; `targetIo` is the target's default I/O type. */
export function buildPipeline(targetPasses: readonly string[], req: PipelineRequest, targetIo?: IoType): string {
  const io = req.io ?? targetIo;
  const q = quantizeSteps(req.quantize, { ...(req.samples === undefined ? {} : { samples: req.samples }), ...(io === undefined ? {} : { io }) });
  return [...FLOAT_CLEANUP, ...targetPasses, 'cse', 'dce', ...q].join(',');
}
