// Small IR-building helpers for tests.
import { Builder } from '../../src/ir/builder.js';
import { Func, Module, Value } from '../../src/ir/core.js';
import { dense, i32, str } from '../../src/ir/attributes.js';
import { TensorType, tensorType } from '../../src/ir/types.js';
import { ReturnOp } from '../../src/ir/builtin-ops.js';

export const f32t = (...shape: number[]): TensorType => tensorType(shape, 'f32');

/** Creates a module with one func @main and a builder at its end; call `ret` to finish. */
export function newFunc(argTypes: TensorType[], name = 'main'): { m: Module; f: Func; b: Builder; args: Value[]; ret: (...vs: Value[]) => void } {
  const m = new Module();
  const f = m.addFunc(new Func(name, argTypes, []));
  const b = new Builder(f);
  return {
    m,
    f,
    b,
    args: f.args,
    ret: (...vs: Value[]) => {
      f.resultTypes = vs.map((v) => v.type);
      for (let i = f.resultAttrs.length; i < vs.length; i++) f.resultAttrs.push(new Map());
      b.create(ReturnOp, vs, {}, []);
    },
  };
}

/** A seeded float constant of the given shape. */
export function seededConst(b: Builder, shape: number[], seed: number, scale = 1): Value {
  const n = shape.reduce((a, x) => a * x, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return b.constant(dense(tensorType(shape, 'f32'), data));
}

export const convAttrs = (stride = 1, padding = 'SAME', act = 'NONE') => ({
  padding: str(padding),
  stride_h: i32(stride),
  stride_w: i32(stride),
  fused_activation_function: str(act),
});
