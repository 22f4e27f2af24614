// Scalar float64 math for schedulers and optimizer coefficients. AssemblyScript's
// Math is compiled into this module (a musl port), so every runtime gets the same
// bits — JavaScript's Math.* does not guarantee that.

export function f64_pow(x: f64, y: f64): f64 { return Math.pow(x, y); }
export function f64_exp(x: f64): f64 { return Math.exp(x); }
export function f64_log(x: f64): f64 { return Math.log(x); }
export function f64_cos(x: f64): f64 { return Math.cos(x); }
export function f64_sin(x: f64): f64 { return Math.sin(x); }
export function f64_tanh(x: f64): f64 { return Math.tanh(x); }
export function f64_log1p(x: f64): f64 { return Math.log1p(x); }
export function f64_expm1(x: f64): f64 { return Math.expm1(x); }
export function f64_floor(x: f64): f64 { return Math.floor(x); }
export function f64_sqrt(x: f64): f64 { return Math.sqrt(x); }
