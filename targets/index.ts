// The target registry (cpu, gpu, edgetpu) and the calls the compile driver and CLI use.
import type { Module } from '../src/ir/core.js';
import { Codes } from '../src/diag/catalogue.js';
import { userError } from '../src/diag/diagnostic.js';
import { cpu } from './cpu.js';
import { edgetpu } from './edgetpu.js';
import { gpu } from './gpu.js';
import { placementExitCode } from './report.js';
import { analyze, type IoType, type Placement, type QuantizeMode, type Target, type TargetName } from './target.js';

export * from './target.js';
export { formatPlacementJson, formatPlacementText, placementExitCode, placementJson } from './report.js';
export { cpu, edgetpu, gpu };

export const TARGETS: ReadonlyMap<TargetName, Target> = new Map<TargetName, Target>([
  ['cpu', cpu],
  ['gpu', gpu],
  ['edgetpu', edgetpu],
]);

export const TARGET_NAMES: readonly TargetName[] = [...TARGETS.keys()];

export function isTargetName(name: string): name is TargetName {
  return TARGETS.has(name as TargetName);
}

/** The target called `name`; a user error naming the known targets otherwise. */
export function getTarget(name: string): Target {
  const t = TARGETS.get(name as TargetName);
  if (t === undefined) return userError(Codes.TargetUnsupported, `unknown target '${name}' (known targets: ${TARGET_NAMES.join(', ')})`);
  return t;
}

/** The quantization a target uses when the user does not choose one. */
export function defaultQuantize(target: string, hasCalibrationData: boolean): QuantizeMode {
  return getTarget(target).defaultQuantize(hasCalibrationData);
}

/** The pass pipeline `litec compile --target T` runs (and `litec passes --target T` prints). */
export function defaultPipeline(target: string, quantize: QuantizeMode, hasCalibrationData: boolean, samples?: number, io?: IoType): string {
  return getTarget(target).pipeline({ quantize, hasCalibrationData, ...(samples === undefined ? {} : { samples }), ...(io === undefined ? {} : { io }) });
}

/** Placement plus the exit code, in the shape the compile driver's analyze hook returns. */
export function analyzeForTarget(module: Module, target: string, strict = false): { report: Placement; exitCode: number } {
  const report = analyze(module, getTarget(target));
  return { report, exitCode: placementExitCode(report, strict) };
}
