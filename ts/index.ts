// The runtime-agnostic public API.
export { initWith } from "./init.ts";
export type { InitOptions } from "./init.ts";
