// `litec compile MODEL`: the main job. With no MODEL (or --demo), compiles the built-in efficientnet-lite0.
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Codes } from '../diag/catalogue.js';
import { userError } from '../diag/diagnostic.js';
import { compile, CompileOptions, QuantizeMode, TargetName } from '../driver/compile.js';
import { formatCompileReport } from '../driver/report-text.js';
import { formatCompileReportHtml } from '../driver/report-html.js';
import { compileWithFix, formatFixes } from '../driver/fix.js';
import { OptionsConfig, Parsed, flag, intFlag, numbers, parseCommandArgs, str } from './args.js';
import { importFlags, importOptionsFromArgs } from './import-flags.js';
import { CliIO, writeFileAtomic } from './io.js';
import { EXIT_CPU_FALLBACK, EXIT_USER_ERROR } from './exit-codes.js';

export const compileHelp = `usage: litec compile MODEL [-o OUT.tflite] [options]

MODEL: a SavedModel folder, a .pb, a checkpoint .meta/prefix, a .tflite, a .mlir, or a built-in name.
  -o, --output FILE          output .tflite (default out/<model>_<target>.tflite)
  --target cpu|gpu|edgetpu   target hardware (default cpu); 'litec passes --target T' shows its pipeline
  --passes PIPELINE|none     replace the target's pipeline; 'none' re-emits the model unchanged
  --quantize MODE            none | int8 | dynamic-range | float16 (default: the target's)
  --io-type T                float | int8 | uint8: input/output type of an int8 model (default: float for
                             cpu, uint8 for edgetpu)
  --calibration-data PATH    image folder, .npy with a leading batch dimension, a folder of .npy files,
                             'mnist' (the mnist package's digits in [0, 1]), 'mnist-l2' (the same digits
                             with columns L2-normalized as keras.utils.normalize(x, axis=1), the input
                             mnist_cnn_bn was trained on) or 'synthetic' (seeded random tensors)
  --samples N                calibration samples to use (default 100; synthetic: 8)
  --input-shape S            1,224,224,3 or name=1,224,224,3 (repeatable)
  --inputs A,B --outputs Y   input/output node names (GraphDefs, checkpoints)
  --signature NAME           SavedModel signature (default serving_default)
  --allow-missing-weights    seeded weights where a checkpoint's data is missing
  --ckpt DIR                 TF checkpoint for a built-in model (official efficientnet-liteN layout)
  --num-classes N            classifier size of a built-in model (default 1000)
  --batch-size N             fix a dynamic batch dimension
  --labels FILE --mean M --std S   write TFLite metadata (labels file, input normalization)
  --report FILE              write the text report to FILE   (it is also printed)
  --report-json FILE         write the report as JSON
  --report-html FILE         write the report as one HTML page (placement, per-layer SQNR chart, drift)
  --strict                   exit 2 (not 3) when ops fall back to the CPU
  --fix                      apply the target's repairs that keep the model's function (batch size, input
                             shapes, repair passes: leaky-relu-to-max, split-mean, unfuse-pool-activation,
                             squeeze-to-reshape) and compile again; lists the repairs that would change outputs
  --print-ir-after NAME|all  print the IR after a pass;  --no-verify: skip verification between passes
  --no-runtime-check         do not load the result in the TFLite runtime
  --eval-data PATH           held-out data (same forms as --calibration-data) for the layer report and the
                             output drift; default: the calibration data
  --report-samples N|all     samples the float-vs-int8 layer report compares (default 4; the integer
                             interpreter is slow on large models);  --no-accuracy-report: skip it
  --quiet                    print only errors
Exit codes: 0 ok, 2 user error, 3 compiled with ops falling back to CPU, 70 internal error.`;

const compileFlags: OptionsConfig = {
  output: { type: 'string', short: 'o' },
  target: { type: 'string' },
  passes: { type: 'string' },
  quantize: { type: 'string' },
  'calibration-data': { type: 'string' },
  samples: { type: 'string' },
  report: { type: 'string' },
  'report-json': { type: 'string' },
  'report-html': { type: 'string' },
  labels: { type: 'string' },
  mean: { type: 'string' },
  std: { type: 'string' },
  strict: { type: 'boolean' },
  fix: { type: 'boolean' },
  'print-ir-after': { type: 'string' },
  'no-verify': { type: 'boolean' },
  'no-runtime-check': { type: 'boolean' },
  'no-accuracy-report': { type: 'boolean' },
  'report-samples': { type: 'string' },
  'eval-data': { type: 'string' },
  'io-type': { type: 'string' },
  quiet: { type: 'boolean' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...importFlags,
};

function oneOf<T extends string>(p: Parsed, name: string, values: readonly T[]): T | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) userError(Codes.BadFlag, `litec compile: --${name} must be one of ${values.join('|')}, got '${v}'`);
  return v as T;
}

