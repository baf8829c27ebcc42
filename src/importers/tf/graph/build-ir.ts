// Flattened TF graph → one `main` func of tf-dialect ops: inputs become args, Consts and variables constants.
import { Codes } from '../../../diag/catalogue.js';
import { Diagnostic, LitecError, userError } from '../../../diag/diagnostic.js';
import { Attr, str } from '../../../ir/attributes.js';
import { Builder } from '../../../ir/builder.js';
import { ReturnOp } from '../../../ir/builtin-ops.js';
import { Func, Module, Operation, Value } from '../../../ir/core.js';
import { nameLoc } from '../../../ir/loc.js';
import type { OpDef, OpRegistry } from '../../../ir/opdef.js';
import { ElementType, TensorType, tensorType } from '../../../ir/types.js';
import { verifyModule } from '../../../ir/verifier.js';
import type { FlatGraph, FlatInput, FlatOp, FlatRef } from './flat-graph.js';
import { convertAttrs } from './attrs.js';
import { tensorToDense } from './dense.js';
import { OpSignatures, outputCount, outputDtype } from './op-signatures.js';
import { checkShapeOverrideNames, inputShape, irElem, outputShapesAttr, requireElem, shapeFromProto, type ShapeOverrides } from './types.js';
import { unsupportedOpsError } from './unsupported.js';
import type { VariableSource } from './variables.js';

export interface BuildRequest {
  file: string;
  flat: FlatGraph;
  registry: OpRegistry;
  variables: VariableSource;
  shapes: ShapeOverrides;
  /** Output layouts, for the dtype of a fed tensor that is not a Placeholder. */
  signatures: OpSignatures;
}

/** Builds module { func @main } from a flattened graph; throws one LitecError listing every unsupported op. */
export function buildModule(req: BuildRequest): Module {
  const { file, flat, registry } = req;
  const defs = new Map<FlatOp, OpDef>();
  const unsupported = new Map<string, string[]>();
  for (const n of flat.nodes) {
    if (n.kind !== 'op') continue;
    const def = registry.get(`tf.${n.op}`);
    if (def === undefined) unsupported.set(n.op, [...(unsupported.get(n.op) ?? []), n.name]);
    else defs.set(n, def);
  }
  if (unsupported.size > 0) unsupportedOpsError(file, unsupported);

  const names = flat.inputs.map((i) => i.decl.name);
  checkShapeOverrideNames(names, req.shapes, file);
  const func = new Func('main', flat.inputs.map((i) => inputType(i, flat.inputs.length, req.shapes, file, req.signatures)), []);
  func.attrs.set('tf.entry_function', { kind: 'unit' });
  flat.inputs.forEach((inp, i) => func.argAttrs[i]!.set('tf.name', str(inp.decl.name)));
  const module = new Module();
  module.addFunc(func);

  // `_output_shapes` describe the graph as TF traced it; once the inputs are reshaped, only their ranks still hold.
  const trustRecorded = (req.shapes.inputShapes?.size ?? 0) === 0 && req.shapes.batchSize === undefined;
  const b = new Builder(func);
  const values = new Map<number, Value[]>();
  flat.inputs.forEach((inp, i) => values.set(inp.id, [func.args[i]!]));
  const valueOf = (ref: FlatRef, reader: string): Value => {
    const vs = values.get(ref.node.id);
    const v = vs?.[ref.index];
    const n = vs?.length ?? 0;
    if (v === undefined) return userError(Codes.CorruptFile, `${file}: node "${reader}" reads output ${ref.index} of "${ref.node.name}", which has ${n} output${n === 1 ? '' : 's'}`, { file });
    return v;
  };

  for (const n of flat.nodes) {
    const loc = nameLoc(n.name);
    switch (n.kind) {
      case 'input':
        break;
      case 'const': {
        const t = n.def.attr['value']?.tensor;
        if (t === undefined) userError(Codes.CorruptFile, `${file}: Const node "${n.name}" has no value`, { file });
        values.set(n.id, [b.constant(tensorToDense(t, { file, what: `Const node "${n.name}"` }), loc)]);
        break;
      }
      case 'variable':
        values.set(n.id, [b.constant(req.variables.value({ def: n.def, topLevel: n.topLevel }), loc)]);
        break;
      case 'op': {
        const def = defs.get(n)!;
        const operands = n.inputs.map((r) => valueOf(r, n.name));
        const attrs = convertAttrs(n.attr, def, { file, node: n.name, op: n.op });
        const types = resultTypes(n, def, operands, attrs, file, trustRecorded);
        const op = b.insert(new Operation(def.name, def, operands, types, attrs, loc));
        values.set(n.id, op.results);
        break;
      }
    }
  }
  const results = flat.outputs.map((o) => valueOf(o.ref, `output ${o.name}`));
  b.create(ReturnOp, results, {}, []);
  func.resultTypes = results.map((v) => v.type);
  flat.outputs.forEach((o, i) => {
    const m = new Map<string, Attr>([['tf.name', str(o.name)]]);
    func.resultAttrs[i] = m;
  });
  verifyImported(module, registry, file);
  return module;
}

