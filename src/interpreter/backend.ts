// Picks the tfjs-core backend the float interpreter runs on: WASM (XNNPACK) from node_modules, else the JS CPU one.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu';

export interface BackendInfo {
  /** The backend tfjs-core now runs kernels on. */
  readonly name: BackendName;
  /** Why WASM is not used, when the CPU backend was chosen as a fallback. */
  readonly fallbackReason?: string;
}

export interface BackendOptions {
  /** Force a backend (tests of the CPU path); default: WASM, falling back to CPU. */
  readonly backend?: BackendName;
}

/**
 * tfjs-core's engine is one per process, so the choice is too: this memo mirrors the engine's state and keeps
 * concurrent callers from initializing twice. It is the only module-level state and only ever moves forward.
 */
const state: { pending?: Promise<BackendInfo>; wasmPathsSet?: boolean; info?: BackendInfo } = {};

/** Where the installed @tensorflow/tfjs-backend-wasm keeps its .wasm binaries (its dist folder). */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

/** A reason WASM cannot load, found before asking tfjs (which only logs a warning); undefined when it looks fine. */
function wasmProblem(dir: string): string | undefined {
  // The project's lib settings do not declare WebAssembly; it is a global in every Node version we support.
  const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  if (wasm === undefined) return 'this JavaScript runtime has no WebAssembly';
  const simd = join(dir, 'tfjs-backend-wasm-simd.wasm');
  const plain = join(dir, 'tfjs-backend-wasm.wasm');
  const file = existsSync(simd) ? simd : plain;
  if (!existsSync(file)) return `${plain} is missing (is @tensorflow/tfjs-backend-wasm installed completely?)`;
  try {
    if (!wasm.validate(readFileSync(file))) return `${file} is not a valid WebAssembly module`;
  } catch (e) {
    return `cannot read ${file}: ${(e as Error).message}`;
  }
  return undefined;
}

async function selectBackend(opts: BackendOptions): Promise<BackendInfo> {
  let fallbackReason: string | undefined;
  if (opts.backend !== 'cpu') {
    const dir = wasmDistDir();
    fallbackReason = wasmProblem(dir);
    if (fallbackReason === undefined) {
      if (!state.wasmPathsSet) {
        // A file path prefix: in Node the backend reads the binary from disk, so no network is involved.
        setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
        state.wasmPathsSet = true;
      }
      if (await tf.setBackend('wasm')) return { name: 'wasm' };
      fallbackReason = 'tfjs could not initialize the wasm backend (see its warning above)';
    }
    if (opts.backend === 'wasm') throw new Error(`internal: the wasm backend was required but cannot load: ${fallbackReason}`);
    process.stderr.write(`litec: interpreter falls back to the slower tfjs CPU backend: ${fallbackReason}\n`);
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('internal: neither the wasm nor the cpu tfjs backend could be initialized');
  return fallbackReason === undefined ? { name: 'cpu' } : { name: 'cpu', fallbackReason };
}

/**
 * Makes tfjs-core run on WASM (or CPU when WASM cannot load; the reason is logged once to stderr). Idempotent:
 * later calls return the first result, unless they ask for a different backend explicitly.
 */
export async function initBackend(opts: BackendOptions = {}): Promise<BackendInfo> {
  const current = state.pending;
  if (current !== undefined) {
    const info = await current;
    if (opts.backend === undefined || opts.backend === info.name) return info;
  }
  const next = (current ?? Promise.resolve(undefined)).then(() => selectBackend(opts));
  state.pending = next;
  try {
    state.info = await next;
  } catch (e) {
    // Let a later call try again rather than replaying the failure forever.
    if (state.pending === next) delete state.pending;
    throw e;
  }
  return state.info;
}

/** The backend chosen by initBackend, or undefined before it finished. */
export function activeBackend(): BackendInfo | undefined {
  return state.info;
}
