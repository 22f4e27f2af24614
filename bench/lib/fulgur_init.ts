// Starts fulgur-wasm without pulling in the whole public API (cases that need only the
// backend, autograd or optim stay independent of the trainer layer).
import { initWith, type BackendName } from "../../ts/init.ts";
import { loadWasmBytes } from "../../ts/runtime/node.ts";

export function initFulgur(backend: BackendName = "fulgur-wasm"): Promise<string> {
  return initWith(loadWasmBytes, { backend });
}
