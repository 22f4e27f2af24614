import { slice_util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { stridedSliceImpl } from "./util/slice.ts";

// Negative strides walk backwards (one WASM copy_nd with negative source strides).
export const StridedSliceConfig = kernel("StridedSlice", ({ x }, backend, attrs) => {
  const info = slice_util.sliceInfo(x.shape, attrs.begin as number[], attrs.end as number[], attrs.strides as number[],
    attrs.beginMask as number, attrs.endMask as number, attrs.ellipsisMask as number,
    attrs.newAxisMask as number, attrs.shrinkAxisMask as number);
  // sliceInfo's begin/end/strides cover every input dimension (shrunk axes have size 1)
  // computeOutShape goes negative for an empty range: clamp (an empty result reads nothing)
  const shape = slice_util.computeOutShape(info.begin, info.end, info.strides).map((n) => Math.max(0, n));
  const out = stridedSliceImpl(backend, x, info.begin, shape, info.strides);
  return { ...out, shape: info.finalShape };
});
