import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { gatherStrided, stridesOf } from "./strided.ts";

/** out[i] = x[begin + i·step] per dimension (steps may be negative). */
export function stridedSliceImpl(backend: BackendFulgur, x: TensorInfo, begin: number[], size: number[], steps?: number[]): TensorInfo {
  const xs = stridesOf(x.shape);
  let offset = 0;
  for (let d = 0; d < begin.length; d++) offset += begin[d] * xs[d];
  const srcStrides = xs.map((s, d) => s * (steps ? steps[d] : 1));
  const out = backend.makeOutput(size.slice(), x.dtype);
  gatherStrided(backend.view(x), offset, srcStrides, size, backend.view(out));
  return out;
}
