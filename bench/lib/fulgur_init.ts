// Starts fulgur-wasm without pulling in the whole public API (cases that need only the
// backend, autograd or optim stay independent of the trainer layer).
import { initWith, type BackendName } from "../../ts/init.ts";
import process from "node:process";
import { loadWasmBytes } from "../../ts/runtime/node.ts";

// THREADS=n in the environment picks the pool size (default: the cores, as init() does).
export function initFulgur(backend: BackendName = "fulgur-wasm"): Promise<string> {
  const threads = process.env.THREADS === undefined ? undefined : Number(process.env.THREADS);
  return initWith(loadWasmBytes, threads === undefined ? { backend } : { backend, threads });
}
