// File names of a TensorBundle: <prefix>.index and <prefix>.data-NNNNN-of-MMMMM.

export function indexFileName(prefix: string): string {
  return `${prefix}.index`;
}

export function dataFileName(prefix: string, shardId: number, numShards: number): string {
  return `${prefix}.data-${String(shardId).padStart(5, '0')}-of-${String(numShards).padStart(5, '0')}`;
}

/** Accepts either the bundle prefix or the path of its .index file; returns the prefix. */
export function bundlePrefix(pathOrPrefix: string): string {
  return pathOrPrefix.endsWith('.index') ? pathOrPrefix.slice(0, -'.index'.length) : pathOrPrefix;
}

/** The special key under which TF2 checkpoints store their serialized TrackableObjectGraph. */
export const OBJECT_GRAPH_KEY = '_CHECKPOINTABLE_OBJECT_GRAPH';
