// EfficientNet and EfficientNet-Lite architectures as data, following the official TF builders' rules
// (efficientnet_builder.py / efficientnet_lite_builder.py): block strings, width/depth scaling, Lite's fixes.

export interface BlockArgs {
  kernel: number;
  repeats: number;
  stride: number;
  expand: number;
  inputFilters: number;
  outputFilters: number;
  seRatio: number | null;
}

export interface GlobalParams {
  name: string;
  width: number;
  depth: number;
  resolution: number;
  dropout: number;
  lite: boolean;
  numClasses: number;
}

/** One expanded MBConv block as the builder lays it out (repeats unrolled, filters already rounded). */
export interface MBConvBlock {
  index: number;
  kernel: number;
  stride: number;
  expand: number;
  inputFilters: number;
  outputFilters: number;
  /** Channels of the SE bottleneck, or 0 when the block has no SE. */
  seFilters: number;
  skip: boolean;
}

export interface EfficientNetArch {
  params: GlobalParams;
  stemFilters: number;
  headFilters: number;
  blocks: MBConvBlock[];
  activation: 'relu6' | 'swish';
}

/** The seven stages of EfficientNet-B0: r(repeats) k(kernel) s(stride) e(expand) i(in) o(out) se(ratio). */
const BLOCK_STRINGS = [
  'r1_k3_s11_e1_i32_o16_se0.25',
  'r2_k3_s22_e6_i16_o24_se0.25',
  'r2_k5_s22_e6_i24_o40_se0.25',
  'r3_k3_s22_e6_i40_o80_se0.25',
  'r3_k5_s11_e6_i80_o112_se0.25',
  'r4_k5_s22_e6_i112_o192_se0.25',
  'r1_k3_s11_e6_i192_o320_se0.25',
];

/** (width, depth, resolution, dropout) per model, as in the builders' params tables. */
const MODELS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  'efficientnet-b0': [1.0, 1.0, 224, 0.2],
  'efficientnet-b1': [1.0, 1.1, 240, 0.2],
  'efficientnet-b2': [1.1, 1.2, 260, 0.3],
  'efficientnet-b3': [1.2, 1.4, 300, 0.3],
  'efficientnet-b4': [1.4, 1.8, 380, 0.4],
  'efficientnet-lite0': [1.0, 1.0, 224, 0.2],
  'efficientnet-lite1': [1.0, 1.1, 240, 0.2],
  'efficientnet-lite2': [1.1, 1.2, 260, 0.3],
  'efficientnet-lite3': [1.2, 1.4, 280, 0.3],
  'efficientnet-lite4': [1.4, 1.8, 300, 0.3],
};

export const EFFICIENTNET_MODELS: readonly string[] = Object.keys(MODELS);

export function decodeBlockString(s: string): BlockArgs {
  const parts = new Map(s.split('_').map((p) => {
    const m = /^([a-z]+)(.*)$/.exec(p);
    return [m?.[1] ?? '', m?.[2] ?? ''] as const;
  }));
  const num = (k: string): number => Number(parts.get(k));
  const strides = parts.get('s') ?? '11';
  return {
    kernel: num('k'),
    repeats: num('r'),
    stride: Number(strides[0]),
    expand: num('e'),
    inputFilters: num('i'),
    outputFilters: num('o'),
    seRatio: parts.has('se') ? num('se') : null,
  };
}

