// A tensor as plain data, as the file readers hand it out: nothing in a model changes until a
// caller applies a whole set of these at once (loadStateDict validates all before writing any).
import type { TorchDtype } from "./pickle_values.ts";

/** A tensor as plain data: dtype, shape and a typed array (what the interop loaders return and savers take). */
export interface TensorData {
  /** the dtype the file stored (float16/bfloat16/float64 are converted to float32 in `data`) */
  dtype: TorchDtype;
  shape: number[];
  /** float32 for floating dtypes; int32 for integers that fit (else float64, exact up to 2^53) */
  data: Float32Array | Int32Array | Float64Array;
}

/** TensorData by name (a state dict as plain data). */
export type NamedTensorData = Record<string, TensorData>;

/** Whether a value is TensorData (dtype, shape and typed-array data), as loaders of torch files return. */
export function isTensorData(v: unknown): v is TensorData {
  return typeof v === "object" && v !== null && Array.isArray((v as TensorData).shape) &&
    ((v as TensorData).data instanceof Float32Array || (v as TensorData).data instanceof Int32Array || (v as TensorData).data instanceof Float64Array);
}
