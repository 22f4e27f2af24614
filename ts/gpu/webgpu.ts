/// <reference types="@webgpu/types" />
// Starts tfjs-backend-webgpu. Deno and browsers have a native navigator.gpu; Node and Bun
// get one from a provider (ts/runtime/webgpu_node.ts: Dawn from the `webgpu` package) that
// the runtime entry hands over with setGpuProvider. tfjs-backend-webgpu registers itself
// only if navigator.gpu exists when its module is evaluated, hence the dynamic import.
import { FulgurRuntimeError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { recordAdapter } from "./adapter_kind.ts";
import { WEBGPU } from "./backend_access.ts";
import { checkRequiredKernels } from "./required_kernels.ts";
import { installSyncReadGuard } from "./sync_read_guard.ts";
import { installGpuFinalizer } from "./gpu_finalizer.ts";

export type GpuProvider = () => Promise<GPU | null>;

let provider: GpuProvider | null = null;
let started: Promise<boolean> | null = null;

/** Where a runtime without a native navigator.gpu gets one (Node/Bun: Dawn). */
export function setGpuProvider(p: GpuProvider | null): void {
  provider = p;
  started = null;
}

function nativeGpu(): GPU | null {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu ?? null;
}

function exposeGpu(gpu: GPU): void {
  const g = globalThis as unknown as { navigator?: Record<string, unknown> };
  if (!g.navigator) g.navigator = {};
  if (g.navigator.gpu !== gpu) Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true, writable: true });
}

async function start(): Promise<boolean> {
  const gpu = nativeGpu() ?? (provider ? await provider() : null);
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!gpu || !adapter) return false;
  recordAdapter(adapter);
  exposeGpu(gpu);
  if (!tf.engine().registryFactory[WEBGPU]) await import("@tensorflow/tfjs-backend-webgpu");
  // Small tensors would otherwise run on tfjs's JavaScript CPU kernels: a silent fallback
  // whose exp/log/tanh come from the engine's Math and differ between runtimes.
  tf.env().set("WEBGPU_CPU_FORWARD", false);
  checkRequiredKernels(WEBGPU);
  return true;
}

/**
 * Makes "webgpu" the active tfjs backend. Resolves false (nothing changed) when no WebGPU
 * adapter exists; throws when the backend lacks a kernel fulgur uses.
 */
export async function initWebGPU(): Promise<boolean> {
  started ??= start();
  if (!(await started)) return false;
  if (tf.getBackend() !== WEBGPU && !(await tf.setBackend(WEBGPU))) {
    throw new FulgurRuntimeError("a WebGPU adapter exists but the tfjs \"webgpu\" backend failed to initialise");
  }
  installSyncReadGuard();
  installGpuFinalizer(); // GPU buffers of unreachable tensors go back to the pool (issue 22)
  return true;
}

/** True when the active tfjs backend is tfjs-backend-webgpu. */
export function isWebGPUActive(): boolean {
  return tf.getBackend() === WEBGPU;
}
