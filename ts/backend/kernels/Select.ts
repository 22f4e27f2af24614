// tf.where → Select(condition, t, e). tfjs broadcasts all three to one shape first; a rank-1
// condition over a higher-rank t picks whole rows.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";

export const SelectConfig = kernel("Select", ({ condition, t, e }, backend) => {
  const out = backend.makeOutput(t.shape.slice(), t.dtype);
  const c = backend.view(condition), tv = backend.view(t), ev = backend.view(e), o = backend.view(out);
  const n = util.sizeFromShape(t.shape);
  const rowLen = condition.shape.length === 1 && t.shape.length > 1 ? util.sizeFromShape(t.shape.slice(1)) : 1;
  for (let i = 0; i < n; i++) o[i] = c[(i / rowLen) | 0] ? tv[i] : ev[i];
  return out;
});
