// Transpose as a strided gather (exact data movement).
import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { gatherStrided, stridesOf } from "./strided.ts";

export function transposeImpl(backend: BackendFulgur, x: TensorInfo, perm: number[]): TensorInfo {
  const inStrides = stridesOf(x.shape);
  const outShape = perm.map((p) => x.shape[p]);
  const out = backend.makeOutput(outShape, x.dtype);
  gatherStrided(backend.view(x), 0, perm.map((p) => inStrides[p]), outShape, backend.view(out));
  return out;
}
