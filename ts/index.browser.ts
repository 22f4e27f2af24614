// Public entry for browsers (dist/fulgur.browser.mjs).
import { autoInit, initWith, type InitOptions } from "./init.ts";
import { webThreadHost } from "./runtime/threads_web.ts";
import { setThreadHost } from "./backend/threads/start.ts";
import { loadWasmBytes } from "./runtime/browser.ts";

export * from "./index.ts";

// The CPU backend is ready at import (the bundle carries fulgur.wasm inline).
setThreadHost(webThreadHost); // the pool's workers start this way (before autoInit: threads by default)
autoInit();
// Checkpoints: a Trainer here stores string paths in IndexedDB (IndexedDBCheckpointIO, from ./index.ts).
export { downloadCheckpoint, type DownloadCheckpointOptions } from "./runtime/browser_download.ts";

export interface BrowserInitOptions extends InitOptions {
  /**
   * Only for a bundle built without the inlined WASM (fulgur's own bundles carry it, so this is
   * ignored there): where fulgur.wasm lives (same origin as the page); default: beside the bundle.
   */
  wasmUrl?: string | URL;
}

export function init(opts: BrowserInitOptions = {}): Promise<string> {
  const { wasmUrl, ...rest } = opts;
  return initWith(() => loadWasmBytes(wasmUrl), rest);
}
