// writeTfliteModel: TfliteModel → .tflite bytes with flatbuffers.Builder ("TFL3", 16-byte aligned buffer data).
import { Builder } from 'flatbuffers';
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import {
  addOffsetField,
  addScalar,
  alignedBytes,
  boolVector,
  float32Vector,
  int32Vector,
  int64Vector,
  offsetVector,
} from './build-helpers.js';
import { PLACEHOLDER_FOR_GREATER_OP_CODES } from './builtin-operator.js';
import { TFLITE_FILE_IDENTIFIER } from './enums.js';
import { writeOptionTable, writeUnknownTable } from './options-codec.js';
import type { BuiltinOptions, BuiltinOptions2, NamedTableSpec } from './options.js';
import { BUILTIN_OPTIONS, BUILTIN_OPTIONS_2 } from './option-specs.js';
import { placeBuffersOutside } from './outside-buffers.js';
import type { Metadata, Operator, OperatorCode, SignatureDef, SubGraph, Tensor, TensorMap, TfliteModel } from './types.js';

/** TFLite's converter aligns constant data to 16 bytes; XNNPACK reads aligned weights without copies. */
export const BUFFER_ALIGNMENT = 16;

/** A flatbuffer must stay below 2 GiB (its offsets are 32-bit signed). */
const MAX_FLATBUFFER_BYTES = 0x7fffffff;

export interface WriteOptions {
  /**
   * Store buffer data after the flatbuffer and locate it with Buffer.offset/size (TFLite's layout for models
   * over 2 GB; runtimes older than TF 2.14 cannot read it). Default false: data inside the flatbuffer.
   */
  buffersOutside?: boolean;
}

/**
 * Serializes a model. Output is deterministic (same model → same bytes). Buffer data is copied into the
 * builder once, each buffer 16-byte aligned; a model with tensors but no buffers gets the empty buffer 0. Tensors
 * carrying parts this object model does not support (`unsupported`) are refused rather than written without them.
 */
export function writeTfliteModel(model: TfliteModel, options: WriteOptions = {}): Uint8Array {
  checkWritable(model, options);
  const outside = options.buffersOutside === true;
  const b = new Builder(estimateSize(model, outside));
  const w = new ModelWriter(b);

  // Tensors without data point at buffer 0, so TFLite needs it to exist: supply it if the list is empty.
  const needsSentinel = model.buffers.length === 0 && model.subgraphs.some((sg) => sg.tensors.length > 0);
  const bufferList = needsSentinel ? [{ data: new Uint8Array(0) }] : model.buffers;
  // Buffers first: the builder fills the file from its end, so the weights end up last in the file.
  const bufferTables = bufferList.map((buf) => (outside ? w.bufferPlaceholder(buf.data.length) : w.buffer(buf.data)));
  const buffers = offsetVector(b, bufferTables);
  const subgraphs = offsetVector(b, model.subgraphs.map((sg) => w.subgraph(sg)));
  const operatorCodes = offsetVector(b, model.operatorCodes.map((oc) => w.operatorCode(oc)));
  const description = model.description === null ? 0 : b.createString(model.description);
  const metadataBuffer = model.metadataBuffer.length > 0 ? int32Vector(b, model.metadataBuffer) : 0;
  const metadata = model.metadata.length > 0 ? offsetVector(b, model.metadata.map((m) => w.metadata(m))) : 0;
  const signatureDefs = model.signatureDefs.length > 0 ? offsetVector(b, model.signatureDefs.map((s) => w.signatureDef(s))) : 0;

  b.startObject(8);
  addScalar(b, 0, 'u32', model.version, 0);
  addOffsetField(b, 1, operatorCodes);
  addOffsetField(b, 2, subgraphs);
  addOffsetField(b, 3, description);
  addOffsetField(b, 4, buffers);
  addOffsetField(b, 5, metadataBuffer);
  addOffsetField(b, 6, metadata);
  addOffsetField(b, 7, signatureDefs);
  const root = b.endObject();
  b.finish(root, TFLITE_FILE_IDENTIFIER);
  // The builder's array is larger than the file (it fills from the end): hand back a tight copy.
  const flat = b.asUint8Array().slice();
  if (!outside) return flat;
  return placeBuffersOutside(flat, bufferTables, bufferList.map((buf) => buf.data), BUFFER_ALIGNMENT);
}

