// Concatenation along an axis: each input contributes one contiguous run per outer row
// (one WASM memory.copy per run).
import { backend_util, util, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { FulgurRuntimeError } from "../../../errors.ts";
import { elemSize } from "./nd_copy.ts";

type CopyRunsFn = (src: number, dst: number, outer: number, runBytes: number, rowBytes: number, colBytes: number) => void;

export function concatImpl(backend: BackendFulgur, inputs: TensorInfo[], axis: number): TensorInfo {
  const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const dtype = inputs[0].dtype;
  for (const t of inputs) {
    if (t.dtype !== dtype) throw new FulgurRuntimeError(`Concat: all inputs must share one dtype (got ${dtype} and ${t.dtype})`);
  }
  const out = backend.makeOutput(outShape, dtype);
  const es = elemSize(out);
  const outer = util.sizeFromShape(outShape.slice(0, axis));
  const rowBytes = util.sizeFromShape(outShape.slice(axis)) * es;
  const copyRuns = backend.wasm.copy_runs as CopyRunsFn;
  let col = 0;
  for (const t of inputs) {
    const runBytes = util.sizeFromShape(t.shape.slice(axis)) * es;
    if (runBytes > 0 && outer > 0) copyRuns(backend.ptrOf(t), backend.ptrOf(out), outer, runBytes, rowBytes, col);
    col += runBytes;
  }
  return out;
}
