// tf.unstack → Unpack: one slice per index along axis, with that axis removed.
import { kernel } from "./kernel.ts";
import { stridedSliceImpl } from "./util/slice.ts";

export const UnpackConfig = kernel("Unpack", ({ value }, backend, attrs) => {
  const rank = value.shape.length;
  const axis = (attrs.axis as number) < 0 ? (attrs.axis as number) + rank : (attrs.axis as number);
  const size = value.shape.slice();
  size[axis] = 1;
  const outShape = value.shape.filter((_, d) => d !== axis);
  const outs = [];
  for (let i = 0; i < value.shape[axis]; i++) {
    const begin = new Array<number>(rank).fill(0);
    begin[axis] = i;
    const t = stridedSliceImpl(backend, value, begin, size);
    outs.push({ ...t, shape: outShape });
  }
  return outs;
});