function checkWritable(model: TfliteModel, options: WriteOptions): void {
  model.subgraphs.forEach((sg, s) =>
    sg.tensors.forEach((t, i) => {
      if (t.unsupported !== undefined && t.unsupported.length > 0) {
        userError(
          Codes.NotImplemented,
          `cannot write tensor ${i} ("${t.name ?? ''}") of subgraph ${s}: it uses ${t.unsupported.join(', ')}, which litec does not support`,
        );
      }
    }),
  );
  const data = model.buffers.reduce((n, buf) => n + buf.data.length, 0);
  if (options.buffersOutside !== true && data > MAX_FLATBUFFER_BYTES - (1 << 20)) {
    userError(Codes.WriteFailed, `model buffers hold ${data} bytes, too many for one flatbuffer (2 GiB); write with buffersOutside`);
  }
}

/** Builder capacity that avoids regrowth (each regrowth copies everything written so far). */
function estimateSize(model: TfliteModel, outside: boolean): number {
  let n = 65536;
  for (const buf of model.buffers) n += 32 + (outside ? 0 : buf.data.length + BUFFER_ALIGNMENT);
  for (const sg of model.subgraphs) {
    for (const t of sg.tensors) n += 96 + 4 * (t.shape.length * 2) + (t.name?.length ?? 0) * 3 + quantSize(t);
    n += sg.operators.length * 96 + 4 * (sg.inputs.length + sg.outputs.length);
    for (const op of sg.operators) n += 4 * (op.inputs.length + op.outputs.length) + (op.customOptions?.length ?? 0);
  }
  return Math.min(n, MAX_FLATBUFFER_BYTES);
}

function quantSize(t: Tensor): number {
  const q = t.quantization;
  return q === null ? 0 : 32 + 4 * (q.min.length + q.max.length + q.scale.length) + 8 * q.zeroPoint.length;
}

/** Per-table writers; each writes its children first, then the table (flatbuffers builds bottom-up). */
class ModelWriter {
  constructor(private readonly b: Builder) {}

  buffer(data: Uint8Array): number {
    const b = this.b;
    const dataOff = data.length > 0 ? alignedBytes(b, data, BUFFER_ALIGNMENT) : 0;
    b.startObject(3);
    addOffsetField(b, 0, dataOff);
    return b.endObject();
  }

  /** A Buffer table whose offset (patched later) and size locate data stored after the flatbuffer. */
  bufferPlaceholder(size: number): number {
    const b = this.b;
    b.startObject(3);
    if (size > 0) {
      // Written with a non-default value so the field is present; placeBuffersOutside patches it.
      b.addFieldInt64(1, 2n, 0n);
      b.addFieldInt64(2, BigInt(size), 0n);
    }
    return b.endObject();
  }

