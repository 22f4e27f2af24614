// Public entry for browsers (dist/fulgur.browser.mjs).
import { initWith, type InitOptions } from "./init.ts";
import { loadWasmBytes } from "./runtime/browser.ts";

export * from "./index.ts";

export interface BrowserInitOptions extends InitOptions {
  /** Where fulgur.wasm lives (same origin as the page); default: beside the bundle. */
  wasmUrl?: string | URL;
}

export function init(opts: BrowserInitOptions = {}): Promise<string> {
  const { wasmUrl, ...rest } = opts;
  return initWith(() => loadWasmBytes(wasmUrl), rest);
}
