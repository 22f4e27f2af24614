// Registers the "fulgur-wasm" tfjs backend and its kernels (idempotent).
import * as tf from "@tensorflow/tfjs-core";
import { BackendFulgur } from "./backend_fulgur.ts";
import { FULGUR_WASM } from "./backend_name.ts";
import { fulgurWasm, type FulgurWasmExports } from "./wasm_module.ts";
import { allKernels } from "./kernels/all_kernels.ts";

// Above cpu (1), webgl/wasm (2) and webgpu (3): fulgur-wasm is the default backend.
const PRIORITY = 10;

type TaggedFactory = (() => BackendFulgur) & { fulgurWasm?: FulgurWasmExports };

export function registerFulgurWasmBackend(): void {
  const wasm = fulgurWasm();
  const existing = tf.findBackendFactory(FULGUR_WASM) as TaggedFactory | null;
  // tfjs keeps its engine on globalThis: when a second bundled copy of fulgur runs in the same
  // process (bun test runs every file in one), the backend must use *this* copy's WASM instance,
  // or tensorPtr would point into another module's memory.
  if (existing != null && existing.fulgurWasm !== wasm) tf.removeBackend(FULGUR_WASM);
  if (tf.findBackendFactory(FULGUR_WASM) == null) {
    const factory: TaggedFactory = () => new BackendFulgur(factory.fulgurWasm ?? wasm);
    factory.fulgurWasm = wasm;
    tf.registerBackend(FULGUR_WASM, factory, PRIORITY);
  }
  for (const config of allKernels) {
    const k = { ...config, backendName: FULGUR_WASM };
    if (tf.getKernel(k.kernelName, FULGUR_WASM) == null) tf.registerKernel(k);
  }
}

/**
 * Points the registered backend (and the one already made, with its tensors) at another instance
 * of the module whose memory holds a byte-for-byte copy of the old one (init({ threads })).
 */
export function retargetFulgurWasmBackend(next: FulgurWasmExports): void {
  const factory = tf.findBackendFactory(FULGUR_WASM) as TaggedFactory | null;
  if (factory != null) factory.fulgurWasm = next;
  const made = (tf.engine().registry as Record<string, unknown>)[FULGUR_WASM] as { wasm: FulgurWasmExports } | undefined;
  if (made !== undefined) made.wasm = next;
}
