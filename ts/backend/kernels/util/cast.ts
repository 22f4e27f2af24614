// dtype conversion with tfjs's rules: float→int truncates (and wraps like Int32Array), NaN → 0,
// anything→bool is (x != 0). One WASM pass (asm/kernels/movement/cast.ts).
import { util, type DataType, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { FulgurTypeError } from "../../../errors.ts";

type CastFn = (from: number, to: number, x: number, out: number, n: number) => void;

/** dtype codes shared with the WASM kernels: 0 float32, 1 int32, 2 bool. */
export function dtypeCode(dtype: DataType): number {
  if (dtype === "float32") return 0;
  if (dtype === "int32") return 1;
  if (dtype === "bool") return 2;
  throw new FulgurTypeError(`fulgur-wasm: dtype ${dtype} is not supported here`);
}

export function castImpl(backend: BackendFulgur, x: TensorInfo, dtype: DataType): TensorInfo {
  if (dtype === "string" || dtype === "complex64" || x.dtype === "string" || x.dtype === "complex64") {
    throw new FulgurTypeError(`fulgur-wasm: Cast from ${x.dtype} to ${dtype} is not supported`);
  }
  const out = backend.makeOutput(x.shape.slice(), dtype);
  const n = util.sizeFromShape(x.shape);
  if (n > 0) (backend.wasm.cast as CastFn)(dtypeCode(x.dtype), dtypeCode(dtype), backend.ptrOf(x), backend.ptrOf(out), n);
  return out;
}

/** x as float32: x itself, or a new tensor the caller must dispose (second value true). */
export function asFloat32(backend: BackendFulgur, x: TensorInfo): [TensorInfo, boolean] {
  return x.dtype === "float32" ? [x, false] : [castImpl(backend, x, "float32"), true];
}

/** x as `dtype`: x itself, or a new tensor the caller must dispose (second value true). */
export function asDtype(backend: BackendFulgur, x: TensorInfo, dtype: DataType): [TensorInfo, boolean] {
  return x.dtype === dtype ? [x, false] : [castImpl(backend, x, dtype), true];
}
