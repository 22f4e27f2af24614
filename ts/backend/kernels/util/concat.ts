// Concatenation along an axis: each input contributes a contiguous run per outer row.
import { backend_util, util, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { FulgurRuntimeError } from "../../../errors.ts";

export function concatImpl(backend: BackendFulgur, inputs: TensorInfo[], axis: number): TensorInfo {
  const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const dtype = inputs[0].dtype;
  for (const t of inputs) {
    if (t.dtype !== dtype) throw new FulgurRuntimeError(`Concat: all inputs must share one dtype (got ${dtype} and ${t.dtype})`);
  }
  const out = backend.makeOutput(outShape, dtype);
  const o = backend.view(out);
  const outer = util.sizeFromShape(outShape.slice(0, axis));
  const rowOut = util.sizeFromShape(outShape.slice(axis));
  let col = 0;
  for (const t of inputs) {
    const run = util.sizeFromShape(t.shape.slice(axis));
    const src = backend.view(t);
    for (let r = 0; r < outer; r++) o.set(src.subarray(r * run, (r + 1) * run), r * rowOut + col);
    col += run;
  }
  return out;
}
