// tf.scatterND → ScatterNd: zeros of `shape`, then out[indices[r]] += updates[r] for r in
// order (duplicates sum in index order, one addition at a time: a fixed order).
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { IndexError } from "../errors.ts";
import { FulgurTypeError, ValueError } from "../../errors.ts";
import { fillTensor, stridesOf } from "./util/nd_copy.ts";
import { writeMeta } from "./util/meta.ts";

type ScatterFn = (isF32: number, upd: number, idx: number, out: number, n: number, depth: number, slice: number, meta: number) => number;

export const ScatterNdConfig = kernel("ScatterNd", ({ indices, updates }, backend, attrs) => {
  const shape = attrs.shape as number[];
  if (updates.dtype !== "float32" && updates.dtype !== "int32") {
    throw new FulgurTypeError(`ScatterNd: updates must be float32 or int32, got ${updates.dtype}`);
  }
  const depth = indices.shape.length > 1 ? indices.shape[indices.shape.length - 1] : 1;
  const n = indices.shape.length > 1 ? util.sizeFromShape(indices.shape.slice(0, -1)) : util.sizeFromShape(indices.shape);
  const slice = util.sizeFromShape(shape.slice(depth));
  if (depth > shape.length || util.sizeFromShape(updates.shape) !== n * slice) {
    throw new ValueError(`ScatterNd: updates of shape [${updates.shape}] do not match indices [${indices.shape}] into shape [${shape}]`);
  }
  const out = backend.makeOutput(shape.slice(), updates.dtype);
  fillTensor(backend, out, 0);
  if (n === 0 || slice === 0) return out;
  const meta = writeMeta(backend, shape.slice(0, depth), stridesOf(shape).slice(0, depth));
  const bad = (backend.wasm.scatter_nd_add as ScatterFn)(updates.dtype === "float32" ? 1 : 0, backend.ptrOf(updates),
    backend.ptrOf(indices), backend.ptrOf(out), n, depth, slice, meta);
  if (bad >= 0) {
    const v = backend.view(indices)[bad];
    backend.disposeData(out.dataId);
    const d = bad % depth;
    throw new IndexError(`ScatterNd: index ${v} is out of bounds for dimension ${d} with size ${shape[d]}`);
  }
  return out;
});
