// Transpose as one WASM copy_nd (tiled when a 2-D transpose is inside).
import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { gatherStrided, stridesOf } from "./nd_copy.ts";

export function transposeImpl(backend: BackendFulgur, x: TensorInfo, perm: number[]): TensorInfo {
  const inStrides = stridesOf(x.shape);
  return gatherStrided(backend, x, 0, perm.map((p) => inStrides[p]), perm.map((p) => x.shape[p]));
}
