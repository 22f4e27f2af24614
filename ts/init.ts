// Runtime-agnostic start-up: each runtime entry passes its own wasm loader.
import * as tf from "@tensorflow/tfjs-core";
import { instantiateFulgurWasm } from "./backend/wasm_module.ts";
import { registerFulgurWasmBackend } from "./backend/register.ts";
import { FULGUR_WASM } from "./backend/backend_name.ts";
import { FulgurRuntimeError } from "./errors.ts";
import { initWebGPU } from "./gpu/webgpu.ts";

export interface InitOptions {
  /** tfjs backend to run on: "fulgur-wasm" (default), or any registered backend ("cpu", "webgpu"). */
  backend?: string;
}

export async function initWith(loadWasmBytes: () => Promise<BufferSource>, opts: InitOptions = {}): Promise<string> {
  // The WASM module is always loaded: scalar math (schedulers, optimizer coefficients)
  // runs there on every backend so the numbers agree across runtimes.
  await instantiateFulgurWasm(await loadWasmBytes());
  registerFulgurWasmBackend();
  const name = opts.backend ?? FULGUR_WASM;
  if (name === "webgpu") {
    // fulgur-wasm stays registered underneath (scalar math, data not yet on the GPU).
    await tf.setBackend(FULGUR_WASM);
    if (!(await initWebGPU())) {
      throw new FulgurRuntimeError(
        "init({ backend: \"webgpu\" }): no WebGPU adapter could be created (browsers: navigator.gpu; Deno: " +
          "--unstable-webgpu; Node/Bun: the optional `webgpu` package, with a software Vulkan driver such as " +
          "Chromium's SwiftShader when there is no GPU)",
      );
    }
    return name;
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new FulgurRuntimeError(`tfjs backend "${name}" could not be initialised (registered: ${Object.keys(tf.engine().registryFactory).join(", ")})`);
  }
  return name;
}
