// tf.stack → Pack: a size-1 axis on every input, then Concat.
import { type TensorInfo } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { concatImpl } from "./util/concat.ts";

export const PackConfig = kernel("Pack", (inputs, backend, attrs) => {
  const list = inputs as unknown as TensorInfo[];
  const rank = list[0].shape.length;
  let axis = attrs.axis as number;
  if (axis < 0) axis += rank + 1;
  const expanded = list.map((t) => {
    const shape = t.shape.slice();
    shape.splice(axis, 0, 1);
    return { dataId: t.dataId, shape, dtype: t.dtype };
  });
  return concatImpl(backend, expanded, axis);
});
