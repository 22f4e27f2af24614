import { util, type DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";

// Indices outside [0, depth) give an all-off row, as in tfjs.
export const OneHotConfig = kernel("OneHot", ({ indices }, backend, attrs) => {
  const depth = attrs.depth as number, on = attrs.onValue as number, off = attrs.offValue as number;
  const dtype = (attrs.dtype as DataType) ?? "int32";
  const out = backend.makeOutput([...indices.shape, depth], dtype);
  const idx = backend.view(indices), dst = backend.view(out);
  dst.fill(off);
  const n = util.sizeFromShape(indices.shape);
  for (let i = 0; i < n; i++) {
    const k = idx[i];
    if (k >= 0 && k < depth) dst[i * depth + k] = on;
  }
  return out;
});
