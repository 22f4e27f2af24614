// tf.reverse: one WASM copy_nd with negative source strides on the reversed axes.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { gatherStrided, stridesOf } from "./util/nd_copy.ts";

export const ReverseConfig = kernel("Reverse", ({ x }, backend, attrs) => {
  const axes = util.parseAxisParam(attrs.dims as number | number[], x.shape);
  const strides = stridesOf(x.shape);
  let offset = 0;
  for (const a of axes) {
    if (x.shape[a] === 0) continue;
    offset += (x.shape[a] - 1) * strides[a];
    strides[a] = -strides[a];
  }
  return gatherStrided(backend, x, offset, strides, x.shape);
});
