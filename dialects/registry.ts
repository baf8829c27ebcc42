// The op registry, built once at start-up from every dialect.
import { OpRegistry } from '../src/ir/opdef.js';
import { builtinOps } from './builtin.js';
import { tfOps } from './tf/index.js';
import { tflOps } from './tfl/index.js';

export const registry: OpRegistry = new OpRegistry([...builtinOps, ...tfOps, ...tflOps]);
