// TFLite emitter: one tfl-dialect func → one subgraph, with buffers, quantization, signature and metadata.
import { DenseAttr, denseToNumbers } from '../../ir/attributes.js';
import { constantValue } from '../../ir/builtin-ops.js';
import { Module, Operation, Value } from '../../ir/core.js';
import { locName } from '../../ir/loc.js';
import { Codes } from '../../diag/catalogue.js';
import { LitecError, Diagnostic } from '../../diag/diagnostic.js';
import { builtinOperatorCode } from './schema/builtin-operator.js';
import { defaultOptions, type BuiltinOptions, type BuiltinOptionsName } from './schema/options.js';
import type { Operator, OperatorCode, Tensor, TfliteBuffer, TfliteModel } from './schema/types.js';
import { writeTfliteModel } from './schema/writer.js';
import { writeZip } from '../../interpreter/datasets/zip.js';
import { attrToField, mappingForOp, opVersion } from './op-table.js';
import { denseBytes, quantToTfl, tflTypeOf } from './tensor-data.js';
import { minRuntimeVersion } from './versions.js';

export interface EmitOptions {
  /** Model description (default `litec <version>`). */
  description?: string;
  /** Signature key (default serving_default). */
  signatureKey?: string;
  /** Extra metadata buffers by name (e.g. TFLITE_METADATA). Replaces same-named imported ones. */
  metadata?: ReadonlyMap<string, Uint8Array>;
  /** Files packed after the flatbuffer as a zip (TFLite metadata's associated files, e.g. labels.txt). */
  associatedFiles?: ReadonlyMap<string, Uint8Array>;
}

export const METADATA_ATTR_PREFIX = 'tfl.metadata.';
export const ASSOCIATED_FILE_ATTR_PREFIX = 'tfl.associated_file.';
export const LITEC_VERSION = '0.1.0';

function staticShape(v: Value): { shape: number[]; signature: number[] | null; hasRank: boolean } {
  const s = v.type.shape;
  if (s === null) return { shape: [], signature: null, hasRank: false };
  const dynamic = s.some((d) => d < 0);
  return { shape: s.map((d) => (d < 0 ? 1 : d)), signature: dynamic ? [...s] : null, hasRank: true };
}

/** Builds the TFLite object model for a module (its main func). */
export function buildTfliteModel(module: Module, opts: EmitOptions = {}): TfliteModel {
  const f = module.main();
  const problems: Diagnostic[] = [];
  for (const op of f.ops()) {
    if (op.name === 'arith.constant' || op.name === 'func.return' || op.name === 'tfl.custom') continue;
    if (mappingForOp(op.name) === undefined) {
      const hint = op.name.startsWith('tf.') ? '; run legalize-tf first' : '';
      problems.push(new Diagnostic({ code: Codes.UnsupportedOp, message: `op '${op.name}' has no TFLite builtin${hint}`, loc: op.loc }));
    }
  }
  if (problems.length) throw new LitecError(problems);

  const tensors: Tensor[] = [];
  const buffers: TfliteBuffer[] = [{ data: new Uint8Array(0) }];
  const index = new Map<Value, number>();
  const usedNames = new Map<string, number>();
  const uniqueName = (base: string): string => {
    const n = usedNames.get(base) ?? 0;
    usedNames.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  };
  const addTensor = (v: Value, name: string, data?: DenseAttr): number => {
    const { shape, signature, hasRank } = staticShape(v);
    let buffer = 0;
    if (data !== undefined) {
      buffers.push({ data: denseBytes(data) });
      buffer = buffers.length - 1;
    }
    tensors.push({ shape, type: tflTypeOf(v.type), buffer, name: uniqueName(name), quantization: quantToTfl(v.type.quant), isVariable: false, shapeSignature: signature, hasRank });
    index.set(v, tensors.length - 1);
    return tensors.length - 1;
  };

  f.args.forEach((a, i) => addTensor(a, f.argName(i) ?? `input_${i}`));
  const codes: OperatorCode[] = [];
  const codeIndex = new Map<string, number>();
  const operators: Operator[] = [];
  const opCodeVersions: { code: string; version: number }[] = [];
  let anon = 0;
  for (const op of f.ops()) {
    if (op.name === 'func.return') continue;
    const c = constantValue(op);
    if (c !== undefined) {
      addTensor(op.result(0), locName(op.loc) ?? `const_${anon++}`, c);
      continue;
    }
    op.results.forEach((r, i) => addTensor(r, (locName(op.loc) ?? `${op.name.replace('tfl.', '')}_${anon++}`) + (i > 0 ? `:${i}` : '')));
    operators.push(emitOperator(op, index, codes, codeIndex, opCodeVersions));
  }
  const ret = f.returnOp();
  const outputs = ret.operands.map((v) => index.get(v)!);
  const inputs = f.args.map((a) => index.get(a)!);
  // Name the output tensors after the func's result names, as the converter does with signature outputs.
  const key = opts.signatureKey ?? 'serving_default';
  const signatureDefs = [
    {
      inputs: f.args.map((a, i) => ({ name: f.argName(i) ?? `input_${i}`, tensorIndex: index.get(a)! })),
      outputs: ret.operands.map((v, i) => ({ name: f.resultName(i) ?? `output_${i}`, tensorIndex: index.get(v)! })),
      signatureKey: key,
      subgraphIndex: 0,
    },
  ];

  const metadataBufs = new Map<string, Uint8Array>();
  for (const [k, a] of module.attrs) {
    if (k.startsWith(METADATA_ATTR_PREFIX) && a.kind === 'dense' && a.data instanceof Uint8Array) metadataBufs.set(k.slice(METADATA_ATTR_PREFIX.length), a.data);
  }
  for (const [k, v] of opts.metadata ?? []) metadataBufs.set(k, v);
  const rt = minRuntimeVersion(opCodeVersions);
  if (rt) {
    // TFLite reserves 16 bytes for the version string, zero-padded.
    const buf = new Uint8Array(16);
    buf.set(new TextEncoder().encode(rt).subarray(0, 16));
    metadataBufs.set('min_runtime_version', buf);
  }
  const metadata = [...metadataBufs].map(([name, data]) => {
    buffers.push({ data });
    return { name, buffer: buffers.length - 1 };
  });
  const desc = module.attrs.get('tfl.description');
  return {
    version: 3,
    operatorCodes: codes,
    subgraphs: [{ tensors, inputs, outputs, operators, name: 'main' }],
    description: opts.description ?? (desc?.kind === 'string' ? desc.value : `litec ${LITEC_VERSION}`),
    buffers,
    metadataBuffer: [],
    metadata,
    signatureDefs,
  };
}

