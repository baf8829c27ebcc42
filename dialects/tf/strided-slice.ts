// TensorFlow's StridedSlice semantics: expands ellipsis/new-axis/shrink masks into one (begin, end, stride) per input dim.

export interface SliceMasks {
  readonly begin: number;
  readonly end: number;
  readonly ellipsis: number;
  readonly newAxis: number;
  readonly shrink: number;
}

/** The slice of one input dimension, after the masks are applied. */
export interface DenseSliceDim {
  /** Begin/end/stride as given (0/0/1 for dims an ellipsis covers). */
  readonly rawBegin: number;
  readonly rawEnd: number;
  readonly stride: number;
  readonly beginMasked: boolean;
  readonly endMasked: boolean;
  readonly shrink: boolean;
  /** First index taken (canonical, in [0, dim)), when the dim is static. */
  readonly begin: number;
  /** Elements taken along the dim; -1 when the dim is dynamic and the slice depends on it. */
  readonly size: number;
}

export interface ResolvedSlice {
  /** One entry per input dimension. */
  readonly dims: readonly DenseSliceDim[];
  /** Result shape: new axes are 1, shrunk dims are dropped. */
  readonly shape: readonly number[];
  /** For every result dim, the input dim it comes from, or -1 for a new axis. */
  readonly sources: readonly number[];
}

const NEW_AXIS = -1;
const SHRINK = -2;

const bit = (mask: number, i: number): boolean => i < 31 && (mask & (1 << i)) !== 0;

/**
 * Resolves a strided slice of an input of shape `input` (-1 = dynamic dim) the way TF's ValidateStridedSliceOp does.
 * Returns an error message for specs TF rejects.
 */
export function resolveStridedSlice(input: readonly number[], begin: readonly number[], end: readonly number[], strides: readonly number[], m: SliceMasks): ResolvedSlice | string {
  const n = begin.length;
  if (end.length !== n || strides.length !== n) return `begin, end and strides must have the same length (got ${begin.length}, ${end.length}, ${strides.length})`;
  if (m.ellipsis !== 0 && (m.ellipsis & (m.ellipsis - 1)) !== 0) return 'more than one ellipsis in the slice spec';
  interface Entry {
    kind: 'ellipsis' | 'new' | 'index';
    i: number;
  }
  const entries: Entry[] = [];
  let ellipsisSeen = false;
  let newAfterEllipsis = 0;
  for (let i = 0; i < n; i++) {
    if (ellipsisSeen && bit(m.newAxis, i) && !bit(m.ellipsis, i)) newAfterEllipsis++;
    if (bit(m.ellipsis, i)) {
      ellipsisSeen = true;
      entries.push({ kind: 'ellipsis', i });
    } else entries.push({ kind: bit(m.newAxis, i) ? 'new' : 'index', i });
  }
  if (!ellipsisSeen) entries.push({ kind: 'ellipsis', i: n });

  const rank = input.length;
  const spec: { i: number | undefined }[] = [];
  const gather: number[] = [];
  entries.forEach((e, k) => {
    if (e.kind === 'ellipsis') {
      const next = Math.min(rank - (entries.length - k) + 1 + newAfterEllipsis, rank);
      for (let d = spec.length; d < next; d++) {
        spec.push({ i: undefined });
        gather.push(d);
      }
    } else if (e.kind === 'new') gather.push(NEW_AXIS);
    else {
      gather.push(bit(m.shrink, e.i) ? SHRINK : spec.length);
      spec.push({ i: e.i });
    }
  });
  if (spec.length > rank) return `the slice spec indexes ${spec.length} dims but the input has rank ${rank}`;
  // Fewer spec entries than dims can only happen with rank < entries; the rest are taken whole.
  while (spec.length < rank) {
    gather.push(spec.length);
    spec.push({ i: undefined });
  }

  const dims: DenseSliceDim[] = [];
  for (let d = 0; d < rank; d++) {
    const i = spec[d]!.i;
    const whole = i === undefined;
    const stride = whole ? 1 : strides[i]!;
    const rawBegin = whole ? 0 : begin[i]!;
    const rawEnd = whole ? 0 : end[i]!;
    const beginMasked = whole || bit(m.begin, i);
    const endMasked = whole || bit(m.end, i);
    const shrink = !whole && bit(m.shrink, i) && !bit(m.newAxis, i);
    if (stride === 0) return `stride ${i} is 0`;
    const dim = input[d]!;
    if (shrink && stride < 0) return `index ${i} shrinks its axis, which needs a positive stride (got ${stride})`;
    if (dim < 0) {
      dims.push({ rawBegin, rawEnd, stride, beginMasked, endMasked, shrink, begin: 0, size: shrink ? 1 : -1 });
      continue;
    }
    if (shrink) {
      const x = rawBegin < 0 ? dim + rawBegin : rawBegin;
      if (x < 0 || x >= dim) return `index ${rawBegin} is out of bounds for dimension ${d} of size ${dim}`;
      dims.push({ rawBegin, rawEnd, stride, beginMasked, endMasked, shrink, begin: x, size: 1 });
      continue;
    }
    const lo = stride > 0 ? 0 : -1;
    const hi = stride > 0 ? dim : dim - 1;
    const canonical = (x: number, masked: boolean, isEnd: boolean): number => {
      if (masked) return (stride > 0) !== isEnd ? lo : hi;
      const f = x < 0 ? dim + x : x;
      return f < lo ? lo : f > hi ? hi : f;
    };
    const b = canonical(rawBegin, beginMasked, false);
    const e = canonical(rawEnd, endMasked, true);
    const len = e - b;
    const size = len === 0 || len < 0 !== stride < 0 ? 0 : Math.floor(len / stride) + (len % stride !== 0 ? 1 : 0);
    dims.push({ rawBegin, rawEnd, stride, beginMasked, endMasked, shrink, begin: b, size });
  }

  const shape: number[] = [];
  const sources: number[] = [];
  for (const g of gather) {
    if (g === SHRINK) continue;
    if (g === NEW_AXIS) {
      shape.push(1);
      sources.push(-1);
    } else {
      shape.push(dims[g]!.size);
      sources.push(g);
    }
  }
  return { dims, shape, sources };
}

/** Flat input indices a resolved slice of a static input reads, in result order. */
export function sliceIndices(input: readonly number[], r: ResolvedSlice): number[] {
  const strides: number[] = new Array<number>(input.length);
  let acc = 1;
  for (let d = input.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= input[d]!;
  }
  let out: number[] = [0];
  r.dims.forEach((s, d) => {
    const next: number[] = [];
    for (const base of out) for (let k = 0; k < s.size; k++) next.push(base + (s.begin + k * s.stride) * strides[d]!);
    out = next;
  });
  return out;
}

/** Masks of a StridedSlice op's attributes. */
export function masksOf(get: (name: string) => number): SliceMasks {
  return { begin: get('begin_mask'), end: get('end_mask'), ellipsis: get('ellipsis_mask'), newAxis: get('new_axis_mask'), shrink: get('shrink_axis_mask') };
}
