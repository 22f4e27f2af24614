// Deterministic float64 transcendentals (computed in WASM, never Math.*). Schedulers and
// optimizer coefficients use these so every runtime produces the same bits.
import { fulgurWasm } from "./wasm_module.ts";

export const pow = (x: number, y: number): number => fulgurWasm().f64_pow(x, y);
export const exp = (x: number): number => fulgurWasm().f64_exp(x);
export const log = (x: number): number => fulgurWasm().f64_log(x);
export const cos = (x: number): number => fulgurWasm().f64_cos(x);
export const sin = (x: number): number => fulgurWasm().f64_sin(x);
export const tanh = (x: number): number => fulgurWasm().f64_tanh(x);
export const log1p = (x: number): number => fulgurWasm().f64_log1p(x);
export const expm1 = (x: number): number => fulgurWasm().f64_expm1(x);
// sqrt and floor are exact in IEEE 754 on every engine; kept here so callers use one module.
export const sqrt = (x: number): number => Math.sqrt(x);
export const floor = (x: number): number => Math.floor(x);
