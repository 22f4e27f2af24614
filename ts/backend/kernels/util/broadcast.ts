// Numpy broadcasting described as per-dimension element strides (0 on broadcast dims),
// with adjacent dimensions merged whenever both inputs walk them contiguously.

/** Element strides of `inShape` aligned to the right of `outShape`; 0 where broadcast. */
export function broadcastStrides(inShape: number[], outShape: number[]): number[] {
  const nd = outShape.length, off = nd - inShape.length;
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = inShape.length - 1; d >= 0; d--) {
    strides[d + off] = inShape[d] === 1 && outShape[d + off] !== 1 ? 0 : s;
    s *= inShape[d];
  }
  return strides;
}

export interface BroadcastPlan { shape: number[]; aStrides: number[]; bStrides: number[] }

/** Plan for walking outShape with inputs of shapes a and b (at least one dimension). */
export function broadcastPlan(aShape: number[], bShape: number[], outShape: number[]): BroadcastPlan {
  if (outShape.length === 0) return { shape: [1], aStrides: [1], bStrides: [1] };
  const as = broadcastStrides(aShape, outShape), bs = broadcastStrides(bShape, outShape);
  const shape = [outShape[0]], aStrides = [as[0]], bStrides = [bs[0]];
  for (let d = 1; d < outShape.length; d++) {
    const k = shape.length - 1;
    const n = outShape[d];
    // merge dim d into the previous one when (prev stride == this stride * n) for both inputs
    if (aStrides[k] === as[d] * n && bStrides[k] === bs[d] * n) {
      shape[k] *= n; aStrides[k] = as[d]; bStrides[k] = bs[d];
    } else {
      shape.push(n); aStrides.push(as[d]); bStrides.push(bs[d]);
    }
  }
  return { shape, aStrides, bStrides };
}
