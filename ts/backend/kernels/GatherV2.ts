// tf.gather → GatherV2: x viewed as [batch, outer, dim, slice], indices as [batch, numIndices].
import { backend_util, util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { IndexError } from "../errors.ts";

export const GatherV2Config = kernel("GatherV2", ({ x, indices }, backend, attrs) => {
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, axis, attrs.batchDims as number);
  const out = backend.makeOutput(info.outputShape, x.dtype);
  const src = backend.view(x), idx = backend.view(indices), dst = backend.view(out);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const numIdx = util.sizeFromShape(indices.shape) / batchSize;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < outerSize; r++) {
      const base = (b * outerSize + r) * dimSize;
      for (let k = 0; k < numIdx; k++) {
        const i = idx[b * numIdx + k];
        if (i < 0 || i >= dimSize || !Number.isInteger(i)) {
          throw new IndexError(`GatherV2: index ${i} is out of bounds for dimension of size ${dimSize}`);
        }
        const s = (base + i) * sliceSize;
        dst.set(src.subarray(s, s + sliceSize), o);
        o += sliceSize;
      }
    }
  }
  return out;
});
