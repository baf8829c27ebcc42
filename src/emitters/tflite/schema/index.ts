// Public surface of the TFLite flatbuffer layer: object model, enums, option tables, reader and writer.
export * from './types.js';
export * from './enums.js';
export * from './builtin-operator.js';
export * from './options.js';
export { BUILTIN_OPTIONS, BUILTIN_OPTIONS_2, type FieldKind, type FieldSpec, type TableSpec } from './option-specs.js';
export { readTfliteModel } from './reader.js';
export { writeTfliteModel, BUFFER_ALIGNMENT, type WriteOptions } from './writer.js';
