// tf.range → Range: start + i·step in float64 (WASM), rounded to the dtype.
import type { DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { dtypeCode } from "./util/cast.ts";

type RangeFn = (to: number, out: number, n: number, start: number, step: number) => void;

export const RangeConfig = kernel("Range", (_inputs, backend, attrs) => {
  const start = attrs.start as number, stop = attrs.stop as number, step = attrs.step as number;
  const dtype = (attrs.dtype as DataType) ?? "float32";
  // the length is shape arithmetic, not tensor data
  const n = start === stop || (start < stop && step < 0) || (stop < start && step > 0)
    ? 0 : Math.ceil(Math.abs((stop - start) / step));
  const out = backend.makeOutput([n], dtype);
  if (n > 0) (backend.wasm.range as RangeFn)(dtypeCode(dtype), backend.ptrOf(out), n, start, step);
  return out;
});
