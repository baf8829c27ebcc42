// TFLite model metadata (metadata_schema.fbs, file identifier "M001"): name, normalization, labels files.
import { Builder } from 'flatbuffers';

export interface InputMetadata {
  name: string;
  description?: string;
  /** Per-channel (or single) normalization: (x - mean) / std. */
  mean?: number[];
  std?: number[];
  image?: { width: number; height: number; colorSpace: 'RGB' | 'GRAYSCALE' };
}

export interface OutputMetadata {
  name: string;
  description?: string;
  /** Name of a labels file (TENSOR_AXIS_LABELS) packed into the model's zip. */
  labelsFile?: string;
}

export interface ModelMetadataSpec {
  name: string;
  description?: string;
  version?: string;
  author?: string;
  license?: string;
  inputs: InputMetadata[];
  outputs: OutputMetadata[];
}

export const METADATA_FILE_IDENTIFIER = 'M001';
export const TFLITE_METADATA = 'TFLITE_METADATA';

// Union type ids and enum values from metadata_schema.fbs.
const CONTENT_FEATURE = 1;
const CONTENT_IMAGE = 2;
const PROCESS_NORMALIZATION = 1;
const FILE_TENSOR_AXIS_LABELS = 2;
const COLOR_SPACE = { RGB: 1, GRAYSCALE: 2 } as const;

function str(b: Builder, s: string | undefined): number {
  return s === undefined ? 0 : b.createString(s);
}

function offsets(b: Builder, list: number[]): number {
  b.startVector(4, list.length, 4);
  for (let i = list.length - 1; i >= 0; i--) b.addOffset(list[i]!);
  return b.endVector();
}

function floats(b: Builder, list: number[]): number {
  b.startVector(4, list.length, 4);
  for (let i = list.length - 1; i >= 0; i--) b.addFloat32(list[i]!);
  return b.endVector();
}

function content(b: Builder, image: InputMetadata['image']): number {
  let props: number;
  let type: number;
  if (image) {
    b.startObject(2); // ImageSize
    b.addFieldInt32(0, image.width, 0);
    b.addFieldInt32(1, image.height, 0);
    const size = b.endObject();
    b.startObject(2); // ImageProperties
    b.addFieldInt8(0, COLOR_SPACE[image.colorSpace], 0);
    b.addFieldOffset(1, size, 0);
    props = b.endObject();
    type = CONTENT_IMAGE;
  } else {
    b.startObject(0); // FeatureProperties
    props = b.endObject();
    type = CONTENT_FEATURE;
  }
  b.startObject(3); // Content
  b.addFieldInt8(0, type, 0);
  b.addFieldOffset(1, props, 0);
  return b.endObject();
}

function normalization(b: Builder, mean: number[], std: number[]): number {
  const m = floats(b, mean);
  const s = floats(b, std);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, m, 0);
  b.addFieldOffset(1, s, 0);
  const opts = b.endObject();
  b.startObject(2); // ProcessUnit
  b.addFieldInt8(0, PROCESS_NORMALIZATION, 0);
  b.addFieldOffset(1, opts, 0);
  return b.endObject();
}

function associatedFile(b: Builder, name: string, description: string): number {
  const n = b.createString(name);
  const d = b.createString(description);
  b.startObject(4);
  b.addFieldOffset(0, n, 0);
  b.addFieldOffset(1, d, 0);
  b.addFieldInt8(2, FILE_TENSOR_AXIS_LABELS, 0);
  return b.endObject();
}

function tensorMeta(b: Builder, name: string, description: string | undefined, contentOff: number, processUnits: number[], files: number[]): number {
  const n = str(b, name);
  const d = str(b, description);
  const pu = processUnits.length ? offsets(b, processUnits) : 0;
  const af = files.length ? offsets(b, files) : 0;
  b.startObject(7);
  b.addFieldOffset(0, n, 0);
  if (d) b.addFieldOffset(1, d, 0);
  b.addFieldOffset(3, contentOff, 0);
  if (pu) b.addFieldOffset(4, pu, 0);
  if (af) b.addFieldOffset(6, af, 0);
  return b.endObject();
}

/** Serializes a ModelMetadata flatbuffer (to store in the model's TFLITE_METADATA buffer). */
export function buildModelMetadata(spec: ModelMetadataSpec): Uint8Array {
  const b = new Builder(1024);
  const inputs = spec.inputs.map((i) => {
    const c = content(b, i.image);
    const pus = i.mean !== undefined && i.std !== undefined ? [normalization(b, i.mean, i.std)] : [];
    return tensorMeta(b, i.name, i.description, c, pus, []);
  });
  const outputs = spec.outputs.map((o) => {
    const c = content(b, undefined);
    const files = o.labelsFile ? [associatedFile(b, o.labelsFile, 'Labels for the categories the model can recognize.')] : [];
    return tensorMeta(b, o.name, o.description, c, [], files);
  });
  const inVec = offsets(b, inputs);
  const outVec = offsets(b, outputs);
  b.startObject(7); // SubGraphMetadata
  b.addFieldOffset(2, inVec, 0);
  b.addFieldOffset(3, outVec, 0);
  const sub = b.endObject();
  const subs = offsets(b, [sub]);
  const name = b.createString(spec.name);
  const desc = str(b, spec.description);
  const version = str(b, spec.version);
  const author = str(b, spec.author);
  const license = str(b, spec.license);
  const minParser = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, name, 0);
  if (desc) b.addFieldOffset(1, desc, 0);
  if (version) b.addFieldOffset(2, version, 0);
  b.addFieldOffset(3, subs, 0);
  if (author) b.addFieldOffset(4, author, 0);
  if (license) b.addFieldOffset(5, license, 0);
  b.addFieldOffset(7, minParser, 0);
  b.finish(b.endObject(), METADATA_FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}
