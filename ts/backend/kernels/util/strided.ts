// Exact data movement (no arithmetic) shared by Transpose, Slice, StridedSlice, Tile, ...
import { util } from "@tensorflow/tfjs-core";

type Arr = Float32Array | Int32Array | Uint8Array;

/** Row-major element strides of a shape. */
export function stridesOf(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
  return s;
}

/**
 * dst[i] (row-major over `shape`) = src[offset + Σ coord[d]·srcStrides[d]].
 * Strides may be zero or negative (broadcast, reversed strided slices).
 */
export function gatherStrided(src: Arr, offset: number, srcStrides: number[], shape: number[], dst: Arr): void {
  const nd = shape.length;
  const total = util.sizeFromShape(shape);
  if (total === 0) return;
  if (nd === 0) { dst[0] = src[offset]; return; }
  const last = nd - 1, n = shape[last], s = srcStrides[last];
  const coord = new Array<number>(nd).fill(0);
  let base = offset, o = 0;
  for (;;) {
    for (let i = 0, p = base; i < n; i++, p += s) dst[o++] = src[p];
    // advance the outer coordinates like an odometer
    let d = last - 1;
    for (; d >= 0; d--) {
      coord[d]++;
      base += srcStrides[d];
      if (coord[d] < shape[d]) break;
      base -= coord[d] * srcStrides[d];
      coord[d] = 0;
    }
    if (d < 0) return;
  }
}
