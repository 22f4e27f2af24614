// Plain per-tensor TypeScript references of torch 1.13's single-tensor optimizer updates,
// written straight from torch/optim/*.py with Math.fround after every float32 tensor op
// (and no fused multiply-add), to check the fused WASM kernels bit for bit.
export const f = Math.fround;

export interface RefParam {
  p: Float32Array;
  g: Float32Array;
  state: Record<string, Float32Array | number | null>;
}

/** tensor.add(other, alpha): a + alpha*b, alpha cast to float32. */
export const addA = (a: number, b: number, alpha: number): number => f(a + f(f(alpha) * b));
/** tensor.addcmul_(t1, t2, value): self + (value*t1)*t2. */
export const addcmul = (s: number, t1: number, t2: number, value: number): number => f(s + f(f(f(value) * t1) * t2));
/** tensor.addcdiv_(t1, t2, value): self + (value*t1)/t2. */
export const addcdiv = (s: number, t1: number, t2: number, value: number): number => f(s + f(f(f(value) * t1) / t2));
export const mul = (a: number, b: number): number => f(a * f(b));
export const div = (a: number, b: number): number => f(a / f(b));
export const sqrt = (a: number): number => f(Math.sqrt(a));

export function buf(s: RefParam, key: string, n: number, fill = 0): Float32Array {
  let b = s.state[key];
  if (!(b instanceof Float32Array)) {
    b = new Float32Array(n).fill(fill);
    s.state[key] = b;
  }
  return b;
}
