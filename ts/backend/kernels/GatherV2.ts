// tf.gather → GatherV2: x viewed as [batch, outer, dim, slice], indices as [batch, numIndices];
// one WASM pass (a memory.copy per index, or one element per index when slice is 1).
import { backend_util, util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { IndexError } from "../errors.ts";
import { elemSize } from "./util/nd_copy.ts";
import { asDtype } from "./util/cast.ts";

type GatherFn = (es: number, x: number, idx: number, out: number, batch: number, outer: number, dim: number,
                 slice: number, nIdx: number) => number;

export const GatherV2Config = kernel("GatherV2", ({ x, indices }, backend, attrs) => {
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, axis, attrs.batchDims as number);
  const out = backend.makeOutput(info.outputShape, x.dtype);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const nIdx = util.sizeFromShape(indices.shape) / Math.max(batchSize, 1);
  if (util.sizeFromShape(info.outputShape) === 0 && (nIdx === 0 || outerSize === 0 || sliceSize === 0)) return out;
  const [idx, temp] = asDtype(backend, indices, "int32");
  const bad = (backend.wasm.gather_v2 as GatherFn)(elemSize(x), backend.ptrOf(x), backend.ptrOf(idx), backend.ptrOf(out),
    batchSize, outerSize, dimSize, sliceSize, nIdx);
  const badValue = bad >= 0 ? (backend.view(idx)[bad] as number) : 0;
  if (temp) backend.disposeData(idx.dataId);
  if (bad >= 0) {
    backend.disposeData(out.dataId);
    throw new IndexError(`index ${badValue} is out of bounds for dimension ${axis} with size ${dimSize}`);
  }
  return out;
});
