// Public entry for Node and Bun.
import { autoInit, initWith, type InitOptions } from "./init.ts";
import { serverThreadHost } from "./runtime/threads_node.ts";
import { setThreadHost } from "./backend/threads/start.ts";
import { setGpuProvider } from "./gpu/webgpu.ts";
import { loadWasmBytes } from "./runtime/node.ts";
import { nodeWebGPU } from "./runtime/webgpu_node.ts";

export * from "./index.ts";

// At import: WebGPU on demand (init or a Trainer's accelerator), the CPU backend at once.
setGpuProvider(nodeWebGPU);
setThreadHost(serverThreadHost()); // the pool's workers start this way (before autoInit: threads by default)
autoInit();

/**
 * Chooses the backend: "fulgur-wasm" (the default, ready at import; alias "wasm"), "webgpu"
 * (Dawn from the optional `webgpu` package, a software Vulkan driver when there is no GPU) or
 * "cpu" (tfjs's JavaScript backend, if registered). Not needed for the default backend; Dawn is
 * only loaded when WebGPU is requested — here or by a Trainer's accelerator.
 */
export function init(opts: InitOptions = {}): Promise<string> {
  setGpuProvider(nodeWebGPU);
  return initWith(loadWasmBytes, opts);
}
