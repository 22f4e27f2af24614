/// <reference types="@webgpu/types" />
// The parts of tfjs-backend-webgpu 4.22's WebGPUBackend that in-place GPU programs need.
// Its public runWebGPUProgram writes one fresh output tensor; an optimizer step writes the
// parameter and its state buffers in place, so we record our own dispatches into the
// backend's command encoder (same queue order as every tfjs op) and mark the buffers busy
// exactly as its recordAndSubmit does. Pinned to 4.22 (package.json): re-check on upgrade.
import { FulgurRuntimeError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { forgetKnownZero } from "./known_zero.ts";

export const WEBGPU = "webgpu";

interface TensorData {
  values: unknown;
  resource: GPUBuffer | GPUTexture | null;
  refCount: number;
  dtype: string;
}

export interface WebGPUBackendInternals {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): TensorData; has(dataId: object): boolean };
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  makeTensorInfo(shape: number[], dtype: "float32" | "int32"): tf.TensorInfo;
  makeUniforms(u: Array<{ type: "float32" | "int32" | "uint32"; data: number[] }>): GPUBufferBinding;
}

/** The active webgpu backend's internals; throws when webgpu is not the active backend. */
export function webgpuBackend(): WebGPUBackendInternals {
  if (tf.getBackend() !== WEBGPU) {
    throw new FulgurRuntimeError(`a GPU program needs the "webgpu" tfjs backend to be active (active: "${tf.getBackend()}")`);
  }
  const b = tf.backend() as unknown as WebGPUBackendInternals;
  if (typeof b.ensureCommandEncoderReady !== "function" || !b.tensorMap || !b.device) {
    throw new FulgurRuntimeError("the webgpu backend does not have the internals of @tensorflow/tfjs-backend-webgpu 4.22 that fulgur's GPU programs use");
  }
  return b;
}

/**
 * The GPU buffer holding a float32 (or int32) tensor (uploaded first if its data is still on the CPU).
 * When `forWrite`, the CPU copy tfjs caches after a read is dropped: it would be stale.
 */
export function gpuBufferOf(b: WebGPUBackendInternals, t: tf.Tensor, forWrite: boolean): GPUBuffer {
  if (t.isDisposed) throw new FulgurRuntimeError("a GPU program was given a disposed tensor");
  if (t.dtype !== "float32" && t.dtype !== "int32") throw new FulgurRuntimeError(`a GPU program expected a float32 or int32 tensor, got ${t.dtype}`);
  b.uploadToGPU(t.dataId);
  const data = b.tensorMap.get(t.dataId);
  if (!(data.resource instanceof GPUBuffer)) throw new FulgurRuntimeError("a GPU program expected a tensor stored in a GPU buffer (not a texture)");
  if (forWrite) {
    data.values = null;
    forgetKnownZero(t.dataId);
  }
  return data.resource;
}

/** How many tensors share this tensor's data (reshape aliases, clones). */
export function sharedCount(b: WebGPUBackendInternals, t: tf.Tensor): number {
  return b.tensorMap.get(t.dataId).refCount;
}
