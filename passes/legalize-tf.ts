// legalize-tf: tf dialect → float tfl (after folding Keras's shape arithmetic), or one error naming every op left over.
import { Codes } from '../src/diag/catalogue.js';
import { userError } from '../src/diag/diagnostic.js';
import { Module, Operation } from '../src/ir/core.js';
import { locName } from '../src/ir/loc.js';
import { Rewriter } from '../src/ir/rewriter.js';
import { definePass } from '../src/pass/pass.js';
import { GreedyResult, applyPatternsToModule } from '../src/rewrite/driver.js';
import { Pattern, PatternSet } from '../src/rewrite/pattern.js';
import { legalizeArrayPatterns } from './patterns/legalize-tf-array.js';
import { legalizeMathPatterns } from './patterns/legalize-tf-math.js';
import { legalizeNnPatterns } from './patterns/legalize-tf-nn.js';
import { legalizeShapePatterns } from './patterns/legalize-tf-shape.js';

/** Every tf → tfl conversion pattern (one per source op family). */
export function legalizeTfPatterns(): Pattern[] {
  return [...legalizeNnPatterns(), ...legalizeMathPatterns(), ...legalizeArrayPatterns()];
}

const SHOWN_NODES = 4;

function nodeLabel(op: Operation): string {
  const name = locName(op.loc);
  return name !== undefined ? `"${name}"` : op.loc.describe() || `an op of @${op.parent?.func.name ?? '?'}`;
}

interface Leftover {
  readonly ops: Operation[];
  /** Why the first one did not convert (from its patterns' failure reasons). */
  readonly reason: string;
}

/** tf ops still in the module, grouped by TF op type, with the reason their patterns gave. */
function leftovers(module: Module, patterns: PatternSet): Map<string, Leftover> {
  const out = new Map<string, Leftover>();
  for (const f of module.funcs) {
    const rw = new Rewriter(f);
    rw.recordFailures = true;
    for (const op of f.body.opList()) {
      if (!op.name.startsWith('tf.') || op.parent === undefined) continue;
      const type = op.name.slice(3);
      const entry = out.get(type);
      if (entry !== undefined) {
        entry.ops.push(op);
        continue;
      }
      const candidates = patterns.forOp(op.name);
      rw.failures.length = 0;
      for (const p of candidates) {
        rw.setInsertionPoint(op);
        // The driver reached a fixed point, so these fail again; they only say why.
        if (p.matchAndRewrite(op, rw)) throw new Error(`internal: legalize-tf pattern ${p.name} fired after the fixed point`);
      }
      const reason = candidates.length === 0 ? 'no conversion to tfl' : rw.failures.find((x) => x.op === op)?.reason ?? 'no pattern matched';
      out.set(type, { ops: [op], reason });
    }
  }
  return out;
}

function unsupportedMessage(left: ReadonlyMap<string, Leftover>): string {
  const parts = [...left]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([type, { ops, reason }]) => {
      const shown = ops.slice(0, SHOWN_NODES).map(nodeLabel).join(', ');
      const more = ops.length > SHOWN_NODES ? ` and ${ops.length - SHOWN_NODES} more` : '';
      return `${type} (node${ops.length > 1 ? 's' : ''} ${shown}${more}: ${reason})`;
    });
  return `unsupported TF ops: ${parts.join('; ')}`;
}

function record(stat: (name: string, n: number) => void, r: GreedyResult): void {
  for (const [name, n] of r.fired) stat(name, n);
  if (r.folded) stat('folded', r.folded);
  if (r.erased) stat('erased', r.erased);
}

export const legalizeTf = definePass({
  name: 'legalize-tf',
  summary: 'Convert tf-dialect ops to float tfl ops (Conv2D + BiasAdd → conv_2d with an OHWI filter, batch norm → mul + add, ...)',
  description:
    "First folds the shape arithmetic Keras emits (Shape → StridedSlice → Pack → Reshape) so reshape targets become " +
    'constants, then converts op by op: Conv2D/DepthwiseConv2dNative/MatMul take a following per-channel BiasAdd/Add ' +
    'as their bias (filters move to TFLite layouts as new constants), inference FusedBatchNorm* becomes x * scale + ' +
    'offset with per-channel constants (fold-batchnorm then folds them into the conv), and StridedSlice masks are made ' +
    'dense. Ops it cannot convert are reported together in one error (LC2003), unless allow-partial keeps them.',
  options: {
    'allow-partial': { type: 'bool', default: false, description: 'keep tf ops that cannot be converted instead of failing' },
  },
  preservesSemantics: true,
  run(module, ctx, options) {
    const stat = (name: string, n: number): void => ctx.stat(name, n);
    record(stat, applyPatternsToModule(module, new PatternSet(legalizeShapePatterns())));
    const patterns = new PatternSet(legalizeTfPatterns());
    const r = applyPatternsToModule(module, patterns);
    record(stat, r);
    if (!r.converged) ctx.warn({ code: Codes.PassFailed, message: 'legalize-tf stopped at its rewrite cap without reaching a fixed point' });
    const left = leftovers(module, patterns);
    if (left.size === 0) return;
    const first = [...left.values()][0]!.ops[0]!;
    if (options['allow-partial'] === true) {
      const n = [...left.values()].reduce((a, l) => a + l.ops.length, 0);
      ctx.stat('kept-tf-ops', n);
      ctx.warn({ code: Codes.UnsupportedOp, message: `kept ${n} tf op${n === 1 ? '' : 's'} (allow-partial): ${unsupportedMessage(left)}`, loc: first.loc });
      return;
    }
    userError(Codes.UnsupportedOp, `${unsupportedMessage(left)}; legalize-tf{allow-partial=true} keeps them as tf ops`, { loc: first.loc });
  },
});
