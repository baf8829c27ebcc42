// TFLite importer: a .tflite flatbuffer → a tfl-dialect module (constants, ops, quantized types, metadata).
import { readFileSync } from 'node:fs';
import { registry } from '../../../dialects/registry.js';
import * as tfl from '../../../dialects/tfl/index.js';
import { Attr, dense, str } from '../../ir/attributes.js';
import { Builder } from '../../ir/builder.js';
import { ReturnOp } from '../../ir/builtin-ops.js';
import { Func, Module, Operation, Value } from '../../ir/core.js';
import { nameLoc } from '../../ir/loc.js';
import { TensorType, tensorType } from '../../ir/types.js';
import { verifyModule } from '../../ir/verifier.js';
import { Codes } from '../../diag/catalogue.js';
import { LitecError, summarizeDiagnostics, userError } from '../../diag/diagnostic.js';
import { builtinOperatorName } from '../../emitters/tflite/schema/builtin-operator.js';
import { readTfliteModel } from '../../emitters/tflite/schema/reader.js';
import type { Operator, SubGraph, TfliteModel } from '../../emitters/tflite/schema/types.js';
import { fieldToAttr, mappingForCode } from '../../emitters/tflite/op-table.js';
import { ASSOCIATED_FILE_ATTR_PREFIX, METADATA_ATTR_PREFIX } from '../../emitters/tflite/emit.js';
import { readZip } from '../../interpreter/datasets/zip.js';
import { irTypeOfTensor, typedFromBytes } from '../../emitters/tflite/tensor-data.js';
import { checkTensorSizes } from '../tensor-limits.js';

const CUSTOM = 32;

