// Typed option tables derived from the field lists in option-specs.ts, plus look-ups and default values.
import { BUILTIN_OPTIONS, BUILTIN_OPTIONS_2, type FieldKind, type FieldSpec, type TableSpec } from './option-specs.js';

/** The TS value of a field of each kind; vectors and strings are null when absent from the file. */
export type FieldValue<K extends FieldKind> = K extends 'bool'
  ? boolean
  : K extends 'i64' | 'u64'
    ? bigint
    : K extends 'string'
      ? string | null
      : K extends '[u8]'
        ? Uint8Array | null
        : K extends '[bool]'
          ? boolean[] | null
          : K extends '[i64]'
            ? bigint[] | null
            : K extends `[${string}]`
              ? number[] | null
              : number;

type FieldsOf<F extends readonly FieldSpec[]> = { -readonly [E in F[number] as E[0]]: FieldValue<E[1]> };

export type BuiltinOptionsName = keyof typeof BUILTIN_OPTIONS;
export type BuiltinOptions2Name = keyof typeof BUILTIN_OPTIONS_2;

/**
 * One option table: `kind` names the schema table, the other keys are its fields with the schema's
 * snake_case names (the tfl dialect uses the same attribute names, so the emitter maps them one to one).
 * Enum-typed fields (padding, fused_activation_function, TensorType fields) hold the raw enum value.
 */
export type OptionsOf<N extends BuiltinOptionsName> = { kind: N } & FieldsOf<(typeof BUILTIN_OPTIONS)[N]['fields']>;
export type Options2Of<N extends BuiltinOptions2Name> = { kind: N } & FieldsOf<(typeof BUILTIN_OPTIONS_2)[N]['fields']>;

/** A field of an option table this code does not know, kept as its raw inline bytes. */
export interface RawField {
  id: number;
  bytes: Uint8Array;
}

/**
 * An option table whose union type id is newer than this schema: its inline fields are kept byte for byte so
 * a read → write round trip keeps scalar fields (fields holding offsets cannot be followed without a schema).
 */
export interface UnknownOptions {
  kind: 'unknown';
  typeId: number;
  rawFields: RawField[];
}

export type KnownBuiltinOptions = { [N in BuiltinOptionsName]: OptionsOf<N> }[BuiltinOptionsName];
export type KnownBuiltinOptions2 = { [N in BuiltinOptions2Name]: Options2Of<N> }[BuiltinOptions2Name];
/** Value of `Operator.builtin_options` (the union's type id follows from `kind`). */
export type BuiltinOptions = KnownBuiltinOptions | UnknownOptions;
/** Value of `Operator.builtin_options_2`. */
export type BuiltinOptions2 = KnownBuiltinOptions2 | UnknownOptions;

// Named aliases for the tables the compiler emits most.
export type Conv2DOptions = OptionsOf<'Conv2DOptions'>;
export type DepthwiseConv2DOptions = OptionsOf<'DepthwiseConv2DOptions'>;
export type FullyConnectedOptions = OptionsOf<'FullyConnectedOptions'>;
export type AddOptions = OptionsOf<'AddOptions'>;
export type MulOptions = OptionsOf<'MulOptions'>;
export type SubOptions = OptionsOf<'SubOptions'>;
export type DivOptions = OptionsOf<'DivOptions'>;
export type Pool2DOptions = OptionsOf<'Pool2DOptions'>;
export type ReshapeOptions = OptionsOf<'ReshapeOptions'>;
export type SoftmaxOptions = OptionsOf<'SoftmaxOptions'>;
export type ConcatenationOptions = OptionsOf<'ConcatenationOptions'>;
export type ReducerOptions = OptionsOf<'ReducerOptions'>;
export type PadOptions = OptionsOf<'PadOptions'>;
export type SqueezeOptions = OptionsOf<'SqueezeOptions'>;
export type StridedSliceOptions = OptionsOf<'StridedSliceOptions'>;
export type TransposeOptions = OptionsOf<'TransposeOptions'>;
export type ResizeBilinearOptions = OptionsOf<'ResizeBilinearOptions'>;
export type QuantizeOptions = OptionsOf<'QuantizeOptions'>;
export type DequantizeOptions = OptionsOf<'DequantizeOptions'>;
export type HardSwishOptions = OptionsOf<'HardSwishOptions'>;
export type LeakyReluOptions = OptionsOf<'LeakyReluOptions'>;
export type MaximumMinimumOptions = OptionsOf<'MaximumMinimumOptions'>;
export type ShapeOptions = OptionsOf<'ShapeOptions'>;
export type PackOptions = OptionsOf<'PackOptions'>;
export type GatherOptions = OptionsOf<'GatherOptions'>;
export type CastOptions = OptionsOf<'CastOptions'>;
export type ExpandDimsOptions = OptionsOf<'ExpandDimsOptions'>;
export type TransposeConvOptions = OptionsOf<'TransposeConvOptions'>;
export type ArgMaxOptions = OptionsOf<'ArgMaxOptions'>;

/** A table spec with its name, as the codec uses it. */
export interface NamedTableSpec extends TableSpec {
  readonly name: string;
}

function byId(tables: Readonly<Record<string, TableSpec>>): ReadonlyMap<number, NamedTableSpec> {
  const m = new Map<number, NamedTableSpec>();
  for (const [name, spec] of Object.entries(tables)) m.set(spec.id, { name, id: spec.id, fields: spec.fields });
  return m;
}

const OPTIONS_BY_ID = byId(BUILTIN_OPTIONS);
const OPTIONS_2_BY_ID = byId(BUILTIN_OPTIONS_2);

/** Spec of a `BuiltinOptions` union member by type id (undefined for NONE or an id newer than this schema). */
export function builtinOptionsSpec(typeId: number): NamedTableSpec | undefined {
  return OPTIONS_BY_ID.get(typeId);
}

export function builtinOptions2Spec(typeId: number): NamedTableSpec | undefined {
  return OPTIONS_2_BY_ID.get(typeId);
}

/** Union type id of a `BuiltinOptions` table name, e.g. `builtinOptionsTypeId('Conv2DOptions') === 1`. */
export function builtinOptionsTypeId(name: BuiltinOptionsName): number {
  return BUILTIN_OPTIONS[name].id;
}

export function builtinOptions2TypeId(name: BuiltinOptions2Name): number {
  return BUILTIN_OPTIONS_2[name].id;
}

/** The value a reader gives an absent field. */
export function fieldDefault(spec: FieldSpec): FieldValue<FieldKind> {
  const [, kind, dflt] = spec;
  if (kind === 'bool') return dflt === true;
  if (kind === 'i64' || kind === 'u64') return BigInt(typeof dflt === 'number' ? dflt : 0);
  if (kind === 'string' || kind.startsWith('[')) return null;
  return typeof dflt === 'number' ? dflt : 0;
}

/** A table with every field at its schema default, e.g. `defaultOptions('Conv2DOptions').dilation_w_factor === 1`. */
export function defaultOptions<N extends BuiltinOptionsName>(kind: N): OptionsOf<N> {
  const out: Record<string, unknown> = { kind };
  for (const f of BUILTIN_OPTIONS[kind].fields as readonly FieldSpec[]) out[f[0]] = fieldDefault(f);
  return out as OptionsOf<N>;
}

/** Builds an option table from the fields given; the rest take their schema defaults. */
export function makeOptions<N extends BuiltinOptionsName>(
  kind: N,
  fields: Partial<Omit<OptionsOf<N>, 'kind'>> = {},
): OptionsOf<N> {
  return { ...defaultOptions(kind), ...fields };
}
