/// <reference types="@webgpu/types" />
// GPU buffers of tensors nobody references any more, freed without dispose() (issue 22): torch
// users drop models and optimizers without a word, and tfjs-backend-webgpu keeps every tensor's
// GPUBuffer in its buffer manager's used list until dispose() — a dropped model leaked its GPU
// memory for the life of the process. fulgur-wasm frees its WASM blocks through a
// FinalizationRegistry (ts/backend/backend_fulgur.ts); this is the same on webgpu: each data id
// the backend stores is registered, and once the GC proves it unreachable (no tf.Tensor, so no
// fulgur Tensor, Parameter or optimizer state refers to it) its buffer goes back to the
// backend's pool. A buffer may still be read by commands encoded but not yet submitted, so the
// release waits for the next queue submission when one is pending.
import * as tf from "@tensorflow/tfjs-core";
import { WEBGPU } from "./backend_access.ts";

/** The parts of tfjs-backend-webgpu's WebGPUBackend this reads (tfjs 4.x). */
interface WebGpuInternals {
  tensorMap: { set(dataId: object, value: TensorData): void; dataIdsCount: number };
  bufferManager: { releaseBuffer(buffer: GPUBuffer, reuse?: boolean): void; numBytesUsed: number };
  commandEncoder: GPUCommandEncoder | null;
  submitQueue(): void;
}

interface TensorData {
  resource?: unknown;
  external?: boolean;
  refCount: number;
}

interface Lost { backend: WebGpuInternals; data: TensorData }

const installed = new WeakSet<object>();
/** Buffers of collected data ids waiting for the queue submission that ends their last use. */
const pending = new Map<WebGpuInternals, GPUBuffer[]>();
let freedBuffers = 0;

function release(backend: WebGpuInternals, buffer: GPUBuffer): void {
  backend.bufferManager.releaseBuffer(buffer);
  freedBuffers++;
}

const lost = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<Lost>(({ backend, data }) => {
    // disposed already (resource null), or not the backend's to free (zero-copy external data)
    const buffer = data.resource;
    if (data.external || typeof GPUBuffer === "undefined" || !(buffer instanceof GPUBuffer)) return;
    data.resource = null;
    backend.tensorMap.dataIdsCount--;
    if (backend.commandEncoder === null) release(backend, buffer);
    else {
      const list = pending.get(backend) ?? [];
      list.push(buffer);
      pending.set(backend, list);
    }
  })
  : null;

/** Registers every data id the webgpu backend stores from now on; releases deferred buffers after each submission. */
export function installGpuFinalizer(): void {
  if (lost === null) return;
  const backend = tf.findBackend(WEBGPU) as unknown as WebGpuInternals | null;
  if (backend === null || installed.has(backend)) return;
  installed.add(backend);
  const storage = backend.tensorMap;
  const set = storage.set;
  storage.set = function (this: typeof storage, dataId: object, value: TensorData): void {
    set.call(this, dataId, value);
    lost.register(dataId, { backend, data: value });
  };
  const submit = backend.submitQueue;
  backend.submitQueue = function (this: WebGpuInternals): void {
    submit.call(this);
    const list = pending.get(backend);
    if (list === undefined) return;
    pending.delete(backend);
    for (const b of list) release(backend, b);
  };
}

/** How many GPU buffers the finalizer has returned to the pool (for tests and docs/MEMORY.md). */
export function gpuBuffersFreedByGc(): number {
  return freedBuffers;
}
