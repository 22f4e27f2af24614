// Public entry for Node and Bun.
import { initWith, type InitOptions } from "./init.ts";
import { loadWasmBytes } from "./runtime/node.ts";

export * from "./index.ts";

export function init(opts: InitOptions = {}): Promise<string> {
  return initWith(loadWasmBytes, opts);
}