/** Reads and imports a .tflite file. */
export function importTfliteFile(path: string): Module {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return userError(Codes.FileNotFound, `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: path });
  }
  return importTfliteBytes(bytes, path);
}

/** Imports .tflite bytes: the flatbuffer plus any associated files zipped after it. */
export function importTfliteBytes(bytes: Uint8Array, path: string): Module {
  const module = importTflite(readTfliteModel(bytes, path), path);
  for (const f of associatedFiles(bytes)) module.attrs.set(ASSOCIATED_FILE_ATTR_PREFIX + f.name, dense(tensorType([f.data.length], 'u8'), f.data));
  return module;
}

/** Files zipped after the flatbuffer by the TFLite metadata tools (e.g. labels.txt); none when there is no zip. */
function associatedFiles(bytes: Uint8Array): { name: string; data: Uint8Array }[] {
  // A zip ends with an end-of-central-directory record; only look for one when the tail could hold it.
  const tail = bytes.subarray(Math.max(0, bytes.length - 22));
  if (tail.length < 22 || !(tail[0] === 0x50 && tail[1] === 0x4b && tail[2] === 0x05 && tail[3] === 0x06)) return [];
  try {
    return readZip(bytes, 'model');
  } catch {
    return [];
  }
}

export function importTflite(model: TfliteModel, file: string): Module {
  if (model.subgraphs.length === 0) userError(Codes.CorruptFile, `${file}: the model has no subgraph`, { file });
  if (model.subgraphs.length > 1) userError(Codes.UnsupportedOp, `${file}: the model has ${model.subgraphs.length} subgraphs; litec imports single-subgraph models only (control flow is not supported)`, { file });
  const sg = model.subgraphs[0]!;
  const unsupported = new Map<string, number[]>();
  sg.operators.forEach((op, i) => {
    const code = model.operatorCodes[op.opcodeIndex];
    if (code === undefined) userError(Codes.CorruptFile, `${file}: operator ${i} uses op code index ${op.opcodeIndex}, but the model has ${model.operatorCodes.length}`, { file });
    if (code.builtinCode !== CUSTOM && mappingForCode(builtinOperatorName(code.builtinCode)) === undefined) {
      const name = `${builtinOperatorName(code.builtinCode)} (code ${code.builtinCode})`;
      unsupported.set(name, [...(unsupported.get(name) ?? []), i]);
    }
  });
  if (unsupported.size) {
    const list = [...unsupported].map(([n, ops]) => `${n} at operator${ops.length > 1 ? 's' : ''} ${ops.slice(0, 5).join(', ')}${ops.length > 5 ? ', ...' : ''}`).join('; ');
    userError(Codes.UnsupportedOp, `${file}: subgraph 0 uses TFLite ops litec does not support: ${list}`, { file });
  }

  const typeOf = (t: number): TensorType => {
    const tensor = sg.tensors[t];
    if (tensor === undefined) return userError(Codes.CorruptFile, `${file}: tensor index ${t} is out of range (${sg.tensors.length} tensors)`, { file });
    const ty = irTypeOfTensor(tensor, file);
    if (typeof ty === 'string') return userError(Codes.UnsupportedOp, `${file}: ${ty}`, { file });
    return ty;
  };
  const sigInputs = new Map<number, string>();
  const sigOutputs = new Map<number, string>();
  const sig = model.signatureDefs.find((s) => s.subgraphIndex === 0);
  for (const m of sig?.inputs ?? []) if (m.name) sigInputs.set(m.tensorIndex, m.name);
  for (const m of sig?.outputs ?? []) if (m.name) sigOutputs.set(m.tensorIndex, m.name);

  const module = new Module();
  const f = module.addFunc(new Func('main', sg.inputs.map(typeOf), sg.outputs.map(typeOf)));
  const values = new Map<number, Value>();
  sg.inputs.forEach((t, i) => {
    values.set(t, f.args[i]!);
    f.argAttrs[i]!.set('tf.name', str(sigInputs.get(t) ?? sg.tensors[t]!.name ?? `input_${i}`));
  });
  const b = new Builder(f);
  const valueOf = (t: number, opIndex: number): Value => {
    const have = values.get(t);
    if (have !== undefined) return have;
    const tensor = sg.tensors[t];
    if (tensor === undefined) return userError(Codes.CorruptFile, `${file}: operator ${opIndex} reads tensor ${t}, out of range`, { file });
    const buf = model.buffers[tensor.buffer];
    if (tensor.buffer === 0 || buf === undefined || buf.data.length === 0) {
      return userError(Codes.CorruptFile, `${file}: operator ${opIndex} reads tensor ${t} ("${tensor.name ?? ''}") that no operator produces and that has no data`, { file });
    }
    const type = typeOf(t);
    if (type.shape === null) return userError(Codes.CorruptFile, `${file}: constant tensor ${t} has no shape`, { file });
    const elem = type.quant ? type.quant.storage : type.elem;
    const data = typedFromBytes(buf.data, elem);
    const n = type.shape.reduce((a, d) => a * d, 1);
    if (data.length !== n) return userError(Codes.CorruptFile, `${file}: tensor ${t} ("${tensor.name ?? ''}") has ${data.length} values in its buffer but its shape holds ${n}`, { file });
    const v = b.constant(dense(type, data), nameLoc(tensor.name ?? `tensor_${t}`));
    values.set(t, v);
    return v;
  };

  sg.operators.forEach((o, i) => importOperator(model, sg, o, i, b, valueOf, values, typeOf, file));
  b.create(ReturnOp, sg.outputs.map((t) => valueOf(t, -1)), {}, []);
  sg.outputs.forEach((t, i) => f.resultAttrs[i]!.set('tf.name', str(sigOutputs.get(t) ?? sg.tensors[t]!.name ?? `output_${i}`)));

  if (model.description) module.attrs.set('tfl.description', str(model.description));
  for (const md of model.metadata) {
    if (md.name === null || md.name === 'min_runtime_version') continue;
    const data = model.buffers[md.buffer]?.data;
    if (data !== undefined) module.attrs.set(METADATA_ATTR_PREFIX + md.name, dense(tensorType([data.length], 'u8'), data));
  }
  checkTensorSizes(module, file);
  const errs = verifyModule(module, { registry });
  if (errs.length) throw new LitecError(summarizeDiagnostics(errs, { file }));
  return module;
}

function importOperator(model: TfliteModel, sg: SubGraph, o: Operator, i: number, b: Builder, valueOf: (t: number, op: number) => Value, values: Map<number, Value>, typeOf: (t: number) => TensorType, file: string): void {
  const code = model.operatorCodes[o.opcodeIndex]!;
  const outName = sg.tensors[o.outputs[0] ?? -1]?.name ?? `op_${i}`;
  const loc = nameLoc(outName);
  const resultTypes = o.outputs.map(typeOf);
  // Omitted optional inputs are -1; only trailing ones can be dropped from the IR operand list.
  let inputs = [...o.inputs];
  while (inputs.length && inputs[inputs.length - 1] === -1) inputs.pop();
  if (inputs.includes(-1)) userError(Codes.UnsupportedOp, `${file}: operator ${i} omits an input that is not the last one`, { file });
  let op: Operation;
  if (code.builtinCode === CUSTOM) {
    const attrs: Record<string, Attr> = { custom_code: str(code.customCode ?? '') };
    if (o.customOptions) attrs['custom_option'] = dense(tensorType([o.customOptions.length], 'u8'), o.customOptions);
    op = b.create(tfl.Custom, inputs.map((t) => valueOf(t, i)), attrs, resultTypes, loc);
  } else {
    const mapping = mappingForCode(builtinOperatorName(code.builtinCode))!;
    const attrs: Record<string, Attr> = {};
    const rec = (o.builtinOptions ?? {}) as Record<string, unknown>;
    for (const [name, spec] of mapping.def.attrSpecs) {
      if (!(name in rec)) continue;
      const a = fieldToAttr(name, spec, rec[name]);
      if (a !== undefined) attrs[name] = a;
    }
    const operands = inputs.map((t) => valueOf(t, i));
    if (mapping.def === tfl.Reshape && operands.length === 1) {
      const ns = rec['new_shape'];
      const shape = Array.isArray(ns) ? ns.map(Number) : (resultTypes[0]?.shape ?? []).map((d) => d);
      operands.push(b.constant(dense(tensorType([shape.length], 'i32'), Int32Array.from(shape)), loc));
    }
    op = b.create(mapping.def, operands, attrs, resultTypes, loc);
  }
  o.outputs.forEach((t, k) => values.set(t, op.result(k)));
}
