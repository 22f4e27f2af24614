export const FULGUR_WASM = "fulgur-wasm";