  operatorCode(oc: OperatorCode): number {
    const b = this.b;
    const custom = oc.customCode === null ? 0 : b.createString(oc.customCode);
    b.startObject(4);
    addScalar(b, 3, 'i32', oc.builtinCode, 0);
    addScalar(b, 2, 'i32', oc.version, 1);
    addOffsetField(b, 1, custom);
    addScalar(b, 0, 'i8', Math.min(oc.builtinCode, PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
    return b.endObject();
  }

  subgraph(sg: SubGraph): number {
    const b = this.b;
    const tensors = offsetVector(b, sg.tensors.map((t) => this.tensor(t)));
    const inputs = int32Vector(b, sg.inputs);
    const outputs = int32Vector(b, sg.outputs);
    const operators = offsetVector(b, sg.operators.map((op) => this.operator(op)));
    const name = sg.name === null ? 0 : b.createString(sg.name);
    b.startObject(5);
    addOffsetField(b, 0, tensors);
    addOffsetField(b, 1, inputs);
    addOffsetField(b, 2, outputs);
    addOffsetField(b, 3, operators);
    addOffsetField(b, 4, name);
    return b.endObject();
  }

  tensor(t: Tensor): number {
    const b = this.b;
    const shape = int32Vector(b, t.shape);
    const name = t.name === null ? 0 : b.createString(t.name);
    const quant = t.quantization === null ? 0 : this.quantization(t.quantization);
    const signature = t.shapeSignature === null ? 0 : int32Vector(b, t.shapeSignature);
    b.startObject(10);
    addOffsetField(b, 0, shape);
    addScalar(b, 2, 'u32', t.buffer, 0);
    addOffsetField(b, 3, name);
    addOffsetField(b, 4, quant);
    addOffsetField(b, 7, signature);
    addScalar(b, 1, 'i8', t.type, 0);
    addScalar(b, 5, 'bool', t.isVariable, false);
    addScalar(b, 8, 'bool', t.hasRank, false);
    return b.endObject();
  }

  private quantization(q: NonNullable<Tensor['quantization']>): number {
    const b = this.b;
    const min = q.min.length > 0 ? float32Vector(b, q.min) : 0;
    const max = q.max.length > 0 ? float32Vector(b, q.max) : 0;
    const scale = q.scale.length > 0 ? float32Vector(b, q.scale) : 0;
    const zeroPoint = q.zeroPoint.length > 0 ? int64Vector(b, q.zeroPoint) : 0;
    b.startObject(7);
    addOffsetField(b, 0, min);
    addOffsetField(b, 1, max);
    addOffsetField(b, 2, scale);
    addOffsetField(b, 3, zeroPoint);
    addScalar(b, 6, 'i32', q.quantizedDimension, 0);
    return b.endObject();
  }

  operator(op: Operator): number {
    const b = this.b;
    const inputs = int32Vector(b, op.inputs);
    const outputs = int32Vector(b, op.outputs);
    const opts = this.options(op.builtinOptions, BUILTIN_OPTIONS_BY_NAME);
    const opts2 = this.options(op.builtinOptions2, BUILTIN_OPTIONS_2_BY_NAME);
    const custom = op.customOptions === null ? 0 : b.createByteVector(op.customOptions);
    const mutating = op.mutatingVariableInputs.length > 0 ? boolVector(b, op.mutatingVariableInputs) : 0;
    const intermediates = op.intermediates.length > 0 ? int32Vector(b, op.intermediates) : 0;
    b.startObject(13);
    addScalar(b, 0, 'u32', op.opcodeIndex, 0);
    addOffsetField(b, 1, inputs);
    addOffsetField(b, 2, outputs);
    addOffsetField(b, 4, opts.offset);
    addOffsetField(b, 5, custom);
    addOffsetField(b, 7, mutating);
    addOffsetField(b, 8, intermediates);
    addOffsetField(b, 12, opts2.offset);
    addScalar(b, 3, 'u8', opts.typeId, 0);
    addScalar(b, 6, 'i8', op.customOptionsFormat, 0);
    addScalar(b, 11, 'u8', opts2.typeId, 0);
    return b.endObject();
  }

  /** Writes a union member; returns its type id and table offset (0/0 for none). */
  private options(
    value: BuiltinOptions | BuiltinOptions2 | null,
    specs: ReadonlyMap<string, NamedTableSpec>,
  ): { typeId: number; offset: number } {
    if (value === null) return { typeId: 0, offset: 0 };
    if (value.kind === 'unknown') return { typeId: value.typeId, offset: writeUnknownTable(this.b, value.rawFields) };
    const spec = specs.get(value.kind);
    if (spec === undefined) throw new TypeError(`option table ${value.kind} does not belong to this union`);
    return { typeId: spec.id, offset: writeOptionTable(this.b, spec, value as unknown as Record<string, unknown>) };
  }

  metadata(m: Metadata): number {
    const b = this.b;
    const name = m.name === null ? 0 : b.createString(m.name);
    b.startObject(2);
    addOffsetField(b, 0, name);
    addScalar(b, 1, 'u32', m.buffer, 0);
    return b.endObject();
  }

  signatureDef(s: SignatureDef): number {
    const b = this.b;
    const inputs = offsetVector(b, s.inputs.map((m) => this.tensorMap(m)));
    const outputs = offsetVector(b, s.outputs.map((m) => this.tensorMap(m)));
    const key = s.signatureKey === null ? 0 : b.createString(s.signatureKey);
    b.startObject(5);
    addOffsetField(b, 0, inputs);
    addOffsetField(b, 1, outputs);
    addOffsetField(b, 2, key);
    addScalar(b, 4, 'u32', s.subgraphIndex, 0);
    return b.endObject();
  }

  private tensorMap(m: TensorMap): number {
    const b = this.b;
    const name = m.name === null ? 0 : b.createString(m.name);
    b.startObject(2);
    addOffsetField(b, 0, name);
    addScalar(b, 1, 'u32', m.tensorIndex, 0);
    return b.endObject();
  }
}

function specsByName(tables: Readonly<Record<string, { id: number; fields: NamedTableSpec['fields'] }>>): ReadonlyMap<string, NamedTableSpec> {
  return new Map(Object.entries(tables).map(([name, s]) => [name, { name, id: s.id, fields: s.fields }]));
}

const BUILTIN_OPTIONS_BY_NAME = specsByName(BUILTIN_OPTIONS);
const BUILTIN_OPTIONS_2_BY_NAME = specsByName(BUILTIN_OPTIONS_2);
