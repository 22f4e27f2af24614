// Public entry for Deno (dist/fulgur.deno.mjs).
import { autoInit, initWith, type InitOptions } from "./init.ts";
import { loadWasmBytes } from "./runtime/deno.ts";

export * from "./index.ts";

// The CPU backend is ready at import (the bundle carries fulgur.wasm inline).
autoInit();

export function init(opts: InitOptions = {}): Promise<string> {
  return initWith(loadWasmBytes, opts);
}
