// Browser adapter: fetches fulgur.wasm from beside the bundle, from the page's own origin.
import { FulgurRuntimeError } from "../errors.ts";

/** Where the browser bundle looks for fulgur.wasm unless told otherwise. */
export function defaultWasmUrl(): URL {
  return new URL("./fulgur.wasm", import.meta.url);
}

export async function loadWasmBytes(wasmUrl: string | URL = defaultWasmUrl()): Promise<ArrayBuffer> {
  const base = typeof location !== "undefined" ? location.href : import.meta.url;
  const url = new URL(wasmUrl, base);
  // The module carries the numeric kernels: never take it from a foreign origin.
  if (typeof location !== "undefined" && url.origin !== location.origin) {
    throw new FulgurRuntimeError(`fulgur.wasm must come from the page's origin ${location.origin}, not ${url.origin}`);
  }
  const res = await fetch(url);
  if (!res.ok) throw new FulgurRuntimeError(`could not fetch ${url.href}: HTTP ${res.status} (serve fulgur.wasm beside fulgur.browser.mjs)`);
  return res.arrayBuffer();
}

export const now = (): number => performance.now();
