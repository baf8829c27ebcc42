// Output sizes and SAME/VALID padding exactly as TFLite computes them (kernels/padding.h).

export type Padding = 'SAME' | 'VALID';

/** ComputeOutSize: SAME = ceil(in / stride); VALID = ceil((in - effective filter + 1) / stride). */
export function outputSize(padding: Padding, inSize: number, filter: number, stride: number, dilation = 1): number {
  const effective = (filter - 1) * dilation + 1;
  if (stride <= 0) return 0;
  return padding === 'SAME' ? Math.trunc((inSize + stride - 1) / stride) : Math.trunc((inSize + stride - effective) / stride);
}

/**
 * ComputePaddingWithOffset: the padding before the data (top or left). TFLite puts the odd extra pixel after
 * the data, so only this half is needed by the kernels.
 */
export function paddingBefore(inSize: number, filter: number, stride: number, dilation: number, outSize: number): number {
  const effective = (filter - 1) * dilation + 1;
  const total = Math.max((outSize - 1) * stride + effective - inSize, 0);
  return Math.trunc(total / 2);
}

export interface Window2D {
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

/** Output size and top/left padding of a 2-D window op (conv, depthwise, pools). */
export function window2D(
  padding: Padding,
  inH: number,
  inW: number,
  filterH: number,
  filterW: number,
  strideH: number,
  strideW: number,
  dilationH = 1,
  dilationW = 1,
): Window2D {
  const outH = outputSize(padding, inH, filterH, strideH, dilationH);
  const outW = outputSize(padding, inW, filterW, strideW, dilationW);
  return {
    outH,
    outW,
    padTop: paddingBefore(inH, filterH, strideH, dilationH, outH),
    padLeft: paddingBefore(inW, filterW, strideW, dilationW, outW),
  };
}
