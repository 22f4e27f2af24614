// Node and Bun adapter: reads fulgur.wasm from beside the bundle.
import { readFile } from "node:fs/promises";
import { FulgurRuntimeError } from "../errors.ts";

export async function loadWasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const candidates = [
    new URL("./fulgur.wasm", import.meta.url),
    new URL("../fulgur.wasm", import.meta.url),
    new URL("../build/fulgur.wasm", import.meta.url),
  ];
  for (const url of candidates) {
    try {
      // readFile gives a Buffer over a plain (never shared) ArrayBuffer.
      return (await readFile(url)) as Uint8Array<ArrayBuffer>;
    } catch {
      // try the next place
    }
  }
  throw new FulgurRuntimeError(`fulgur.wasm not found next to ${import.meta.url}: run \`npm run build\``);
}

export const now = (): number => performance.now();
