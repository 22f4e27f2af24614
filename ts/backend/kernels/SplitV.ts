// tf.split → SplitV: consecutive slices along one axis.
import { backend_util, util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { stridedSliceImpl } from "./util/slice.ts";

export const SplitVConfig = kernel("SplitV", ({ x }, backend, attrs) => {
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = x.shape.slice();
    size[axis] = s;
    const t = stridedSliceImpl(backend, x, begin.slice(), size);
    begin[axis] += s;
    return t;
  });
});
