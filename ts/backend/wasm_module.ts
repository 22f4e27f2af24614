// Holds the instantiated fulgur WASM module. Runtime adapters (ts/runtime/*) fetch the
// bytes and call instantiateFulgurWasm; everything else asks for fulgurWasm().
import { FulgurRuntimeError } from "../errors.ts";

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
  const { instance: inst } = await WebAssembly.instantiate(bytes, {
    env: {
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new FulgurRuntimeError(`fulgur.wasm aborted at ${line}:${col}`);
      },
    },
  });
  instance = inst.exports as unknown as FulgurWasmExports;
  return instance;
}

export function fulgurWasm(): FulgurWasmExports {
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
