// Re-exports kept for older imports: the strided helpers now live in nd_copy.ts (WASM).
export { stridesOf } from "./nd_copy.ts";
