import type { DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";

export const FillConfig = kernel("Fill", (_inputs, backend, attrs) => {
  const dtype = (attrs.dtype as DataType) ?? "float32";
  const out = backend.makeOutput((attrs.shape as number[]).slice(), dtype);
  backend.view(out).fill(Number(attrs.value));
  return out;
});
