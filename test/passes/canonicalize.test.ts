// canonicalize on random chains of what it simplifies (identity arithmetic, reshape/transpose/squeeze/expand_dims
// chains, constant subexpressions, dead ops): same outputs, verified IR, idempotent, and left in canonical form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tfl from '../../dialects/tfl/index.js';
import { constOperand } from '../../dialects/common.js';
import { denseGet, dense, i32, str } from '../../src/ir/attributes.js';
import { Module, Operation, Value } from '../../src/ir/core.js';
import { Traits } from '../../src/ir/opdef.js';
import { tensorType, typesEqual } from '../../src/ir/types.js';
import { f32t, newFunc, seededConst } from '../support/build.js';
import { checkPreserves } from './pass-check.js';

const KINDS = ['identity', 'arith', 'reshape', 'transpose', 'squeeze', 'expand', 'const-expr', 'relu', 'dead'] as const;
const step = fc.record({ kind: fc.constantFrom(...KINDS), a: fc.nat(63), b: fc.nat(63), c: fc.nat(63) });
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const BINARY = [tfl.Add, tfl.Sub, tfl.Mul, tfl.Div];
const IDENTITY = [0, 0, 1, 1];

/** Builds x → random steps → return (plus one or two side results), through the Builder. */
function build(dims: readonly number[], steps: readonly Step[], seed: number): Module {
  const t = newFunc([f32t(...dims)]);
  const ints = (v: number[], shape = [v.length]): Value => t.b.constant(dense(tensorType(shape, 'i32'), Int32Array.from(v)));
  const results: Value[] = [];
  let x: Value = t.args[0]!;
  steps.forEach((s, k) => {
    const shape = [...x.type.shape!];
    const r = shape.length;
    const n = shape.reduce((p, d) => p * d, 1);
    const constOf = (value: number | undefined, form: number): Value => {
      const cshape = form % 3 === 0 || r === 0 ? [] : form % 3 === 1 ? [shape[r - 1]!] : shape;
      if (value === undefined) return seededConst(t.b, cshape, seed + k, 2);
      return t.b.constant(dense(tensorType(cshape, 'f32'), new Float32Array(cshape.reduce((p, d) => p * d, 1)).fill(value)));
    };
    switch (s.kind) {
      case 'identity':
      case 'arith': {
        const which = s.a % 4;
        const c = constOf(s.kind === 'identity' ? IDENTITY[which] : undefined, s.b);
        const onLeft = s.c % 3 === 0;
        const act = s.c % 5 === 4 ? 'RELU' : 'NONE';
        x = t.b.create(BINARY[which]!, onLeft ? [c, x] : [x, c], { fused_activation_function: str(act) }).result(0);
        break;
      }
      case 'reshape': {
        const options = [[n], [1, n], [...dims], [1, n, 1]].filter((o) => o.reduce((p, d) => p * d, 1) === n);
        if (n % 2 === 0) options.push([2, n / 2]);
        const target = options[s.a % options.length]!;
        x = t.b.create(tfl.Reshape, [x, ints(target)]).result(0);
        break;
      }
      case 'transpose': {
        if (r === 0) break;
        const perm = shape.map((_, i) => i).sort((p, q) => ((p * 37 + s.a) % 11) - ((q * 37 + s.a) % 11));
        // Every second transpose undoes the previous one when it can: the chains canonicalize must see through.
        const prev = x.producer;
        const inv = prev?.isa(tfl.Transpose) && s.b % 2 === 0 ? constOperand(prev.operand(1)) : undefined;
        const p = inv !== undefined ? perm.map((_, i) => [...inv.data].map(Number).indexOf(i)) : perm;
        x = t.b.create(tfl.Transpose, [x, ints(p)]).result(0);
        break;
      }
      case 'squeeze': {
        const ones = shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
        const dimsAttr = s.a % 3 === 0 ? [] : ones.slice(0, 1 + (s.b % Math.max(ones.length, 1)));
        if (ones.length === 0 && dimsAttr.length === 0) break;
        x = t.b.create(tfl.Squeeze, [x], { squeeze_dims: { kind: 'array', value: dimsAttr.map(i32) } }).result(0);
        break;
      }
      case 'expand':
        if (r < 5) x = t.b.create(tfl.ExpandDims, [x, ints([s.a % (r + 1)], [])]).result(0);
        break;
      case 'const-expr': {
        const a = constOf(undefined, s.b);
        const b = t.b.create(tfl.Mul, [a, constOf(undefined, s.b)], { fused_activation_function: str('NONE') }).result(0);
        x = t.b.create(tfl.Add, s.c % 2 === 0 ? [x, b] : [b, x], { fused_activation_function: str('NONE') }).result(0);
        break;
      }
      case 'relu':
        x = t.b.create(tfl.Relu, [x]).result(0);
        if (s.a % 4 === 0) results.push(x);
        break;
      case 'dead':
        t.b.create(s.a % 2 === 0 ? tfl.Relu6 : tfl.Logistic, [x]);
        break;
    }
  });
  t.ret(x, ...results.filter((v) => v !== x));
  return t.m;
}

