// remove-squeeze-excite: drops squeeze-and-excite blocks (x * gate(x) → x), as EfficientNet-Lite does; changes outputs.
import * as tfl from '../dialects/tfl/index.js';
import { Codes } from '../src/diag/catalogue.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { definePass } from '../src/pass/pass.js';
import { eraseIfDead } from './patterns/erase.js';
import { matchSqueezeExcite } from './patterns/squeeze-excite.js';

export const removeSqueezeExcite = definePass({
  name: 'remove-squeeze-excite',
  summary: "Remove squeeze-and-excite blocks (global pool → 1x1 conv/fc → act → 1x1 conv/fc → sigmoid → mul); changes the model's outputs",
  description:
    'EfficientNet-Lite drops SE because accelerators handle it badly. The gating mul is replaced by its input and the ' +
    'gate branch is erased. The model computes something else afterwards (retrain or fine-tune), so the pass warns ' +
    "(LC4101) and records the statistic 'se-blocks-removed'.",
  preservesSemantics: false,
  run(module, ctx) {
    const where: string[] = [];
    for (const f of module.funcs) {
      const rw = new Rewriter(f);
      for (const op of f.body.opList()) {
        if (op.parent === undefined || !op.isa(tfl.Mul)) continue;
        const m = matchSqueezeExcite(op);
        if (typeof m === 'string') continue;
        where.push(op.loc.describe() || `@${f.name}`);
        rw.replaceOp(op, [m.input]);
        eraseIfDead(rw, m.ops);
      }
    }
    const n = where.length;
    ctx.stat('se-blocks-removed', n);
    if (n > 0) {
      ctx.warn({
        code: Codes.SqueezeExciteRemoved,
        message: `removed ${n} squeeze-and-excite block${n === 1 ? '' : 's'}; this changes the model's outputs`,
        notes: where.map((w) => `removed the block whose output is ${w}`),
      });
    }
  },
});
