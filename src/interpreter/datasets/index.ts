// Representative datasets for calibration and checks: images, NumPy arrays, MNIST digits, synthetic tensors.
export type { Dataset, DatasetOptions, Sample } from './dataset.js';
export { collectSamples, sampleShapeOf } from './dataset.js';
export { openDataset, DEFAULT_SYNTHETIC_SAMPLES } from './open.js';
export type { OpenDatasetOptions } from './open.js';
export { imageFolderDataset, imageFileDataset, imageFilesDataset, listFiles } from './image-folder.js';
export { decodeImage, sniffImageFormat, IMAGE_EXTENSIONS } from './image-decode.js';
export type { RgbImage, ImageFormat } from './image-decode.js';
export { centralCropBox, resizeBilinear, preprocessImage } from './preprocess.js';
export type { CropBox, ImagePreprocessing } from './preprocess.js';
export { npyFileDataset, npyFolderDataset, npzDataset } from './npy-dataset.js';
export { mnistDigits, mnistOrder, MNIST_CLASS_COUNTS } from './mnist.js';
export type { MnistOptions } from './mnist.js';
export { syntheticDataset, mulberry32 } from './synthetic.js';
export { progress } from './progress.js';
export type { Progress } from './progress.js';
