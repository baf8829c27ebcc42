// The tfl dialect: mirrors the TFLite schema's builtin operators and options one to one.
import { OpDef } from '../../src/ir/opdef.js';
import * as conv from './conv.js';
import * as elementwise from './elementwise.js';
import * as extra from './extra.js';
import * as quant from './quant.js';
import * as tensor from './tensor.js';

export * from './conv.js';
export * from './elementwise.js';
export * from './extra.js';
export * from './quant.js';
export * from './tensor.js';

export const tflOps: OpDef[] = [conv, elementwise, tensor, quant, extra].flatMap((m) => Object.values(m).filter((v): v is OpDef => v instanceof OpDef));
