// Post-training quantization services above the passes: calibration data, bias correction, the accuracy report.
export { StatsAccumulator, arrayCalibration, datasetCalibration, provideCalibration, sampleRunShape } from './calibration.js';
export type { CalibrationOptions } from './calibration.js';
export { datasetBiasCorrection, provideBiasCorrection } from './bias-correction.js';
export type { BiasCorrectionOptions } from './bias-correction.js';
export { formatQuantReport, quantizationReport } from './report.js';
export type { LayerReport, OutputReport, QuantReport, QuantReportOptions } from './report.js';
export { SqnrAccumulator, alignOps, argmaxRows, quantizeInput, realValues, sqnrDb } from './compare.js';
export type { ErrorStats } from './compare.js';