const allEqual = (op: Operation, i: number, v: number): boolean => {
  const c = constOperand(op.operand(i));
  if (c === undefined) return false;
  for (let k = 0; k < c.data.length; k++) if (denseGet(c, k) !== v) return false;
  return true;
};

/** Reasons the func is not in canonical form (what canonicalize promises to leave behind). */
function nonCanonical(m: Module): string[] {
  const out: string[] = [];
  for (const op of m.main().body.opList()) {
    const p0 = op.numOperands > 0 ? op.operand(0).producer : undefined;
    if (op.hasTrait(Traits.Pure) && op.name !== 'func.return' && op.results.every((r) => !r.hasUses())) out.push(`dead ${op.name}`);
    if (op.name.startsWith('tfl.') && op.numOperands > 0 && op.operands.every((v) => constOperand(v) !== undefined)) out.push(`unfolded ${op.name}`);
    if (op.isa(tfl.Reshape) && (p0?.isa(tfl.Reshape) || p0?.isa(tfl.Squeeze) || p0?.isa(tfl.ExpandDims))) out.push(`reshape of ${p0.name}`);
    if (op.isa(tfl.Transpose) && p0?.isa(tfl.Transpose)) out.push('transpose of transpose');
    if ((op.isa(tfl.Reshape) || op.isa(tfl.Squeeze)) && typesEqual(op.operand(0).type, op.result(0).type)) out.push(`no-op ${op.name}`);
    if (op.hasTrait(Traits.Commutative) && constOperand(op.operand(0)) !== undefined && constOperand(op.operand(1)) === undefined) out.push(`constant on the left of ${op.name}`);
    const k = BINARY.findIndex((d) => op.isa(d));
    if (k >= 0 && op.str('fused_activation_function') === 'NONE') {
      for (const side of k % 2 === 0 ? [1, 0] : [1]) {
        if (allEqual(op, side, IDENTITY[k]!) && typesEqual(op.operand(1 - side).type, op.result(0).type)) out.push(`identity ${op.name}`);
      }
    }
  }
  return out;
}

test('canonicalize keeps the outputs of random identity/shape/constant chains and leaves them canonical', async (t) => {
  let worst = 0;
  let removed = 0;
  const dims = fc.constantFrom<number[]>([1, 4, 4, 2], [1, 3, 1, 5], [2, 6], [1, 1, 8], [6]);
  await fc.assert(
    fc.asyncProperty(dims, fc.array(step, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 1 << 20 }), async (d, steps, seed) => {
      const m = build(d, steps, seed);
      const before = m.main().body.size;
      const res = await checkPreserves(m, 'canonicalize', { seed });
      worst = Math.max(worst, res.error);
      assert.deepEqual(nonCanonical(res.after), [], `steps ${JSON.stringify(steps)}`);
      removed += before - res.after.main().body.size;
    }),
    { numRuns: 200, seed: 31 },
  );
  t.diagnostic(`${removed} ops removed over 200 chains; worst relative error ${worst.toExponential(2)}`);
  assert.ok(removed > 200);
});
