// TensorFlow dtypes and shapes → IR element types and shapes (with the user's shape and batch overrides).
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import { ElementType, TensorType, tensorType } from '../../../ir/types.js';
import { DT, dtypeInfo, dtypeName, type DataTypeId } from '../dtypes.js';
import type { AttrValue, TensorShapeProto } from '../proto/index.js';

/** The IR element type of a dtype (`_REF` types count as their base), or undefined when the IR has none. */
export function irElem(dtype: DataTypeId): ElementType | undefined {
  return dtypeInfo(dtype)?.ir;
}

/** Like irElem, but a dtype the IR cannot hold is a user error naming the node. */
export function requireElem(dtype: DataTypeId, file: string, what: string): ElementType {
  const e = irElem(dtype);
  if (e === undefined) return userError(Codes.UnsupportedOp, `${file}: ${what} has dtype ${dtypeName(dtype)}, which litec does not support`, { file });
  return e;
}

export function isResourceDtype(dtype: DataTypeId | undefined): boolean {
  return dtype === DT.RESOURCE || dtype === DT.RESOURCE + 100;
}

/** A TensorShapeProto as dims (-1 unknown), null for unknown rank; absent means unknown rank too. */
export function shapeFromProto(shape: TensorShapeProto | null | undefined): number[] | null {
  if (shape === null || shape === undefined || shape.unknown_rank) return null;
  return shape.dim.map((d) => (Number.isSafeInteger(d.size) && d.size >= -1 ? d.size : -1));
}

/** The shapes a node recorded for its outputs (`_output_shapes`), if present. */
export function outputShapesAttr(attr: Record<string, AttrValue>): (number[] | null)[] | undefined {
  const a = attr['_output_shapes'];
  if (a?.list === undefined) return undefined;
  return a.list.shape.map((s) => shapeFromProto(s));
}

export interface ShapeOverrides {
  /** name → shape; '' = the only input. */
  inputShapes?: ReadonlyMap<string, readonly number[]>;
  batchSize?: number;
}

/**
 * The shape of model input `name` (one of `count` inputs): an explicit --input-shape wins, then the recorded shape;
 * --batch-size fixes a leading dynamic dimension.
 */
export function inputShape(name: string, recorded: number[] | null, count: number, o: ShapeOverrides, file: string): number[] | null {
  let shape = recorded;
  const given = o.inputShapes?.get(name) ?? (count === 1 ? o.inputShapes?.get('') : undefined);
  if (given !== undefined) {
    if (shape !== null && shape.length !== given.length) {
      userError(Codes.ShapeMismatch, `${file}: --input-shape for "${name}" has rank ${given.length}, but the model's input has shape [${shape.map((d) => (d < 0 ? '?' : d)).join(',')}]`, { file });
    }
    if (shape !== null) {
      const bad = given.findIndex((d, i) => shape![i]! >= 0 && shape![i] !== d);
      if (bad >= 0) userError(Codes.ShapeMismatch, `${file}: --input-shape for "${name}" sets dimension ${bad} to ${given[bad]}, but the model fixes it at ${shape[bad]}`, { file });
    }
    shape = [...given];
  }
  if (o.batchSize !== undefined && shape !== null && shape.length > 0 && shape[0]! < 0) shape = [o.batchSize, ...shape.slice(1)];
  return shape;
}

/** Checks that every --input-shape names an input that exists. */
export function checkShapeOverrideNames(names: readonly string[], o: ShapeOverrides, file: string): void {
  for (const key of o.inputShapes?.keys() ?? []) {
    if (key === '' && names.length !== 1) userError(Codes.BadFlag, `${file}: --input-shape without a name needs a model with one input; this one has ${names.length} (${names.join(', ')}): use name=dims`, { file });
    if (key !== '' && !names.includes(key)) userError(Codes.BadFlag, `${file}: --input-shape names "${key}", which is not an input (inputs: ${names.join(', ')})`, { file });
  }
}

export function tensorOf(shape: number[] | null, elem: ElementType): TensorType {
  return tensorType(shape, elem);
}
