// mnist_cnn_bn for the quantization tests: import, float pipeline, calibrate on 500 digits, quantize; batched eval.
import { importModel } from '../../src/importers/load.js';
import { Module } from '../../src/ir/core.js';
import { cloneModule } from '../../src/ir/clone.js';
import { PassContext } from '../../src/pass/pass.js';
import { constantEvaluatorKey } from '../../passes/fold-constants.js';
import { interpreterEvaluator } from '../../src/driver/constant-evaluator.js';
import { provideCalibration } from '../../src/quant/calibration.js';
import { provideBiasCorrection } from '../../src/quant/bias-correction.js';
import { mnistDigits } from '../../src/interpreter/datasets/mnist.js';
import { MNIST_PIXELS } from '../../src/interpreter/datasets/mnist.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { argmaxRows } from '../../src/quant/compare.js';
import { sharedModel } from '../support/shared-models.js';
import { runPipeline } from './quant-support.js';

export const MNIST_MODEL = 'savedmodel/mnist_cnn_bn';
export const FLOAT_PIPELINE = 'legalize-tf,fold-constants,fold-batchnorm,fuse-bias,fuse-activation,dce';
/** The first 500 digits calibrate; the other 9,500 evaluate. */
export const CALIBRATION = { offset: 0, count: 500 } as const;
export const EVAL_OFFSET = 500;
export const EVAL_BATCH = 100;

/** The float tfl module of mnist_cnn_bn at the given batch size, after the float pipeline. */
export async function mnistFloat(batchSize = 1): Promise<Module> {
  const { module } = await importModel(sharedModel(MNIST_MODEL), { batchSize });
  const ctx = new PassContext();
  ctx.provide(constantEvaluatorKey, interpreterEvaluator);
  await runPipeline(module, FLOAT_PIPELINE, ctx);
  return module;
}

export interface Quantized {
  readonly float: Module;
  /** The float module with its calibrated ranges, as the quantizer started from it. */
  readonly calibrated: Module;
  readonly quantized: Module;
  readonly ctx: PassContext;
}

/**
 * mnist_cnn_bn calibrated on the 500 calibration digits and quantized with `options` (the quantize pass's option
 * text, e.g. "mode=int8"). Weight-only modes skip calibration.
 */
export async function mnistQuantized(options: string, batchSize = 1): Promise<Quantized> {
  const float = await mnistFloat(batchSize);
  const m = cloneModule(float);
  const ctx = new PassContext();
  const int8 = !/mode=(dynamic-range|float16)/.test(options);
  if (int8) {
    provideCalibration(ctx, mnistDigits(CALIBRATION), { progressLabel: null });
    provideBiasCorrection(ctx, mnistDigits(CALIBRATION), { progressLabel: null, samples: 0 });
    await runPipeline(m, 'calibrate{samples=0}', ctx);
  }
  const calibrated = cloneModule(m);
  await runPipeline(m, `quantize{${options}}`, ctx);
  return { float, calibrated, quantized: m, ctx };
}

export interface Digits {
  /** count x 784 pixels. */
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
}

/** `count` mnist digits from `offset` (all the rest when count is omitted) in one array. */
export async function loadDigits(offset: number, count?: number): Promise<Digits> {
  const pixels: number[][] = [];
  const labels: number[] = [];
  for await (const s of mnistDigits(count === undefined ? { offset } : { offset, count })) {
    pixels.push(Array.from(s.data));
    labels.push(s.label!);
  }
  const out = new Float32Array(pixels.length * MNIST_PIXELS);
  pixels.forEach((p, i) => out.set(p, i * MNIST_PIXELS));
  return { pixels: out, labels: Int32Array.from(labels) };
}

/** Predicted classes of every digit, running the .tflite in the real runtime `batch` digits at a time. */
export async function runtimePredictions(bytes: Uint8Array, digits: Digits, batch: number): Promise<Int32Array> {
  const rt = await TfliteRuntime.load(bytes, { file: 'mnist_cnn_bn' });
  const n = digits.labels.length;
  const out = new Int32Array(n);
  try {
    for (let start = 0; start + batch <= n; start += batch) {
      const [probs] = rt.run([digits.pixels.subarray(start * MNIST_PIXELS, (start + batch) * MNIST_PIXELS)]);
      argmaxRows(probs as Float32Array, [batch, 10]).forEach((c, i) => (out[start + i] = c));
    }
  } finally {
    rt.dispose();
  }
  return out;
}

export function accuracy(pred: Int32Array, labels: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) ok++;
  return ok / labels.length;
}

export function agreement(a: Int32Array, b: Int32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
