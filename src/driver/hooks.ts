// The parts of compile() that targets, calibration and quantization provide; defaults until they are wired.
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '../ir/core.js';
import { PassContext } from '../pass/pass.js';
import type { CompileOptions, QuantizeMode, TargetName } from './compile.js';

export interface CompileHooks {
  defaultQuantize(target: TargetName, hasCalibrationData: boolean): QuantizeMode;
  defaultPipeline(target: TargetName, quantize: QuantizeMode, hasCalibrationData: boolean): string;
  /** Provides services passes need (calibration data); returns a description of the data, or null. */
  provideServices(ctx: PassContext, module: Module, opts: CompileOptions): Promise<string | null>;
  analyze(module: Module, target: TargetName): { report: unknown; exitCode: number };
  metadata(module: Module, opts: CompileOptions): Map<string, Uint8Array>;
  quantizationReport(ctx: PassContext): unknown;
  sizeOf(path: string, format: string): number;
}

export function pathSize(path: string): number {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    return readdirSync(path).reduce((a, n) => a + pathSize(join(path, n)), 0);
  } catch {
    return 0;
  }
}

export const defaultHooks: CompileHooks = {
  defaultQuantize: () => 'none',
  defaultPipeline: () => 'canonicalize',
  provideServices: async () => null,
  analyze: () => ({ report: null, exitCode: 0 }),
  metadata: () => new Map(),
  quantizationReport: () => null,
  sizeOf: (path, format) => (format === 'builtin' ? 0 : pathSize(path)),
};
