// Public surface of the TensorBundle (checkpoint) reader and writer.
export { TensorBundle, type BundleEntry, type ReadOptions } from './bundle-reader.js';
export { writeTensorBundle, type BundleTensor, type WrittenBundle } from './bundle-writer.js';
export type { TableOptions } from './sstable-write.js';
export { bundlePrefix, dataFileName, indexFileName, OBJECT_GRAPH_KEY } from './naming.js';
export { crc32c, crc32cExtend, maskCrc, unmaskCrc } from './crc32c.js';
export {
  bfloat16BitsToFloats,
  float32BitsToBfloat16,
  float32BitsToHalf,
  floatsToBfloat16Bits,
  floatsToHalfBits,
  halfBitsToFloats,
  halfToFloat,
} from './half.js';
export {
  decodeTensorBytes,
  elementCount,
  viewTensorBytes,
  type NumericArray,
  type TensorValue,
} from './tensor-bytes.js';
