// dtype conversion with tfjs's rules (float → int truncates and wraps like Int32Array
// stores, NaN and ±Inf → 0; anything → bool is x != 0; bool → 0 / 1).
// Codes: 0 float32, 1 int32, 2 bool.

@inline function f32ToI32(x: f32): i32 {
  const v = <f64>x;
  if (!isFinite(v)) return 0;
  const t = trunc(v);
  // beyond 2^63 an f32 is a multiple of 2^40, so its value mod 2^32 is 0
  return abs(t) < 9.223372036854775808e18 ? <i32><i64>t : 0;
}

export function cast(from: i32, to: i32, x: usize, out: usize, n: i32): void {
  if (from == to) { memory.copy(out, x, <usize>n << (from == 2 ? 0 : 2)); return; }
  for (let i = 0; i < n; i++) {
    const s = from == 2 ? x + <usize>i : x + (<usize>i << 2);
    if (to == 2) {
      const nz: bool = from == 0 ? load<f32>(s) != 0 : (from == 1 ? load<i32>(s) != 0 : load<u8>(s) != 0);
      store<u8>(out + <usize>i, nz ? 1 : 0);
    } else if (to == 1) {
      store<i32>(out + (<usize>i << 2), from == 0 ? f32ToI32(load<f32>(s)) : <i32>(load<u8>(s) != 0));
    } else {
      store<f32>(out + (<usize>i << 2), from == 1 ? <f32>load<i32>(s) : <f32>(load<u8>(s) != 0 ? 1 : 0));
    }
  }
}

@inline function f64ToI32(v: f64): i32 {
  if (!isFinite(v)) return 0;
  const t = trunc(v);
  if (abs(t) < 9.223372036854775808e18) return <i32><i64>t;
  return 0; // |t| ≥ 2^63 as a double is a multiple of 2^11·2^52 ≥ 2^32·…: its low 32 bits are 0
}

/** Range: start + i·step in float64, rounded to the output dtype (code 0 float32, 1 int32). */
export function range(to: i32, out: usize, n: i32, start: f64, step: f64): void {
  for (let i = 0; i < n; i++) {
    const v = start + <f64>i * step;
    if (to == 0) store<f32>(out + (<usize>i << 2), <f32>v);
    else store<i32>(out + (<usize>i << 2), f64ToI32(v));
  }
}

/** Single-rounded a·b + c in float32 (what a compiler's fused multiply-add gives). */
function fmaf(a: f32, b: f32, c: f32): f32 {
  const p = <f64>a * <f64>b; // exact: 24 + 24 bits
  const s = p + <f64>c;
  // two-sum error of the float64 addition; when s sits exactly halfway between two float32s,
  // the sign of the error decides the rounding (avoids double rounding)
  const bp = s - <f64>c;
  const err = (p - bp) + (<f64>c - (s - bp));
  const bits = reinterpret<u64>(s);
  if (err != 0 && (bits & 0x1FFFFFFF) == 0x10000000) {
    const up = (err > 0) != (s < 0); // away from zero in magnitude when err has s's sign
    return <f32>reinterpret<f64>(up ? bits + 1 : bits - 1);
  }
  return <f32>s;
}

/**
 * LinSpace as torch 1.13's CPU kernel computes it (AVX2 build, one thread, up to 32768
 * steps): step = (end - start) / (num - 1); element i is start + step·i for i < num/2, else
 * end - step·(num - 1 - i), each a fused multiply-add. The kernel's vector loop does this for
 * the first element of each group of 8 (in pairs of groups) and adds j·step for the other
 * lanes; the tail that does not fill two groups takes the scalar formula.
 */
export function linspace(out: usize, num: i32, start: f32, end: f32): void {
  if (num <= 0) return;
  if (num == 1) { store<f32>(out, start); return; }
  const step: f32 = (end - start) / <f32>(num - 1);
  const half = num / 2;
  let i = 0;
  for (; i + 16 <= num; i += 16) {
    for (let g = i; g < i + 16; g += 8) {
      const base = g < half ? fmaf(step, <f32>g, start) : fmaf(-step, <f32>(num - g - 1), end);
      for (let j = 0; j < 8; j++) store<f32>(out + (<usize>(g + j) << 2), base + <f32>j * step);
    }
  }
  for (; i < num; i++) {
    store<f32>(out + (<usize>i << 2), i < half ? fmaf(step, <f32>i, start) : fmaf(-step, <f32>(num - i - 1), end));
  }
}
