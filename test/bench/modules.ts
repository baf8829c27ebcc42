// The bench modules `npm run bench` runs, each wrapped to give figures with same-run baselines (report.ts rows).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { emitTflite } from '../../src/emitters/tflite/emit.js';
import { printModule, type IrPrintOptions } from '../../src/ir/printer.js';
import { mobileNetV2Graph } from '../../src/interpreter/testing/mobilenet-v2-graph.js';
import { TfliteRuntime } from '../../src/runtime/tflite-runtime.js';
import { sharedModel, sharedModelsPresent } from '../support/shared-models.js';
import { coreBench } from './core-bench.js';
import { efficientNetBench, efficientNetMarkdown, formatEfficientNetBench } from './efficientnet-bench.js';
import type { RssRun } from './efficientnet-memory.js';
import { importBench, importTimings, formatImportTimings } from './import-bench.js';
import { int8Bench } from './int8-bench.js';
import { interpreterBench, formatInterpreterBench } from './interpreter-bench.js';
import { irBench, irBenchGraph, irThroughput, formatIrThroughput } from './ir-bench.js';
import { passesBench } from './passes-bench.js';
import { quantBench } from './quant-bench.js';
import { formatNumber, type GoalFigure } from './report.js';

export interface ModuleOptions {
  /** Fewer iterations and lite0 only: a smoke run. */
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

/** What a module returns before index.ts times it and wraps it into a BenchSection. */
export interface ModuleOutput {
  readonly figures: GoalFigure[];
  readonly text?: string;
  readonly markdown?: string;
  readonly data?: unknown;
}

export interface BenchModule {
  readonly name: string;
  readonly summary: string;
  run(opts: ModuleOptions): Promise<ModuleOutput>;
}

function taskMean(b: Bench, name: string): number {
  const r = b.tasks.find((t) => t.name === name)?.result as { latency?: { mean?: number } } | undefined;
  return r?.latency?.mean ?? NaN;
}

const SKIPPED_NO_MODELS: ModuleOutput = { figures: [], text: 'skipped: ../shared/models is absent' };

/** Bytes of every file under a folder (what an importer has to read at least). */
function readAll(path: string): number {
  if (!statSync(path).isDirectory()) return readFileSync(path).length;
  return readdirSync(path).reduce((n, f) => n + readAll(join(path, f)), 0);
}

const core: BenchModule = {
  name: 'core',
  summary: 'greedy driver / canonicalize on 2,000 ops; TFLite emit and import throughput',
  run: async () => ({ figures: await coreBench() }),
};

const ir: BenchModule = {
  name: 'ir',
  summary: 'textual IR print and parse throughput',
  async run({ quick }) {
    const time = quick ? 150 : 500;
    const bench = await irBench({ time });
    const rows = irThroughput(bench);
    // Baselines: the least any printer or parser does with the same bytes (join lines, split into tokens).
    const m = irBenchGraph();
    const base = new Bench({ time, throws: true });
    for (const [label, po] of [['elided constants', {}], ['all data', { printAllData: true }]] as [string, IrPrintOptions][]) {
      const text = printModule(m, po);
      const lines = text.split('\n');
      base.add(`join (${label})`, () => void lines.join('\n'));
      base.add(`tokenize (${label})`, () => void text.match(/[\w.%#@"-]+|\S/g)?.length);
    }
    await base.run();
    const figures = rows.map((r): GoalFigure => {
      const label = /\((.*)\)/.exec(r.task)?.[1] ?? '';
      const parse = r.task.startsWith('parse');
      const baseMs = taskMean(base, `${parse ? 'tokenize' : 'join'} (${label})`);
      return {
        name: `IR ${r.task}, ${(r.bytes / 1024).toFixed(0)} KiB`,
        value: r.mbPerSec,
        unit: 'MB/s',
        baseline: parse ? 'one-regex tokenize of the same text' : 'join of the same text\'s lines',
        ratio: r.meanMs / baseMs,
      };
    });
    return { figures, text: formatIrThroughput(rows), data: rows };
  },
};

const imports: BenchModule = {
  name: 'import',
  summary: 'TF SavedModel import and TensorBundle read (needs ../shared/models)',
  async run({ quick }) {
    if (!sharedModelsPresent()) return SKIPPED_NO_MODELS;
    const bench = await importBench(quick ? { iterations: 2, time: 0 } : {});
    const rows = importTimings(bench);
    const mnist = sharedModel('savedmodel/mnist_cnn_bn');
    const mobilenet = sharedModel('savedmodel/mobilenet_v2_no_weights');
    // Baseline per task: reading the files it reads from disk (page cache), nothing decoded.
    const reads: Record<string, () => number> = {
      'import mnist_cnn_bn': () => readAll(mnist),
      'import mobilenet_v2 (seeded weights)': () => readAll(mobilenet),
      'decode mobilenet_v2 saved_model.pb': () => readAll(join(mobilenet, 'saved_model.pb')),
      'TensorBundle read all (mnist_cnn_bn)': () => readAll(join(mnist, 'variables')),
    };
    const base = new Bench({ time: quick ? 100 : 400, throws: true });
    for (const [name, fn] of Object.entries(reads)) base.add(name, () => void fn());
    await base.run();
    const figures = rows.map((r): GoalFigure => ({
      name: r.task,
      value: Number.isNaN(r.mbPerSec) ? r.meanMs : r.mbPerSec,
      unit: Number.isNaN(r.mbPerSec) ? 'ms' : 'MB/s',
      baseline: 'reading the same files',
      ratio: r.meanMs / taskMean(base, r.task),
    }));
    return { figures, text: formatImportTimings(rows), data: rows };
  },
};

const int8: BenchModule = {
  name: 'int8',
  summary: 'int8 reference interpreter vs the TFLite runtime on MobileNetV2 int8 and EfficientNet-Lite0 int8 (needs ../shared/models)',
  async run({ quick }) {
    if (!sharedModelsPresent()) return SKIPPED_NO_MODELS;
    return { figures: await int8Bench(quick ? { interpreterRuns: 2, runtimeRuns: 5 } : {}) };
  },
};

const interpreter: BenchModule = {
  name: 'interpreter',
  summary: 'float interpreter on the MobileNetV2-shaped graph vs the TFLite runtime on the same graph',
  async run({ quick }) {
    const r = await interpreterBench({ time: quick ? 500 : 2000 });
    // The same graph (same seed), emitted and run by the real runtime: the speed baseline.
    const bytes = emitTflite(mobileNetV2Graph({ inputSize: r.inputSize, batch: r.batch, seed: 7 }).module);
    const rt = await TfliteRuntime.load(bytes, { file: 'mobilenet-v2 graph' });
    let rtMs: number;
    try {
      const x = new Float32Array(r.batch * r.inputSize * r.inputSize * 3).fill(0.5);
      const b = new Bench({ time: 0, iterations: quick ? 5 : 30, warmupIterations: 2, throws: true });
      b.add('runtime', () => void rt.run([x]));
      await b.run();
      rtMs = taskMean(b, 'runtime');
    } finally {
      rt.dispose();
    }
    const ratio = rtMs / r.meanMs;
    const figures: GoalFigure[] = [
      {
        name: `float interpreter (${r.backend}), MobileNetV2-shaped graph ${r.inputSize}x${r.inputSize}`,
        value: r.imagesPerSec,
        unit: 'images/s',
        baseline: `TFLite runtime, same graph: ${formatNumber(1000 / rtMs)} images/s`,
        ratio,
        goal: '≥ 0.67x (≤ 1.5x slower)',
        met: ratio >= 1 / 1.5,
      },
      {
        name: 'float interpreter peak tensor memory, MobileNetV2-shaped graph',
        value: r.peakBytes / 2 ** 20,
        unit: 'MiB',
        baseline: `its weights (${formatNumber(r.constantBytes / 2 ** 20)} MiB)`,
        ratio: r.peakBytes / r.constantBytes,
      },
    ];
    return { figures, text: formatInterpreterBench([r]), data: { ...r, runtimeMs: rtMs } };
  },
};

const passes: BenchModule = {
  name: 'passes',
  summary: 'the float rewrite pipeline and each pass on MobileNetV2 (needs ../shared/models)',
  async run({ quick }) {
    if (!sharedModelsPresent()) return SKIPPED_NO_MODELS;
    return { figures: await passesBench(quick ? { iterations: 2, warmup: 1 } : {}) };
  },
};

const quant: BenchModule = {
  name: 'quant',
  summary: 'calibration images/s and quantize-pass time on the MobileNetV2-sized graph',
  run: async ({ quick }) => ({ figures: await quantBench(quick ? { images: 2, quantizeRuns: 2 } : {}) }),
};

const efficientnet: BenchModule = {
  name: 'efficientnet',
  summary: 'EfficientNet-Lite0..4 compile() per target and stage, interpreter vs runtime, sizes, peak RSS',
  async run({ quick, log }) {
    const r = await efficientNetBench(quick ? { models: ['efficientnet-lite0'], interpreterRuns: 3, runtimeRuns: 4, rounds: 2, log } : { log });
    const rss = (x: RssRun): object => ({ label: x.label, maxRssBytes: x.maxRssBytes, exitCode: x.exitCode, ms: x.ms });
    const memory = r.memory === null ? null : { startup: rss(r.memory.startup), runs: r.memory.runs.map(rss) };
    const data = { compiles: r.compiles, throughput: r.throughput, memory, referenceNote: r.referenceNote };
    return { figures: r.figures, text: formatEfficientNetBench(r), markdown: efficientNetMarkdown(r), data };
  },
};

export const BENCH_MODULES: readonly BenchModule[] = [core, ir, imports, passes, quant, int8, interpreter, efficientnet];
