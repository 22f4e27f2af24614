// out[i] = x[i mod shape] per dimension (exact data movement).
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { stridesOf } from "./util/strided.ts";

export const TileConfig = kernel("Tile", ({ x }, backend, attrs) => {
  const reps = attrs.reps as number[];
  const outShape = x.shape.map((s, d) => s * reps[d]);
  const out = backend.makeOutput(outShape, x.dtype);
  const src = backend.view(x), dst = backend.view(out);
  const xs = stridesOf(x.shape), os = stridesOf(outShape);
  const n = util.sizeFromShape(outShape);
  for (let i = 0; i < n; i++) {
    let rem = i, j = 0;
    for (let d = 0; d < outShape.length; d++) {
      const c = (rem / os[d]) | 0;
      rem -= c * os[d];
      j += (c % x.shape[d]) * xs[d];
    }
    dst[i] = src[j];
  }
  return out;
});
