// tf.gatherND → GatherNd: each row of indices [..., depth] addresses x's first `depth` dims
// and picks the run of the remaining dims (one WASM pass).
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { IndexError, } from "../errors.ts";
import { ValueError } from "../../errors.ts";
import { elemSize, stridesOf } from "./util/nd_copy.ts";
import { writeMeta } from "./util/meta.ts";

type GatherNdFn = (es: number, x: number, idx: number, out: number, n: number, depth: number, slice: number, meta: number) => number;

export const GatherNdConfig = kernel("GatherNd", ({ params, indices }, backend) => {
  const depth = indices.shape[indices.shape.length - 1];
  if (indices.shape.length < 1 || depth > params.shape.length) {
    throw new ValueError(`GatherNd: the last dim of indices (${depth}) must be at most the rank of params (${params.shape.length})`);
  }
  const n = util.sizeFromShape(indices.shape.slice(0, -1));
  const sliceShape = params.shape.slice(depth);
  const slice = util.sizeFromShape(sliceShape);
  const out = backend.makeOutput([...indices.shape.slice(0, -1), ...sliceShape], params.dtype);
  if (n === 0 || slice === 0) return out;
  const meta = writeMeta(backend, params.shape.slice(0, depth), stridesOf(params.shape).slice(0, depth));
  const bad = (backend.wasm.gather_nd as GatherNdFn)(elemSize(params), backend.ptrOf(params), backend.ptrOf(indices),
    backend.ptrOf(out), n, depth, slice, meta);
  if (bad >= 0) {
    const v = backend.view(indices)[bad];
    backend.disposeData(out.dataId);
    const d = bad % depth;
    throw new IndexError(`GatherNd: index ${v} is out of bounds for dimension ${d} with size ${params.shape[d]}`);
  }
  return out;
});
