// tfl quantization boundary ops and opaque custom ops.
import { Traits, attrStr, optional, attrAny, defineOp } from '../../src/ir/opdef.js';

/** float → quantized (or requantize int8 → int8); the result type carries the parameters. */
export const Quantize = defineOp({
  name: 'tfl.quantize',
  operands: ['input'],
  traits: [Traits.Pure],
  verify: (op) => (op.result(0).type.quant === undefined ? 'result type must be quantized' : undefined),
});

/** quantized (or float16) → float32. */
export const Dequantize = defineOp({
  name: 'tfl.dequantize',
  operands: ['input'],
  traits: [Traits.Pure],
  verify: (op) => (op.result(0).type.quant !== undefined ? 'result type must not be quantized' : undefined),
});

/** An op litec does not understand, kept byte for byte so it round-trips (TFLite custom or unknown builtin). */
export const Custom = defineOp({
  name: 'tfl.custom',
  operands: ['inputs*'],
  results: ['outputs*'],
  attrs: { custom_code: attrStr(), custom_option: optional(attrAny) },
  traits: [],
});
