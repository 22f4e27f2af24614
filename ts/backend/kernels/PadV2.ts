// tf.pad: fill with the constant (WASM), then one copy_nd of x into the interior.
import { kernel } from "./kernel.ts";
import { copyNd, fillTensor, stridesOf } from "./util/nd_copy.ts";

export const PadV2Config = kernel("PadV2", ({ x }, backend, attrs) => {
  const paddings = attrs.paddings as [number, number][];
  const outShape = x.shape.map((s, d) => paddings[d][0] + s + paddings[d][1]);
  const out = backend.makeOutput(outShape, x.dtype);
  fillTensor(backend, out, attrs.constantValue as number);
  const os = stridesOf(outShape);
  let offset = 0;
  for (let d = 0; d < outShape.length; d++) offset += paddings[d][0] * os[d];
  copyNd(backend, x, 0, stridesOf(x.shape), x.shape, out, offset, os);
  return out;
});
