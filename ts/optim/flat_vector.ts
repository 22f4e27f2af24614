// Float32 vector helpers for LBFGS, rounding like torch's float32 tensor ops: every
// elementwise result is rounded to float32; dot products and sums accumulate in float64 in
// index order (deterministic on every engine) and round once, as a 0-dim float32 tensor.
const f = Math.fround;

export function dot(a: Float32Array, b: Float32Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i] * b[i];
  return f(acc);
}

export function absSum(a: Float32Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += Math.abs(a[i]);
  return f(acc);
}

export function absMax(a: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i]);
    if (x > m || x !== x) m = x;
  }
  return m;
}

export function neg(a: Float32Array): Float32Array {
  return a.map((x) => -x);
}

/** a * s with s a Python float or 0-dim float32 tensor (cast to float32 first). */
export function scale(a: Float32Array, s: number): Float32Array {
  const sf = f(s);
  return a.map((x) => x * sf);
}

export function sub(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x - b[i]);
}

/** a.add_(b, alpha): a = a + alpha*b in place. */
export function addScaledInPlace(a: Float32Array, b: Float32Array, alpha: number): void {
  const af = f(alpha);
  for (let i = 0; i < a.length; i++) a[i] = a[i] + f(af * b[i]);
}
