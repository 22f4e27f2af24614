// Shared set-up for the GPU tests: Node only (Dawn from the `webgpu` package); a reason to
// skip when another runtime runs the bundle or no WebGPU adapter can be created.
import * as tf from "@tensorflow/tfjs-core";
// init without index.node.ts: these tests need no trainer, so they build while it changes
import { initWith } from "../../ts/init.ts";
import { loadWasmBytes } from "../../ts/runtime/node.ts";
import { initWebGPU, setGpuProvider } from "../../ts/gpu/webgpu.ts";
import { nodeWebGPU } from "../../ts/runtime/webgpu_node.ts";
import { FULGUR_WASM } from "../../ts/backend/backend_name.ts";

/** null when webgpu is ready (and active), else why the GPU tests are skipped. */
export async function setupGpu(): Promise<string | null> {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (g.Deno !== undefined || g.Bun !== undefined) return "GPU tests run under Node only (Dawn via the webgpu package)";
  await initWith(loadWasmBytes);
  setGpuProvider(nodeWebGPU);
  if (!(await initWebGPU())) return "no WebGPU adapter could be created";
  return null;
}

/** Runs fn with `backend` active, then switches back to webgpu. */
export async function on<T>(backend: string, fn: () => T | Promise<T>): Promise<T> {
  await tf.setBackend(backend);
  try {
    return await fn();
  } finally {
    await tf.setBackend("webgpu");
  }
}

export const onWasm = <T>(fn: () => T | Promise<T>) => on(FULGUR_WASM, fn);

/** |a-b| <= atol + rtol*|b| everywhere; names the first offender. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`${what}: element ${i} is ${a}, expected ${e} (diff ${Math.abs(a - e)})`);
    }
  }
}

/** Deterministic pseudo-random floats in [-1, 1) (no Math.random: runs must repeat). */
export function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Dispatches recorded while fn runs: bind groups the webgpu device creates (one per dispatch, tfjs's and fulgur's). */
export function countDispatches(fn: () => void): number {
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  const create = device.createBindGroup;
  let n = 0;
  device.createBindGroup = function (this: GPUDevice, d: GPUBindGroupDescriptor) {
    n++;
    return create.call(this, d);
  };
  try {
    fn();
  } finally {
    device.createBindGroup = create;
  }
  return n;
}
