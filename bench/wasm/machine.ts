// Machine probes for the benchmark (compiled on its own into build/bench/machine.wasm):
// the f32x4 mul+add issue rate a WASM SIMD kernel can reach, and WASM memory.copy bandwidth.

/**
 * `iters` rounds of 12 independent f32x4 chains a = a*m + c (one mul, one add: WASM SIMD
 * has no FMA). 12 chains cover the mul→add latency so the loop is throughput-bound.
 * 96 flops per round. Returns a lane sum so nothing is optimised away.
 */
export function mulAdd12(iters: i32, m: f32, c: f32): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(c);
  let a0 = f32x4.splat(1.0), a1 = f32x4.splat(1.1), a2 = f32x4.splat(1.2), a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4), a5 = f32x4.splat(1.5), a6 = f32x4.splat(1.6), a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8), a9 = f32x4.splat(1.9), a10 = f32x4.splat(2.0), a11 = f32x4.splat(2.1);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, vm), vc); a1 = f32x4.add(f32x4.mul(a1, vm), vc);
    a2 = f32x4.add(f32x4.mul(a2, vm), vc); a3 = f32x4.add(f32x4.mul(a3, vm), vc);
    a4 = f32x4.add(f32x4.mul(a4, vm), vc); a5 = f32x4.add(f32x4.mul(a5, vm), vc);
    a6 = f32x4.add(f32x4.mul(a6, vm), vc); a7 = f32x4.add(f32x4.mul(a7, vm), vc);
    a8 = f32x4.add(f32x4.mul(a8, vm), vc); a9 = f32x4.add(f32x4.mul(a9, vm), vc);
    a10 = f32x4.add(f32x4.mul(a10, vm), vc); a11 = f32x4.add(f32x4.mul(a11, vm), vc);
  }
  let s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  s = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** Same with 8 chains (fewer live registers, in case V8 spills with 12): 64 flops per round. */
export function mulAdd8(iters: i32, m: f32, c: f32): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(c);
  let a0 = f32x4.splat(1.0), a1 = f32x4.splat(1.1), a2 = f32x4.splat(1.2), a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4), a5 = f32x4.splat(1.5), a6 = f32x4.splat(1.6), a7 = f32x4.splat(1.7);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, vm), vc); a1 = f32x4.add(f32x4.mul(a1, vm), vc);
    a2 = f32x4.add(f32x4.mul(a2, vm), vc); a3 = f32x4.add(f32x4.mul(a3, vm), vc);
    a4 = f32x4.add(f32x4.mul(a4, vm), vc); a5 = f32x4.add(f32x4.mul(a5, vm), vc);
    a6 = f32x4.add(f32x4.mul(a6, vm), vc); a7 = f32x4.add(f32x4.mul(a7, vm), vc);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** memory.copy of n bytes (the bulk-memory instruction V8 lowers to memmove). */
export function copyBytes(dst: usize, src: usize, n: usize): void {
  memory.copy(dst, src, n);
}
