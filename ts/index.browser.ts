// Public entry for browsers (dist/fulgur.browser.mjs).
import { initWith, type InitOptions } from "./init.ts";
import { loadWasmBytes } from "./runtime/browser.ts";

export * from "./index.ts";
// Checkpoints: a Trainer here stores string paths in IndexedDB (IndexedDBCheckpointIO, from ./index.ts).
export { downloadCheckpoint, type DownloadCheckpointOptions } from "./runtime/browser_download.ts";

export interface BrowserInitOptions extends InitOptions {
  /** Where fulgur.wasm lives (same origin as the page); default: beside the bundle. */
  wasmUrl?: string | URL;
}

export function init(opts: BrowserInitOptions = {}): Promise<string> {
  const { wasmUrl, ...rest } = opts;
  return initWith(() => loadWasmBytes(wasmUrl), rest);
}
