import { kernel } from "./kernel.ts";
import { IndexError } from "../errors.ts";

// Inserts a size-1 axis; shares the buffer like Reshape.
export const ExpandDimsConfig = kernel("ExpandDims", ({ input }, backend, attrs) => {
  const rank = input.shape.length;
  let dim = attrs.dim as number;
  if (dim < 0) dim += rank + 1;
  if (dim < 0 || dim > rank) throw new IndexError(`ExpandDims: dim ${attrs.dim} out of range for rank ${rank}`);
  const shape = input.shape.slice();
  shape.splice(dim, 0, 1);
  backend.incRef(input.dataId);
  return { dataId: input.dataId, shape, dtype: input.dtype };
});
