// Public entry for Deno (dist/fulgur.deno.mjs).
import { autoInit, initWith, type InitOptions } from "./init.ts";
import { webThreadHost } from "./runtime/threads_web.ts";
import { setThreadHost } from "./backend/threads/start.ts";
import { loadWasmBytes } from "./runtime/deno.ts";

export * from "./index.ts";

// The CPU backend is ready at import (the bundle carries fulgur.wasm inline).
autoInit();
setThreadHost(webThreadHost); // init({ threads }) starts its workers this way

export function init(opts: InitOptions = {}): Promise<string> {
  return initWith(loadWasmBytes, opts);
}