/** round_filters: scale by width, round to a multiple of 8, never more than 10% below the scaled value. */
export function roundFilters(filters: number, width: number, divisor = 8): number {
  const scaled = filters * width;
  let rounded = Math.max(divisor, Math.floor((scaled + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * scaled) rounded += divisor;
  return rounded;
}

export function roundRepeats(repeats: number, depth: number): number {
  return Math.ceil(depth * repeats);
}

export function efficientNetArch(name: string, numClasses = 1000): EfficientNetArch {
  const p = MODELS[name];
  if (p === undefined) throw new Error(`internal: unknown EfficientNet '${name}'`);
  const lite = name.includes('lite');
  const params: GlobalParams = { name, width: p[0], depth: p[1], resolution: p[2], dropout: p[3], lite, numClasses };
  const stages = BLOCK_STRINGS.map(decodeBlockString);
  const blocks: MBConvBlock[] = [];
  stages.forEach((st, i) => {
    // Lite keeps the stem, the head and the first and last stages' repeats fixed (fix_head_stem).
    const fixed = lite && (i === 0 || i === stages.length - 1);
    const inF = lite && i === 0 ? st.inputFilters : roundFilters(st.inputFilters, params.width);
    const outF = roundFilters(st.outputFilters, params.width);
    const repeats = fixed ? st.repeats : roundRepeats(st.repeats, params.depth);
    for (let r = 0; r < repeats; r++) {
      const input = r === 0 ? inF : outF;
      const stride = r === 0 ? st.stride : 1;
      const seRatio = lite ? null : st.seRatio;
      blocks.push({
        index: blocks.length,
        kernel: st.kernel,
        stride,
        expand: st.expand,
        inputFilters: input,
        outputFilters: outF,
        seFilters: seRatio === null ? 0 : Math.max(1, Math.floor(input * seRatio)),
        skip: stride === 1 && input === outF,
      });
    }
  });
  return {
    params,
    stemFilters: lite ? 32 : roundFilters(32, params.width),
    headFilters: lite ? 1280 : roundFilters(1280, params.width),
    blocks,
    activation: lite ? 'relu6' : 'swish',
  };
}

export interface ArchCounts {
  /** Trainable parameters (batch-norm moving statistics excluded): the figure the papers publish. */
  params: number;
  /** All stored values, moving statistics included (what Keras' count_params reports). */
  allParams: number;
  /** Multiply-accumulates of conv, depthwise and dense layers at batch 1 (the EfficientNet paper's FLOPs). */
  macs: number;
  /** macs plus the float graph's elementwise work: batch norm (scale and shift), activations, residual adds.
   *  The EfficientNet-Lite README's MAdds column counts this way (lite0 407M, ..., lite4 2.64B). */
  maddsWithElementwise: number;
}

export function archCounts(a: EfficientNetArch): ArchCounts {
  let trainable = 0;
  let stats = 0;
  let macs = 0;
  let elementwise = 0;
  let hw = Math.ceil(a.params.resolution / 2);
  const bn = (c: number): void => {
    trainable += 2 * c;
    stats += 2 * c;
  };
  /** A conv output of `n` elements followed by batch norm and (optionally) the activation. */
  const bnAct = (n: number, act: boolean): void => {
    elementwise += 2 * n + (act ? n : 0);
  };
  trainable += 3 * 3 * 3 * a.stemFilters;
  bn(a.stemFilters);
  macs += hw * hw * 3 * 3 * 3 * a.stemFilters;
  bnAct(hw * hw * a.stemFilters, true);
  for (const b of a.blocks) {
    const expanded = b.inputFilters * b.expand;
    if (b.expand !== 1) {
      trainable += b.inputFilters * expanded;
      bn(expanded);
      macs += hw * hw * b.inputFilters * expanded;
      bnAct(hw * hw * expanded, true);
    }
    const out = Math.ceil(hw / b.stride);
    trainable += b.kernel * b.kernel * expanded;
    bn(expanded);
    macs += out * out * b.kernel * b.kernel * expanded;
    hw = out;
    bnAct(hw * hw * expanded, true);
    if (b.seFilters > 0) {
      trainable += expanded * b.seFilters + b.seFilters + b.seFilters * expanded + expanded;
      macs += expanded * b.seFilters * 2;
    }
    trainable += expanded * b.outputFilters;
    bn(b.outputFilters);
    macs += hw * hw * expanded * b.outputFilters;
    bnAct(hw * hw * b.outputFilters, false);
    if (b.skip) elementwise += hw * hw * b.outputFilters;
  }
  const last = a.blocks[a.blocks.length - 1]!.outputFilters;
  trainable += last * a.headFilters;
  bn(a.headFilters);
  macs += hw * hw * last * a.headFilters;
  bnAct(hw * hw * a.headFilters, true);
  trainable += a.headFilters * a.params.numClasses + a.params.numClasses;
  macs += a.headFilters * a.params.numClasses;
  return { params: trainable, allParams: trainable + stats, macs, maddsWithElementwise: macs + elementwise };
}
