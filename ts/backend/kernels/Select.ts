// tf.where → Select(condition, t, e). tfjs broadcasts all three to one shape first; a rank-1
// condition over a higher-rank t picks whole rows. One WASM pass (4 lanes per bitselect).
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { elemSize } from "./util/nd_copy.ts";
import { asDtype } from "./util/cast.ts";

type SelectFn = (es: number, c: number, t: number, e: number, out: number, n: number, rowLen: number) => void;

export const SelectConfig = kernel("Select", ({ condition, t, e }, backend) => {
  const out = backend.makeOutput(t.shape.slice(), t.dtype);
  const n = util.sizeFromShape(t.shape);
  if (n === 0) return out;
  const rowLen = condition.shape.length === 1 && t.shape.length > 1 ? util.sizeFromShape(t.shape.slice(1)) : 1;
  const [c, temp] = asDtype(backend, condition, "bool");
  (backend.wasm.select as SelectFn)(elemSize(t), backend.ptrOf(c), backend.ptrOf(t), backend.ptrOf(e), backend.ptrOf(out), n, rowLen);
  if (temp) backend.disposeData(c.dataId);
  return out;
});
