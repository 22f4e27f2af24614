import { slice_util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { stridedSliceImpl } from "./util/slice.ts";

export const SliceConfig = kernel("Slice", ({ x }, backend, attrs) => {
  const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin as number[], attrs.size as number[]);
  slice_util.assertParamsValid(x as never, begin, size);
  return stridedSliceImpl(backend, x, begin, size);
});