/** Attrs that name an op's result dtype when its signature is unknown, most specific first. */
const FALLBACK_DTYPE_ATTRS = ['out_type', 'DstT', 'output_type', 'dtype', 'T'];

function inputType(inp: FlatInput, count: number, shapes: ShapeOverrides, file: string, signatures: OpSignatures): TensorType {
  const def = inp.def;
  const key = inp.decl.tensor;
  const index = Number(key.slice(key.lastIndexOf(':') + 1)) || 0;
  const what = `input "${inp.decl.name}"`;
  const dtype =
    inp.decl.dtype ??
    (def?.op === 'Placeholder' || def?.op === 'PlaceholderWithDefault' ? def.attr['dtype']?.type : undefined) ??
    (def === undefined ? undefined : outputDtype(signatures.outputs(def.op, def.attr), index) ?? FALLBACK_DTYPE_ATTRS.map((a) => def.attr[a]?.type).find((t) => t !== undefined));
  const elem: ElementType = dtype !== undefined ? requireElem(dtype, file, what) : 'f32';
  let recorded: number[] | null;
  if (inp.decl.shape !== undefined) recorded = inp.decl.shape;
  else if (def?.attr['shape']?.shape !== undefined) recorded = shapeFromProto(def.attr['shape'].shape);
  else recorded = (def && outputShapesAttr(def.attr)?.[index]) ?? null;
  return tensorType(inputShape(inp.decl.name, recorded, count, shapes, file), elem);
}

/** The op definition's inference, refined by `_output_shapes`; where it cannot tell, the node's recorded facts. */
function resultTypes(n: FlatOp, def: OpDef, operands: readonly Value[], attrs: [string, Attr][], file: string, trustRecorded: boolean): TensorType[] {
  const inferred = safeInfer(def, operands, attrs);
  const recordedShapes = outputShapesAttr(n.def.attr)?.map((s) => (trustRecorded || s === null ? s : s.map(() => -1)));
  const count = !def.variadicResults ? def.resultNames.length : inferred?.length ?? (n.outputs ? outputCount(n.outputs) : recordedShapes?.length ?? 1);
  const out: TensorType[] = [];
  for (let i = 0; i < count; i++) {
    const rec = recordedShapes?.[i];
    const inf = inferred?.[i];
    if (inf !== undefined) {
      out.push(rec !== undefined && rec !== null ? tensorType(refine(inf.shape, rec), inf.elem, inf.quant) : inf);
      continue;
    }
    const dt = outputDtype(n.outputs, i) ?? FALLBACK_DTYPE_ATTRS.map((a) => n.attr[a]?.type).find((t) => t !== undefined);
    const elem = (dt !== undefined ? irElem(dt) : undefined) ?? operands[0]?.type.elem;
    if (elem === undefined) return userError(Codes.CorruptFile, `${file}: cannot tell the result type of node "${n.name}" (${n.op})`, { file });
    out.push(tensorType(rec ?? null, elem));
  }
  return out;
}

/** Fills dims inference left dynamic from a recorded shape of the same rank. */
function refine(inferred: readonly number[] | null, recorded: readonly number[]): number[] | null {
  if (inferred === null) return [...recorded];
  if (inferred.length !== recorded.length) return [...inferred];
  return inferred.map((d, i) => (d < 0 && recorded[i]! >= 0 ? recorded[i]! : d));
}

/** Runs an op definition's inferTypes on a detached probe op; a hook that cannot cope counts as "cannot tell". */
function safeInfer(def: OpDef, operands: readonly Value[], attrs: [string, Attr][]): TensorType[] | undefined {
  const infer = def.spec.inferTypes;
  if (infer === undefined) return undefined;
  if (operands.length < def.minOperands || operands.length > def.maxOperands) return undefined;
  const probe = new Operation(def.name, def, operands, [], attrs);
  try {
    return infer(probe);
  } catch (e) {
    if (e instanceof LitecError) throw e;
    return undefined;
  } finally {
    probe.dropOperands();
  }
}

/** A graph that imports into invalid IR is a broken model file: report the first problem with its node. */
function verifyImported(module: Module, registry: OpRegistry, file: string): void {
  const errs = verifyModule(module, { registry });
  if (errs.length === 0) return;
  const first = errs[0]!;
  const more = errs.length > 1 ? ` (and ${errs.length - 1} more)` : '';
  throw new LitecError(new Diagnostic({ code: Codes.CorruptFile, message: `${file}: ${first.message}${more}`, file, ...(first.loc ? { loc: first.loc } : {}) }));
}