function emitOperator(op: Operation, index: Map<Value, number>, codes: OperatorCode[], codeIndex: Map<string, number>, versions: { code: string; version: number }[]): Operator {
  const inputs = op.operands.map((v) => index.get(v)!);
  const outputs = op.results.map((r) => index.get(r)!);
  if (op.name === 'tfl.custom') {
    const code = op.str('custom_code');
    const key = `custom:${code}`;
    if (!codeIndex.has(key)) {
      codes.push({ builtinCode: 32, customCode: code, version: 1 });
      codeIndex.set(key, codes.length - 1);
    }
    const opt = op.attr('custom_option');
    const customOptions = opt?.kind === 'dense' && opt.data instanceof Uint8Array ? opt.data : null;
    return { opcodeIndex: codeIndex.get(key)!, inputs, outputs, builtinOptions: null, builtinOptions2: null, customOptions, customOptionsFormat: 0, mutatingVariableInputs: [], intermediates: [] };
  }
  const mapping = mappingForOp(op.name)!;
  const version = opVersion(op, mapping.code);
  versions.push({ code: mapping.code, version });
  const key = `${mapping.code}:${version}`;
  if (!codeIndex.has(key)) {
    codes.push({ builtinCode: builtinOperatorCode(mapping.code)!, customCode: null, version });
    codeIndex.set(key, codes.length - 1);
  }
  // Optional operands the op lacks (e.g. a conv without bias) are written as -1, like the converter does.
  const specOperands = mapping.def.spec.operands;
  if (!specOperands.some((o) => o.endsWith('*'))) while (inputs.length < specOperands.length) inputs.push(-1);
  return { opcodeIndex: codeIndex.get(key)!, inputs, outputs, builtinOptions: buildOptions(op, mapping.options), builtinOptions2: null, customOptions: null, customOptionsFormat: 0, mutatingVariableInputs: [], intermediates: [] };
}

function buildOptions(op: Operation, kind: BuiltinOptionsName | undefined): BuiltinOptions | null {
  if (kind === undefined) return null;
  const rec = defaultOptions(kind) as unknown as Record<string, unknown>;
  for (const name of Object.keys(rec)) {
    if (name === 'kind') continue;
    const a = op.attr(name);
    if (a !== undefined) {
      const v = attrToField(name, a);
      if (v !== undefined) rec[name] = v;
    }
  }
  if (kind === 'ReshapeOptions') {
    const shape = op.numOperands > 1 ? constantValue(op.operand(1).producer) : undefined;
    rec['new_shape'] = shape ? denseToNumbers(shape) : null;
  }
  if (kind === 'ShapeOptions') rec['out_type'] = tflTypeOf(op.result(0).type);
  if (kind === 'CastOptions') {
    rec['in_data_type'] = tflTypeOf(op.operand(0).type);
    rec['out_data_type'] = tflTypeOf(op.result(0).type);
  }
  if (kind === 'PackOptions') rec['values_count'] = op.numOperands;
  return rec as unknown as BuiltinOptions;
}

/** Emits a module as .tflite bytes (with its associated files zipped after the flatbuffer, if any). */
export function emitTflite(module: Module, opts: EmitOptions = {}): Uint8Array {
  const flat = writeTfliteModel(buildTfliteModel(module, opts));
  const files = new Map<string, Uint8Array>();
  for (const [k, a] of module.attrs) {
    if (k.startsWith(ASSOCIATED_FILE_ATTR_PREFIX) && a.kind === 'dense' && a.data instanceof Uint8Array) files.set(k.slice(ASSOCIATED_FILE_ATTR_PREFIX.length), a.data);
  }
  for (const [k, v] of opts.associatedFiles ?? []) files.set(k, v);
  if (files.size === 0) return flat;
  // The TFLite metadata tools append a zip whose offsets count from the start of the model file.
  const zip = writeZip([...files].map(([name, data]) => ({ name, data })), { baseOffset: flat.length });
  const out = new Uint8Array(flat.length + zip.length);
  out.set(flat);
  out.set(zip, flat.length);
  return out;
}
