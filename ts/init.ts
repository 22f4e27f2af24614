// Runtime-agnostic start-up: each runtime entry passes its own wasm loader.
import * as tf from "@tensorflow/tfjs-core";
import { instantiateFulgurWasm } from "./backend/wasm_module.ts";
import { registerFulgurWasmBackend } from "./backend/register.ts";
import { FulgurRuntimeError } from "./errors.ts";

export interface InitOptions {
  /** tfjs backend to run on: "fulgur-wasm" (default), or any registered backend ("cpu", "webgpu"). */
  backend?: string;
}

export async function initWith(loadWasmBytes: () => Promise<BufferSource>, opts: InitOptions = {}): Promise<string> {
  // The WASM module is always loaded: scalar math (schedulers, optimizer coefficients)
  // runs there on every backend so the numbers agree across runtimes.
  await instantiateFulgurWasm(await loadWasmBytes());
  registerFulgurWasmBackend();
  const name = opts.backend ?? "fulgur-wasm";
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new FulgurRuntimeError(`tfjs backend "${name}" could not be initialised (registered: ${Object.keys(tf.engine().registryFactory).join(", ")})`);
  }
  return name;
}
