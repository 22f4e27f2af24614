// Holds the instantiated fulgur WASM module. Runtime adapters (ts/runtime/*) fetch the
// bytes and call instantiateFulgurWasm; everything else asks for fulgurWasm().
import { FulgurRuntimeError } from "../errors.ts";
import { EMBEDDED_WASM_BASE64 } from "./embedded_wasm.ts";

export interface FulgurWasmExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  dealloc(ptr: number): void;
  f64_pow(x: number, y: number): number;
  f64_exp(x: number): number;
  f64_log(x: number): number;
  f64_cos(x: number): number;
  f64_sin(x: number): number;
  f64_tanh(x: number): number;
  f64_log1p(x: number): number;
  f64_expm1(x: number): number;
  f64_floor(x: number): number;
  f64_sqrt(x: number): number;
  // Kernels are looked up by name: (exports as any)[name]. Each kernel file in asm/
  // documents its exports' signatures.
  [kernel: string]: unknown;
}

let instance: FulgurWasmExports | null = null;

export async function instantiateFulgurWasm(bytes: BufferSource): Promise<FulgurWasmExports> {
  if (instance) return instance;
  const { instance: inst } = await WebAssembly.instantiate(bytes, imports);
  instance = inst.exports as unknown as FulgurWasmExports;
  return instance;
}

const imports = {
  env: {
    abort(_msg: number, _file: number, line: number, col: number) {
      throw new FulgurRuntimeError(`fulgur.wasm aborted at ${line}:${col}`);
    },
  },
};

/** True when this bundle carries fulgur.wasm inline (every bundle built by scripts/bundle.mjs). */
export function hasEmbeddedWasm(): boolean {
  return EMBEDDED_WASM_BASE64.length > 0;
}

/**
 * Compiles the inlined module synchronously (a few ms for ~60 KB), so the CPU backend is ready
 * at import without `await init()`. Browsers allow synchronous compiles of this size on the
 * main thread (Chromium's limit is 8 MB).
 */
export function instantiateEmbeddedWasm(): FulgurWasmExports | null {
  if (instance) return instance;
  if (!hasEmbeddedWasm()) return null;
  const bin = atob(EMBEDDED_WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as unknown as FulgurWasmExports;
  return instance;
}

/**
 * Swaps in another instance of the module (init({ threads }): the same code over a shared
 * memory, ts/backend/threads/start.ts). Tensors made before live in the old memory.
 */
export function replaceFulgurWasm(next: FulgurWasmExports): void {
  instance = next;
}

export function fulgurWasm(): FulgurWasmExports {
  if (!instance) instantiateEmbeddedWasm();
  if (!instance) {
    throw new FulgurRuntimeError("fulgur's WASM module is not loaded: call `await init()` from 'fulgur' first");
  }
  return instance;
}

export function isFulgurWasmLoaded(): boolean {
  return instance !== null;
}

let f32: Float32Array | null = null;
let f64: Float64Array | null = null;
let i32: Int32Array | null = null;

/** Float32 view of the whole WASM memory; re-created after the memory grew. */
export function heapF32(): Float32Array {
  const buf = fulgurWasm().memory.buffer;
  if (!f32 || f32.buffer !== buf) f32 = new Float32Array(buf);
  return f32;
}
export function heapF64(): Float64Array {
  const buf = fulgurWasm().memory.buffer;
  if (!f64 || f64.buffer !== buf) f64 = new Float64Array(buf);
  return f64;
}
export function heapI32(): Int32Array {
  const buf = fulgurWasm().memory.buffer;
  if (!i32 || i32.buffer !== buf) i32 = new Int32Array(buf);
  return i32;
}
