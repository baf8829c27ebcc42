// The builtin dialect: func.return and arith.constant (defined in the IR core, which needs them).
import { ConstantOp, ReturnOp } from '../src/ir/builtin-ops.js';
import { OpDef } from '../src/ir/opdef.js';

export { ConstantOp, ReturnOp, constantValue } from '../src/ir/builtin-ops.js';
export const builtinOps: OpDef[] = [ReturnOp, ConstantOp];
