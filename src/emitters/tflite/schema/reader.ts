// readTfliteModel: .tflite bytes → TfliteModel, verifying every offset first; corrupt input is a LitecError.
import { TFLITE_FILE_IDENTIFIER } from './enums.js';
import { FlatReader, type FlatTable } from './flat-reader.js';
import { readOptionTable, readUnknownTable } from './options-codec.js';
import { builtinOptions2Spec, builtinOptionsSpec, type BuiltinOptions, type BuiltinOptions2 } from './options.js';
import { checkReferences } from './references.js';
import type {
  Metadata,
  Operator,
  OperatorCode,
  QuantizationParameters,
  SignatureDef,
  SubGraph,
  Tensor,
  TensorMap,
  TfliteBuffer,
  TfliteModel,
} from './types.js';

const EMPTY = new Uint8Array(0);

/**
 * Parses a .tflite file. Buffer data and custom options are zero-copy views into `bytes` (keep `bytes` alive
 * and unmodified while the model is used). `file` names the input in error messages.
 * Throws LitecError LC2002 (BadMagic) for a non-TFLite file, LC2001 (CorruptFile) for damaged ones.
 */
export function readTfliteModel(bytes: Uint8Array, file: string): TfliteModel {
  const r = new FlatReader(bytes, file);
  const m = r.root(TFLITE_FILE_IDENTIFIER, 'Model');
  const model: TfliteModel = {
    version: m.u32(0),
    operatorCodes: m.tables(1, 'operator_codes').map(readOperatorCode),
    subgraphs: m.tables(2, 'subgraphs').map(readSubGraph),
    description: m.string(3, 'description'),
    buffers: m.tables(4, 'buffers').map(readBuffer),
    metadataBuffer: m.numbers(5, 'metadata_buffer', 'i32') ?? [],
    metadata: m.tables(6, 'metadata').map(readMetadata),
    signatureDefs: m.tables(7, 'signature_defs').map(readSignatureDef),
  };
  checkReferences(model, file);
  return model;
}

function readOperatorCode(t: FlatTable): OperatorCode {
  const deprecated = t.i8(0);
  // TFLite's rule (schema_utils GetBuiltinCode): the larger of the two fields is the op code.
  return { builtinCode: Math.max(deprecated, t.i32(3)), deprecatedBuiltinCode: deprecated, customCode: t.string(1, 'custom_code'), version: t.i32(2, 1) };
}

function readSubGraph(t: FlatTable): SubGraph {
  return {
    tensors: t.tables(0, 'tensors').map(readTensor),
    inputs: t.numbers(1, 'inputs', 'i32') ?? [],
    outputs: t.numbers(2, 'outputs', 'i32') ?? [],
    operators: t.tables(3, 'operators').map(readOperator),
    name: t.string(4, 'name'),
  };
}

function readTensor(t: FlatTable): Tensor {
  const quant = t.table(4, 'quantization');
  const tensor: Tensor = {
    shape: t.numbers(0, 'shape', 'i32') ?? [],
    type: t.i8(1),
    buffer: t.u32(2),
    name: t.string(3, 'name'),
    quantization: quant === null ? null : readQuantization(quant),
    isVariable: t.bool(5),
    shapeSignature: t.numbers(7, 'shape_signature', 'i32'),
    hasRank: t.bool(8),
  };
  const unsupported: string[] = [];
  if (t.field(6, 4) !== 0) unsupported.push('sparsity');
  if (t.field(9, 4) !== 0) unsupported.push('variant_tensors');
  if (quant !== null && quant.u8(4) !== 0) unsupported.push('quantization.details');
  if (unsupported.length > 0) tensor.unsupported = unsupported;
  return tensor;
}

function readQuantization(t: FlatTable): QuantizationParameters {
  const zeroPoint = (t.bigints(3, 'zero_point') ?? []).map((z) => {
    const n = Number(z);
    if (!Number.isSafeInteger(n)) t.fail(`zero_point ${z} is out of range`);
    return n;
  });
  return {
    min: t.numbers(0, 'min', 'f32') ?? [],
    max: t.numbers(1, 'max', 'f32') ?? [],
    scale: t.numbers(2, 'scale', 'f32') ?? [],
    zeroPoint,
    quantizedDimension: t.i32(6),
  };
}

function readOperator(t: FlatTable): Operator {
  return {
    opcodeIndex: t.u32(0),
    inputs: t.numbers(1, 'inputs', 'i32') ?? [],
    outputs: t.numbers(2, 'outputs', 'i32') ?? [],
    builtinOptions: readUnion(t, 3, 'builtin_options', builtinOptionsSpec) as BuiltinOptions | null,
    builtinOptions2: readUnion(t, 11, 'builtin_options_2', builtinOptions2Spec) as BuiltinOptions2 | null,
    customOptions: readCustomOptions(t),
    customOptionsFormat: t.i8(6),
    mutatingVariableInputs: (t.numbers(7, 'mutating_variable_inputs', 'bool') ?? []).map((v) => v !== 0),
    intermediates: t.numbers(8, 'intermediates', 'i32') ?? [],
  };
}

/** A union is a type byte at field `typeField` and the table at the next field; NONE or no table → null. */
function readUnion(
  t: FlatTable,
  typeField: number,
  name: string,
  specOf: typeof builtinOptionsSpec,
): BuiltinOptions | BuiltinOptions2 | null {
  const typeId = t.u8(typeField);
  if (typeId === 0) return null;
  const table = t.table(typeField + 1, name);
  if (table === null) return null;
  const spec = specOf(typeId);
  return (spec === undefined ? readUnknownTable(table, typeId) : readOptionTable(table, spec)) as BuiltinOptions;
}

/** Inline custom options, or (models > 2 GB) the bytes at large_custom_options_offset/size in the file. */
function readCustomOptions(t: FlatTable): Uint8Array | null {
  const inline = t.bytes(5, 'custom_options');
  const offset = t.u64(9);
  if (offset <= 1n) return inline;
  return outsideBytes(t, offset, t.u64(10), 'large_custom_options');
}

function readBuffer(t: FlatTable): TfliteBuffer {
  const offset = t.u64(1);
  // The schema: offset/size locate data stored after the flatbuffer, "only valid if > 1".
  if (offset > 1n) return { data: outsideBytes(t, offset, t.u64(2), 'buffer') };
  return { data: t.bytes(0, 'data') ?? EMPTY };
}

function outsideBytes(t: FlatTable, offset: bigint, size: bigint, what: string): Uint8Array {
  const file = t.fileBytes();
  if (offset + size > BigInt(file.length)) {
    t.fail(`${what} data at offset ${offset} (${size} bytes) lies past the end of the file (${file.length} bytes)`);
  }
  return file.subarray(Number(offset), Number(offset + size));
}

function readMetadata(t: FlatTable): Metadata {
  return { name: t.string(0, 'name'), buffer: t.u32(1) };
}

function readTensorMap(t: FlatTable): TensorMap {
  return { name: t.string(0, 'name'), tensorIndex: t.u32(1) };
}

function readSignatureDef(t: FlatTable): SignatureDef {
  return {
    inputs: t.tables(0, 'inputs').map(readTensorMap),
    outputs: t.tables(1, 'outputs').map(readTensorMap),
    signatureKey: t.string(2, 'signature_key'),
    subgraphIndex: t.u32(4),
  };
}