export async function compileCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs('compile', argv, compileFlags);
  if (flag(p, 'help')) {
    io.stdout(compileHelp + '\n');
    return 0;
  }
  if (p.positionals.length > 1) userError(Codes.BadFlag, `litec compile: unexpected argument '${p.positionals[1]}'`);
  const demo = flag(p, 'demo') || p.positionals.length === 0;
  const model = p.positionals[0] ?? 'efficientnet-lite0';
  const target = oneOf<TargetName>(p, 'target', ['cpu', 'gpu', 'edgetpu']) ?? (demo ? 'edgetpu' : 'cpu');
  const opts: CompileOptions = { ...importOptionsFromArgs(p, 'compile'), target };
  const passes = str(p, 'passes');
  if (passes !== undefined) opts.passes = passes;
  const q = oneOf<QuantizeMode>(p, 'quantize', ['none', 'int8', 'dynamic-range', 'float16']);
  if (q !== undefined) opts.quantize = q;
  const ioType = oneOf<'float' | 'int8' | 'uint8'>(p, 'io-type', ['float', 'int8', 'uint8']);
  if (ioType !== undefined) opts.ioType = ioType;
  const cal = str(p, 'calibration-data') ?? (demo ? 'synthetic' : undefined);
  if (cal !== undefined) opts.calibrationData = cal;
  const samples = intFlag(p, 'samples', 'compile');
  if (samples !== undefined) opts.samples = samples;
  const mean = numbers(p, 'mean', 'compile');
  const std = numbers(p, 'std', 'compile');
  if (mean) opts.mean = mean;
  if (std) opts.std = std;
  const labels = str(p, 'labels');
  if (labels !== undefined) opts.labels = labels;
  if (flag(p, 'no-verify')) opts.verifyEach = false;
  if (flag(p, 'no-runtime-check')) opts.checkRuntime = false;
  if (flag(p, 'no-accuracy-report')) opts.accuracyReport = false;
  const ev = str(p, 'eval-data');
  if (ev !== undefined) opts.evalData = ev;
  const rs = str(p, 'report-samples') === 'all' ? 0 : intFlag(p, 'report-samples', 'compile');
  if (rs !== undefined) opts.reportSamples = rs;
  const pia = str(p, 'print-ir-after');
  if (pia !== undefined) {
    opts.printIrAfter = pia === 'all' ? 'all' : new Set(pia.split(','));
    opts.irOut = io.stderr;
  }
  const out = str(p, 'output') ?? `out/${basename(model).replace(/\.(pb|meta|tflite|mlir)$/, '')}_${target}.tflite`;

  const fixed = flag(p, 'fix') ? await compileWithFix(model, opts) : undefined;
  const result = fixed ?? (await compile(model, opts));
  const qr = result.report.quantization as { text?: string } | null;
  const report = fixed ? { ...result.report, fixes: fixed.fixes } : result.report;
  const text = formatCompileReport(result.report, { placementText: result.report.placement_text, ...(qr?.text ? { quantizationText: qr.text } : {}) }) + (fixed ? `\n${formatFixes(fixed.fixes)}` : '');
  // A model the runtime rejects: when litec re-emitted it unchanged (pipeline none), the model as given is at fault
  // (a user error); after litec's passes it is a litec bug. Either way nothing is written.
  const check = result.report.runtime_check;
  if (check && !check.ok) {
    const why = (check.error ?? '').replace(/^compiled model: error LC7001: /, '');
    if (result.report.pipeline.trim() === 'none') {
      userError(Codes.RuntimeRejected, `the TFLite runtime rejects this model as it is (re-emitted unchanged): ${why}; fix the model, or compile it with a pipeline (drop --passes none)`, { file: model });
    }
    throw new Error(`the TFLite runtime rejected the compiled model: ${check.error ?? ''}`);
  }
  // The output's folder is created if needed (out/ by default); a path through a file is a user error.
  try {
    mkdirSync(dirname(out) || '.', { recursive: true });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOTDIR' || (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'a part of that path is a file, not a folder' : (e as Error).message.split('\n')[0];
    userError(Codes.WriteFailed, `cannot create the output folder ${dirname(out)}: ${why}`, { file: dirname(out) });
  }
  // Reports first, the model last: a failed write leaves no model behind.
  const reportPath = str(p, 'report');
  if (reportPath !== undefined) writeFileAtomic(reportPath, text + '\n');
  const jsonPath = str(p, 'report-json');
  if (jsonPath !== undefined) writeFileAtomic(jsonPath, JSON.stringify({ output: out, ...report }, null, 2) + '\n');
  const htmlPath = str(p, 'report-html');
  if (htmlPath !== undefined) writeFileAtomic(htmlPath, formatCompileReportHtml(result.report, { text, output: out }));
  writeFileAtomic(out, result.bytes);
  if (!flag(p, 'quiet')) io.stdout(`${text}\nwrote ${out} (${result.bytes.length.toLocaleString('en-US')} bytes)\n`);
  if (result.report.exit_code === EXIT_CPU_FALLBACK) return flag(p, 'strict') ? EXIT_USER_ERROR : EXIT_CPU_FALLBACK;
  return 0;
}
