// tf.reverse: a strided gather with negative strides on the reversed axes.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { gatherStrided, stridesOf } from "./util/strided.ts";

export const ReverseConfig = kernel("Reverse", ({ x }, backend, attrs) => {
  const axes = util.parseAxisParam(attrs.dims as number | number[], x.shape);
  const strides = stridesOf(x.shape);
  let offset = 0;
  for (const a of axes) { offset += (x.shape[a] - 1) * strides[a]; strides[a] = -strides[a]; }
  const out = backend.makeOutput(x.shape.slice(), x.dtype);
  gatherStrided(backend.view(x), offset, strides, x.shape, backend.view(out));
  return out;
});
