// fulgur.wasm as base64, filled in at bundle time (scripts/bundle.mjs, plugin `embedWasm`): a
// bundle carries its own WASM, so importing fulgur needs no file next to it, no fetch and no
// same-origin server. Run from the sources unbundled, this stays empty and init() reads the file.
export const EMBEDDED_WASM_BASE64: string = "";
