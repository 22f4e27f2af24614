// dtype conversion with tfjs's rules: float→int truncates, anything→bool is (x != 0).
import { util, type DataType, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { FulgurTypeError } from "../../../errors.ts";

export function castImpl(backend: BackendFulgur, x: TensorInfo, dtype: DataType): TensorInfo {
  if (dtype === "string" || dtype === "complex64" || x.dtype === "string" || x.dtype === "complex64") {
    throw new FulgurTypeError(`fulgur-wasm: Cast from ${x.dtype} to ${dtype} is not supported`);
  }
  const out = backend.makeOutput(x.shape.slice(), dtype);
  const src = backend.view(x), dst = backend.view(out);
  const n = util.sizeFromShape(x.shape);
  if (dtype === "bool") {
    for (let i = 0; i < n; i++) dst[i] = src[i] !== 0 ? 1 : 0;
  } else if (dtype === "int32" && x.dtype === "float32") {
    for (let i = 0; i < n; i++) dst[i] = Math.trunc(src[i]); // Int32Array wraps; NaN → 0
  } else {
    dst.set(src);
  }
  return out;
}

/** x as float32: x itself, or a new tensor the caller must dispose (second value true). */
export function asFloat32(backend: BackendFulgur, x: TensorInfo): [TensorInfo, boolean] {
  return x.dtype === "float32" ? [x, false] : [castImpl(backend, x, "float32"), true];
}
