// Public entry for Deno (dist/fulgur.deno.mjs).
import { initWith, type InitOptions } from "./init.ts";
import { loadWasmBytes } from "./runtime/deno.ts";

export * from "./index.ts";

export function init(opts: InitOptions = {}): Promise<string> {
  return initWith(loadWasmBytes, opts);
}
