import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { IndexError } from "../../errors.ts";
import { gatherStrided, stridesOf } from "./nd_copy.ts";

/** out[i] = x[begin + i·step] per dimension (steps may be negative); out has outShape (same size as `size`). */
export function stridedSliceImpl(backend: BackendFulgur, x: TensorInfo, begin: number[], size: number[], steps?: number[],
                                 outShape?: number[]): TensorInfo {
  const xs = stridesOf(x.shape);
  // the WASM copy reads raw memory: every index the slice touches must exist
  if (size.every((n) => n > 0)) {
    for (let d = 0; d < begin.length; d++) {
      const last = begin[d] + (size[d] - 1) * (steps ? steps[d] : 1);
      if (begin[d] < 0 || begin[d] >= x.shape[d] || last < 0 || last >= x.shape[d]) {
        throw new IndexError(`slice: index ${begin[d] < 0 || begin[d] >= x.shape[d] ? begin[d] : last} is out of bounds for dimension ${d} with size ${x.shape[d]}`);
      }
    }
  }
  let offset = 0;
  for (let d = 0; d < begin.length; d++) offset += begin[d] * xs[d];
  const out = gatherStrided(backend, x, offset, xs.map((s, d) => s * (steps ? steps[d] : 1)), size);
  return outShape ? { ...out, shape: outShape } : out;
}
