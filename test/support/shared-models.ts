// Locates ../shared/models (real third-party models); tests skip with a message when it is absent.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder with a package.json (test/support from source, dist/test/support built). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
/** Absolute path of the shared models folder (it may not exist). */
export const SHARED_MODELS = resolve(repoRoot(), '..', 'shared', 'models');

export function sharedModelsPresent(): boolean {
  return existsSync(join(SHARED_MODELS, 'MANIFEST.md'));
}

/** Path of a file in ../shared/models, e.g. sharedModel('tflite/hello_world_int8.tflite'). */
export function sharedModel(rel: string): string {
  return join(SHARED_MODELS, rel);
}

/** For `test(name, { skip: skipUnlessShared() }, ...)`: false when present, else the skip message. */
export function skipUnlessShared(): string | false {
  return sharedModelsPresent() ? false : `../shared/models is absent (${SHARED_MODELS}); skipping real-model test`;
}
