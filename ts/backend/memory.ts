// Direct access to fulgur-wasm tensor memory for code that updates tensors in place
// (optimizers, gradient clipping).
import * as tf from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "./backend_fulgur.ts";
import { FULGUR_WASM } from "./backend_name.ts";
import { fulgurWasm } from "./wasm_module.ts";
import { FulgurRuntimeError, FulgurTypeError } from "../errors.ts";

/** True when the active tfjs backend is fulgur-wasm. */
export function isFulgurWasmActive(): boolean {
  return tf.getBackend() === FULGUR_WASM;
}

/**
 * Byte offset of a float32 tensor's contiguous data in fulgur.wasm's memory.
 * Note: tensors created by reshape share their input's buffer, so writing through this
 * pointer also changes every reshaped alias of the same data.
 */
export function tensorPtr(t: tf.Tensor | tf.TensorInfo): number {
  if (t instanceof tf.Tensor && t.isDisposed) throw new FulgurRuntimeError("tensorPtr: the tensor has been disposed");
  const backend = tf.engine().findBackend(FULGUR_WASM) as BackendFulgur | null;
  if (backend == null || !backend.has(t.dataId)) {
    throw new FulgurRuntimeError(`tensorPtr: the tensor is not stored on the "${FULGUR_WASM}" backend (active backend: "${tf.getBackend()}")`);
  }
  if (backend.wasm !== fulgurWasm()) {
    throw new FulgurRuntimeError("tensorPtr: the fulgur-wasm backend was created by another loaded copy of fulgur; call init() again");
  }
  if (t.dtype !== "float32") throw new FulgurTypeError(`tensorPtr: expected a float32 tensor, got ${t.dtype}`);
  return backend.ptrOf(t as tf.TensorInfo);
}
