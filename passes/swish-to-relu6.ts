// swish-to-relu6: x * logistic(x) becomes relu6(x) (or hard_swish / relu), as EfficientNet-Lite does; changes outputs.
import * as tfl from '../dialects/tfl/index.js';
import { Codes } from '../src/diag/catalogue.js';
import { fusedLoc } from '../src/ir/loc.js';
import { OpDef } from '../src/ir/opdef.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { typesEqual } from '../src/ir/types.js';
import { definePass } from '../src/pass/pass.js';
import { eraseIfDead } from './patterns/erase.js';
import { matchSwish } from './patterns/swish.js';

const TARGETS: Readonly<Record<string, { def: OpDef; text: string }>> = {
  relu6: { def: tfl.Relu6, text: 'relu6' },
  'hard-swish': { def: tfl.HardSwish, text: 'hard_swish' },
  relu: { def: tfl.Relu, text: 'relu' },
};

export const swishToRelu6 = definePass({
  name: 'swish-to-relu6',
  summary: "Replace swish (x * logistic(x)) with relu6 (or hard_swish, relu); changes the model's outputs",
  description:
    'EfficientNet-Lite uses ReLU6 instead of swish for quantization and accelerators. hard-swish keeps closer to the ' +
    "original function. Warns (LC4102) and records the statistic 'swish-replaced'.",
  options: {
    to: { type: 'enum', values: ['relu6', 'hard-swish', 'relu'], default: 'relu6', description: 'the activation swish becomes' },
  },
  preservesSemantics: false,
  run(module, ctx, options) {
    const target = TARGETS[String(options.to)] ?? TARGETS.relu6!;
    let n = 0;
    for (const f of module.funcs) {
      const rw = new Rewriter(f);
      for (const op of f.body.opList()) {
        if (op.parent === undefined || !op.isa(tfl.Mul)) continue;
        const m = matchSwish(op);
        if (m === undefined || !typesEqual(m.input.type, op.result(0).type)) continue;
        rw.replaceOpWithNewOp(op, target.def, [m.input], {}, undefined, fusedLoc([m.logistic.loc, op.loc]));
        eraseIfDead(rw, [m.logistic]);
        n++;
      }
    }
    ctx.stat('swish-replaced', n);
    if (n > 0) {
      ctx.warn({ code: Codes.SwishReplaced, message: `replaced ${n} swish activation${n === 1 ? '' : 's'} with ${target.text}; this changes the model's outputs` });
    }
  },
});
