// Fused multiply-add with one rounding, as torch's AVX2 build computes `a * b + c` (GCC contracts
// it into an FMA instruction). WebAssembly has no deterministic FMA, so it is emulated exactly.

/** fmaf(a, b, c), correctly rounded. a*b is exact in f64; the sum's error decides ties. */
@inline export function fma32(a: f32, b: f32, c: f32): f32 {
  const p = <f64>a * <f64>b;
  const cc = <f64>c;
  const s = p + cc;
  const bb = s - p;
  const err = (p - (s - bb)) + (cc - bb);
  if (err == 0) return <f32>s;
  // s sits exactly halfway between two floats while the exact sum does not: nudge s one f64 ulp
  // towards the exact value so the f32 rounding sees the right side of the tie.
  let bits = reinterpret<u64>(s);
  if ((bits & 0x1fffffff) == 0x10000000) {
    const up = (err > 0) == (s > 0);
    bits = up ? bits + 1 : bits - 1;
    return <f32>reinterpret<f64>(bits);
  }
  return <f32>s;
}

/** fma(a, b, c) in f64, correctly rounded (Dekker/Veltkamp products + TwoSum). */
export function fma64(a: f64, b: f64, c: f64): f64 {
  const p = a * b;
  if (!isFinite(p) || p == 0 || c == 0) return p + c;
  // exact product p + e
  const SPLIT: f64 = 134217729.0; // 2^27 + 1
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  // s + r = p + c exactly, then add e
  const s = p + c;
  const bv = s - p;
  const r = (p - (s - bv)) + (c - bv);
  const tail = r + e;
  return s + tail;
}
