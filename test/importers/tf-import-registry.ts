// Test helper: the op registry the TF importer tests build with — litec's, plus stand-ins for tf ops it lacks.
//
// The tf dialect is written alongside the importer. Until an op is registered there, a permissive stand-in
// (any operands, any results, attrs kept as they are, types from `_output_shapes`) lets the importer's own logic be
// tested; once the dialect registers the op, the real definition is used and these stand-ins disappear.
import { registry } from '../../dialects/registry.js';
import { OpRegistry, defineOp } from '../../src/ir/opdef.js';

/** Every tf op the importer tests use. */
export const TEST_TF_OPS = [
  'Add', 'AddV2', 'BiasAdd', 'Conv2D', 'DepthwiseConv2dNative', 'FusedBatchNormV3', 'MatMul', 'MaxPool', 'Mean', 'Mul',
  'Pack', 'Pad', 'Relu', 'Relu6', 'Reshape', 'Shape', 'Softmax', 'StridedSlice', 'Sub', 'Tanh',
] as const;

/** tf ops of TEST_TF_OPS that litec's registry does not define yet. */
export function standInOps(): string[] {
  return TEST_TF_OPS.filter((op) => !registry.has(`tf.${op}`));
}

/** litec's registry when it has every op the tests need; else a copy with stand-ins for the missing ones. */
export function tfTestRegistry(): OpRegistry {
  const missing = standInOps();
  if (missing.length === 0) return registry;
  return new OpRegistry([...registry.all(), ...missing.map((op) => defineOp({ name: `tf.${op}`, operands: ['xs*'], results: ['ys*'], summary: 'test stand-in' }))]);
}

/** Skip reason for tests that go through litec's own registry (the CLI), while the tf dialect is incomplete. */
export function skipUnlessTfDialect(): string | false {
  const missing = standInOps();
  return missing.length === 0 ? false : `the tf dialect does not define ${missing.map((o) => `tf.${o}`).join(', ')} yet`;
}
