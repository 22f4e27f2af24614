// tf.pad: fill with the constant, then copy x row by row into the interior.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { stridesOf } from "./util/strided.ts";

export const PadV2Config = kernel("PadV2", ({ x }, backend, attrs) => {
  const paddings = attrs.paddings as [number, number][];
  const outShape = x.shape.map((s, d) => paddings[d][0] + s + paddings[d][1]);
  const out = backend.makeOutput(outShape, x.dtype);
  const src = backend.view(x), dst = backend.view(out);
  dst.fill(attrs.constantValue as number);
  const os = stridesOf(outShape), xs = stridesOf(x.shape);
  const n = util.sizeFromShape(x.shape);
  for (let i = 0; i < n; i++) {
    let rem = i, o = 0;
    for (let d = 0; d < x.shape.length; d++) {
      const c = (rem / xs[d]) | 0;
      rem -= c * xs[d];
      o += (c + paddings[d][0]) * os[d];
    }
    dst[o] = src[i];
  }
  return out;
});
