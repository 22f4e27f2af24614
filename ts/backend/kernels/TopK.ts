// tf.topk → TopK on the last axis: a stable sort per row, largest first, NaN above every
// number (torch's order); equal values keep index order. `sorted` is always honoured.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { FulgurTypeError, ValueError } from "../../errors.ts";

type TopKFn = (isF32: number, x: number, vals: number, inds: number, rows: number, n: number, k: number) => void;

export const TopKConfig = kernel("TopK", ({ x }, backend, attrs) => {
  const k = attrs.k as number;
  if (x.dtype !== "float32" && x.dtype !== "int32") throw new FulgurTypeError(`topk: expected a float32 or int32 tensor, got ${x.dtype}`);
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new ValueError(`topk: k (${k}) must be in [0, ${n}] (the size of the last dim)`);
  const rowsShape = x.shape.slice(0, -1);
  const rows = util.sizeFromShape(rowsShape);
  const vals = backend.makeOutput([...rowsShape, k], x.dtype);
  const inds = backend.makeOutput([...rowsShape, k], "int32");
  if (rows > 0 && k > 0) {
    (backend.wasm.topk as TopKFn)(x.dtype === "float32" ? 1 : 0, backend.ptrOf(x), backend.ptrOf(vals), backend.ptrOf(inds), rows, n, k);
  }
  return [vals, inds];
});
