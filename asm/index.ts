// The one WASM module: every exported kernel is listed here, one line per file.
export * from "./memory";
export * from "./scalar";
