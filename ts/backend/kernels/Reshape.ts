// Reshape shares the input's buffer (reference counted), as tfjs-backend-wasm does.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";

export const ReshapeConfig = kernel("Reshape", ({ x }, backend, attrs) => {
  const size = util.sizeFromShape(x.shape);
  const shape = util.inferFromImplicitShape(attrs.shape as number[], size);
  util.assert(size === util.sizeFromShape(shape),
    () => `new shape [${shape}] and old shape [${x.shape}] must have the same number of elements`);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
});
