// tf.unsortedSegmentSum → UnsortedSegmentSum: out[ids[r]] += x[r] over x's first axis, rows in
// order (a fixed summation order); ids outside [0, numSegments) are dropped.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { FulgurRuntimeError } from "../../errors.ts";

type SegmentSumFn = (x: number, ids: number, out: number, rows: number, inner: number, segments: number) => void;

export const UnsortedSegmentSumConfig = kernel("UnsortedSegmentSum", ({ x, segmentIds }, backend, attrs) => {
  const segments = attrs.numSegments as number;
  const rows = segmentIds.shape.length === 0 ? 1 : util.sizeFromShape(segmentIds.shape);
  const inner = util.sizeFromShape(x.shape) / Math.max(rows, 1);
  if (x.dtype !== "float32" || segmentIds.dtype !== "int32" || !Number.isInteger(inner)) {
    throw new FulgurRuntimeError(`UnsortedSegmentSum: expected float32 x and int32 ids covering x's leading dims, got ${x.dtype} ${x.shape} and ${segmentIds.dtype} ${segmentIds.shape}`);
  }
  const out = backend.makeOutput([segments, ...x.shape.slice(segmentIds.shape.length)], "float32");
  (backend.wasm.segment_sum_f32 as SegmentSumFn)(backend.ptrOf(x), backend.ptrOf(segmentIds), backend.ptrOf(out), rows, inner, segments);
  return out;
});
