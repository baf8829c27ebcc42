// Constants of a func as tfjs tensors: uploaded (or derived) on first use, kept in each form kernels ask for.
import * as tf from '@tensorflow/tfjs-core';
import { constantValue } from '../../ir/builtin-ops.js';
import type { Operation, Value } from '../../ir/core.js';
import { denseToTensor } from './dtypes.js';
import { dequantizeTensor } from './kernels-quant.js';
import { RAW_KEY, type Slot } from './plan.js';

type ConstSlot = Extract<Slot, { kind: 'const' }>;

/** Computes the results of the op producing a derived constant (its operands come from the cache). */
export type Derive = (op: Operation) => tf.Tensor[];

export class ConstCache {
  private readonly forms = new Map<Value, Map<string, tf.Tensor>>();
  /** Raw forms to drop at the next settle(): never while a kernel may still hold them. */
  private readonly pendingDrops = new Set<Value>();

  /**
   * Constants in `keepRaw` keep their raw form; the others drop it once a prepared form exists, and derived
   * constants drop their operands' raw forms once computed (recomputed if ever needed again).
   */
  constructor(
    private readonly keepRaw: ReadonlySet<Value>,
    private readonly derive: Derive,
  ) {}

  /** The raw form (IR layout; storage integers for quantized types). Kept even inside a tf.tidy. */
  raw(v: Value): tf.Tensor {
    const hit = this.forms.get(v)?.get(RAW_KEY);
    if (hit !== undefined) return hit;
    const d = constantValue(v.producer);
    if (d !== undefined) {
      const t = tf.keep(denseToTensor(d));
      this.formsOf(v).set(RAW_KEY, t);
      return t;
    }
    const op = v.producer;
    if (op === undefined) throw new Error('internal: ConstCache.raw on a func argument');
    const outs = this.derive(op);
    op.results.forEach((r, k) => {
      const m = this.formsOf(r);
      const t = outs[k]!;
      if (m.has(RAW_KEY)) t.dispose();
      else m.set(RAW_KEY, tf.keep(t));
    });
    for (const o of op.operands) if (!this.keepRaw.has(o)) this.dropRaw(o);
    return this.forms.get(v)!.get(RAW_KEY)!;
  }

  /** The form a slot asks for, computed once (dequantized and/or prepared for `op`'s kernel). */
  get(slot: ConstSlot, op: Operation): tf.Tensor {
    if (slot.key === RAW_KEY) return this.raw(slot.value);
    const m = this.formsOf(slot.value);
    const hit = m.get(slot.key);
    if (hit !== undefined) return hit;
    const raw = this.raw(slot.value);
    const made = tf.keep(
      tf.tidy(() => {
        const real = slot.dequant ? dequantizeTensor(raw, slot.dequant, op) : raw;
        return slot.prep ? slot.prep.apply(op, real) : real;
      }),
    );
    m.set(slot.key, made);
    // Weights are usually read in one prepared form only: do not hold them twice.
    if (made !== raw && !this.keepRaw.has(slot.value)) this.dropRaw(slot.value);
    return made;
  }

  /** Lets go of v's raw form at the next settle() unless a per-run step reads it raw. */
  dropRaw(v: Value): void {
    if (!this.keepRaw.has(v)) this.pendingDrops.add(v);
  }

  /** Frees the raw forms nothing needs any more; call between steps, when no kernel holds a tensor. */
  settle(): void {
    if (this.pendingDrops.size === 0) return;
    for (const v of this.pendingDrops) {
      const m = this.forms.get(v);
      const t = m?.get(RAW_KEY);
      if (t === undefined) continue;
      m!.delete(RAW_KEY);
      // A prepared form may be the raw tensor itself (a prep that changes nothing): keep it then.
      if (![...m!.values()].includes(t)) t.dispose();
    }
    this.pendingDrops.clear();
  }

  /** Number of tensors held (what tf.memory().numTensors includes between runs). */
  get tensorCount(): number {
    return new Set([...this.forms.values()].flatMap((m) => [...m.values()])).size;
  }

  /** Bytes held by the cached tensors. */
  get bytes(): number {
    let n = 0;
    for (const t of new Set([...this.forms.values()].flatMap((m) => [...m.values()]))) n += t.size * (t.dtype === 'bool' ? 1 : 4);
    return n;
  }

  dispose(): void {
    for (const m of this.forms.values()) for (const t of m.values()) t.dispose();
    this.forms.clear();
    this.pendingDrops.clear();
  }

  private formsOf(v: Value): Map<string, tf.Tensor> {
    let m = this.forms.get(v);
    if (m === undefined) {
      m = new Map();
      this.forms.set(v, m);
    }
    return m;
  }
}
