// Public entry for Node and Bun.
import { initWith, type InitOptions } from "./init.ts";
import { setGpuProvider } from "./gpu/webgpu.ts";
import { loadWasmBytes } from "./runtime/node.ts";
import { nodeWebGPU } from "./runtime/webgpu_node.ts";

export * from "./index.ts";

/**
 * Loads fulgur.wasm and activates a tfjs backend: "fulgur-wasm" (default), any registered one,
 * or "webgpu" (Dawn from the optional `webgpu` package, a software Vulkan driver when there is
 * no GPU). Dawn is only loaded when WebGPU is requested — here or by a Trainer's accelerator.
 */
export function init(opts: InitOptions = {}): Promise<string> {
  setGpuProvider(nodeWebGPU);
  return initWith(loadWasmBytes, opts);
}
