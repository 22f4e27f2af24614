// Public entry for Node and Bun.
import { initWith, type InitOptions } from "./init.ts";
import { FULGUR_WASM } from "./backend/backend_name.ts";
import { FulgurRuntimeError } from "./errors.ts";
import { initWebGPU, setGpuProvider } from "./gpu/webgpu.ts";
import { loadWasmBytes } from "./runtime/node.ts";
import { nodeWebGPU } from "./runtime/webgpu_node.ts";

export * from "./index.ts";

/**
 * Loads fulgur.wasm and activates a tfjs backend: "fulgur-wasm" (default), any registered one,
 * or "webgpu" (Dawn from the optional `webgpu` package, a software Vulkan driver when there is
 * no GPU). Dawn is only loaded when WebGPU is requested — here or by a Trainer's accelerator.
 */
export async function init(opts: InitOptions = {}): Promise<string> {
  setGpuProvider(nodeWebGPU);
  if (opts.backend !== "webgpu") return initWith(loadWasmBytes, opts);
  await initWith(loadWasmBytes, { ...opts, backend: FULGUR_WASM });
  if (!(await initWebGPU())) {
    throw new FulgurRuntimeError(
      "init({ backend: \"webgpu\" }): no WebGPU adapter could be created (install the optional `webgpu` package; " +
        "without a GPU a software Vulkan driver such as Chromium's SwiftShader is needed)",
    );
  }
  return "webgpu";
}
