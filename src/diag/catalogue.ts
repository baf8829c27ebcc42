// The message codes litec uses, grouped by stage. Codes are stable: tools and tests match on them.
export const Codes = {
  // LC1xxx: command line and files
  BadFlag: 'LC1001',
  FileNotFound: 'LC1002',
  UnknownFormat: 'LC1003',
  NotImplemented: 'LC1004',
  WriteFailed: 'LC1005',
  // LC2xxx: importers and model files
  CorruptFile: 'LC2001',
  BadMagic: 'LC2002',
  UnsupportedOp: 'LC2003',
  MissingVariable: 'LC2004',
  ChecksumMismatch: 'LC2005',
  MissingWeights: 'LC2006',
  BadSignature: 'LC2007',
  ShapeMismatch: 'LC2008',
  BadInput: 'LC2009',
  TensorTooLarge: 'LC2010',
  // LC3xxx: textual IR
  ParseError: 'LC3001',
  UnknownOp: 'LC3002',
  TypeMismatch: 'LC3003',
  VerifyError: 'LC3004',
  // LC4xxx: passes and pipelines
  UnknownPass: 'LC4001',
  BadPassOption: 'LC4002',
  PipelineSyntax: 'LC4003',
  PassFailed: 'LC4004',
  RewriteCap: 'LC4005',
  // LC41xx: passes that change the model's function on purpose (warnings)
  SqueezeExciteRemoved: 'LC4101',
  SwishReplaced: 'LC4102',
  // LC5xxx: quantization and calibration
  NotQuantizable: 'LC5001',
  NoCalibrationData: 'LC5002',
  AlreadyQuantized: 'LC5003',
  // LC6xxx: targets
  TargetUnsupported: 'LC6001',
  // LC7xxx: the real TFLite runtime (tfjs-tflite WASM)
  RuntimeRejected: 'LC7001',
  RuntimeFailed: 'LC7002',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
