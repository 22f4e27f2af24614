// tf.mirrorPad ("reflect" excludes the edge, "symmetric" repeats it): x is copied into the
// interior, then each dim's two pad strips are copied, dim by dim, from the part of the
// output already filled, walking backwards (negative strides) — all WASM copy_nd calls.
import { kernel } from "./kernel.ts";
import { copyNd, stridesOf } from "./util/nd_copy.ts";
import { ValueError } from "../../errors.ts";

export const MirrorPadConfig = kernel("MirrorPad", ({ x }, backend, attrs) => {
  const paddings = attrs.paddings as [number, number][];
  const mode = attrs.mode as string;
  const shift = mode === "reflect" ? 1 : 0;
  x.shape.forEach((s, d) => {
    const lim = s - shift;
    if (paddings[d][0] > lim || paddings[d][1] > lim || paddings[d][0] < 0 || paddings[d][1] < 0) {
      throw new ValueError(`MirrorPad (${mode}): padding [${paddings[d]}] of dim ${d} must be in [0, ${lim}] for size ${s}`);
    }
  });
  const outShape = x.shape.map((s, d) => paddings[d][0] + s + paddings[d][1]);
  const out = backend.makeOutput(outShape, x.dtype);
  const os = stridesOf(outShape);
  let interior = 0;
  for (let d = 0; d < outShape.length; d++) interior += paddings[d][0] * os[d];
  copyNd(backend, x, 0, stridesOf(x.shape), x.shape, out, interior, os);
  for (let d = 0; d < outShape.length; d++) {
    const [lo, hi] = paddings[d];
    // dims before d span the whole output (already padded), dims after d only the interior
    const shape: number[] = [];
    let base = 0;
    for (let e = 0; e < outShape.length; e++) {
      if (e < d) shape.push(outShape[e]);
      else if (e > d) { shape.push(x.shape[e]); base += paddings[e][0] * os[e]; }
      else shape.push(0);
    }
    const srcStrides = os.slice();
    srcStrides[d] = -os[d];
    if (lo > 0) {
      shape[d] = lo; // out[lo-1-j] = out[lo + shift + j], i.e. out[i] = out[2lo - 1 + shift - i]
      copyNd(backend, out, base + (2 * lo - 1 + shift) * os[d], srcStrides, shape, out, base, os);
    }
    if (hi > 0) {
      shape[d] = hi; // out[lo + s + j] = out[lo + s - 1 - shift - j]
      const s = x.shape[d];
      copyNd(backend, out, base + (lo + s - 1 - shift) * os[d], srcStrides, shape, out, base + (lo + s) * os[d], os);
    }
  }
  return out;
});
