import type { DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { fillTensor } from "./util/nd_copy.ts";

export const FillConfig = kernel("Fill", (_inputs, backend, attrs) => {
  const dtype = (attrs.dtype as DataType) ?? "float32";
  const out = backend.makeOutput((attrs.shape as number[]).slice(), dtype);
  fillTensor(backend, out, Number(attrs.value));
  return out;
});
