// The tf dialect: TensorFlow graph ops as imported (names as in MLIR's tf dialect, attrs as in TF's NodeDefs).
import { OpDef } from '../../src/ir/opdef.js';
import * as array from './array.js';
import * as math from './math.js';
import * as nn from './nn.js';
import * as shape from './shape.js';

export * from './array.js';
export * from './math.js';
export * from './nn.js';
export * from './shape.js';

export const tfOps: OpDef[] = [nn, math, array, shape].flatMap((m) => Object.values(m).filter((v): v is OpDef => v instanceof OpDef));
