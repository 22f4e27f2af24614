// Deno adapter: reads fulgur.wasm from beside the bundle (file: URLs) or fetches it
// (an http(s): import such as a CDN copy of the bundle).
import { FulgurRuntimeError } from "../errors.ts";

// Only the two Deno calls we use, so the sources type-check without Deno's lib.
declare const Deno: { readFile(path: URL): Promise<Uint8Array<ArrayBuffer>> };

export async function loadWasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const url = new URL("./fulgur.wasm", import.meta.url);
  if (url.protocol === "file:") {
    try {
      return await Deno.readFile(url);
    } catch (e) {
      throw new FulgurRuntimeError(`fulgur.wasm not found at ${url.href}: run \`npm run build\` (${(e as Error).message})`);
    }
  }
  const res = await fetch(url);
  if (!res.ok) throw new FulgurRuntimeError(`could not fetch ${url.href}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export const now = (): number => performance.now();
