// tf.range → Range: start + i·step (IEEE + and ·, identical on every engine).
import type { DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";

export const RangeConfig = kernel("Range", (_inputs, backend, attrs) => {
  const start = attrs.start as number, stop = attrs.stop as number, step = attrs.step as number;
  const dtype = (attrs.dtype as DataType) ?? "float32";
  const n = start === stop || (start < stop && step < 0) || (stop < start && step > 0)
    ? 0 : Math.ceil(Math.abs((stop - start) / step));
  const out = backend.makeOutput([n], dtype);
  const v = backend.view(out);
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return out;
});
