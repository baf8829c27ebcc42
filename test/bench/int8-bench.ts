// Benchmark: images/s of the int8 reference interpreter vs the real TFLite runtime (XNNPACK) on MobileNetV2 int8 and
// EfficientNet-Lite0 int8.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { importTfliteFile } from '../../src/importers/tflite/import.js';
import { Int8Interpreter } from '../../src/interpreter/int8/index.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { decodeBmp24, resizeBilinear } from '../runtime/bmp-image.js';
import { sharedModel, sharedModelsPresent } from '../support/shared-models.js';
import type { BenchFigure } from './core-bench.js';

export interface Int8BenchOptions {
  /** Timed inferences of the interpreter per model. Default 10. */
  interpreterRuns?: number;
  /** Timed inferences of the runtime per model. Default 30. */
  runtimeRuns?: number;
}

function meanMs(b: Bench, name: string): number {
  const r = b.tasks.find((x) => x.name === name)?.result as { latency?: { mean?: number } } | undefined;
  return r?.latency?.mean ?? NaN;
}

/** The shared models measured, with the names their figures carry. */
const MODELS = [
  { file: 'tflite/tf2_mobilenet_v2_1.0_224_ptq.tflite', label: 'MobileNetV2 int8 224x224' },
  { file: 'tflite/efficientnet_lite0_int8_9class.tflite', label: 'EfficientNet-Lite0 int8 224x224' },
] as const;

/**
 * Runs each model (uint8 in, int8 inside) on grace_hopper.bmp through both engines in this process and reports
 * images/s; the interpreter's figure carries its ratio to the runtime. Empty without ../shared/models.
 */
export async function int8Bench(options: Int8BenchOptions = {}): Promise<BenchFigure[]> {
  if (!sharedModelsPresent()) return [];
  const image = resizeBilinear(decodeBmp24(new Uint8Array(readFileSync(sharedModel('images/grace_hopper.bmp')))), 224);
  const figures: BenchFigure[] = [];
  for (const { file, label } of MODELS) {
    const path = sharedModel(file);
    const interpreter = Int8Interpreter.create(importTfliteFile(path));
    const runtime = await TfliteRuntime.load(new Uint8Array(readFileSync(path)), { file: path });
    try {
      // Few, long iterations: tinybench's time budget is set to 0 so the iteration counts decide.
      const rt = new Bench({ time: 0, iterations: options.runtimeRuns ?? 30, warmupIterations: 3 });
      rt.add('tflite runtime (XNNPACK, 1 thread)', () => void runtime.run([image]));
      const it = new Bench({ time: 0, iterations: options.interpreterRuns ?? 10, warmupIterations: 2 });
      it.add('int8 interpreter', () => void interpreter.run([image]));
      await rt.run();
      await it.run();
      const rtMs = meanMs(rt, 'tflite runtime (XNNPACK, 1 thread)');
      const itMs = meanMs(it, 'int8 interpreter');
      figures.push(
        { name: `TFLite runtime, ${label}`, value: 1000 / rtMs, unit: 'images/s' },
        {
          name: `int8 interpreter, ${label}`,
          value: 1000 / itMs,
          unit: 'images/s',
          baseline: 'TFLite runtime (same process, same image)',
          ratio: rtMs / itMs,
        },
      );
    } finally {
      runtime.dispose();
    }
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await int8Bench()) {
    const ratio = f.ratio === undefined ? '' : `  (${f.ratio.toFixed(3)}x ${f.baseline})`;
    console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${ratio}`);
  }
}
