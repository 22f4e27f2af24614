// Public entry for Deno (dist/fulgur.deno.mjs).
import { autoInit, initWith, type InitOptions } from "./init.ts";
import { nodeThreadHost } from "./runtime/threads_node.ts";
import { setThreadHost } from "./backend/threads/start.ts";
import { loadWasmBytes } from "./runtime/deno.ts";

export * from "./index.ts";

// The CPU backend is ready at import (the bundle carries fulgur.wasm inline).
setThreadHost(nodeThreadHost); // node:worker_threads: its Worker has unref(), so idle workers let Deno exit
autoInit();

export function init(opts: InitOptions = {}): Promise<string> {
  return initWith(loadWasmBytes, opts);
}
