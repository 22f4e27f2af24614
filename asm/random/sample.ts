// torch 1.13's CPU sampling code (core/TransformationHelper.h, core/DistributionsHelper.h,
// native/cpu/DistributionTemplates.h, TensorFactories.cpp's randperm) over the engine in
// ./engine. Every kernel draws in torch's order (element 0 first), so the numbers are torch's.
import { nextU32, nextU64, OFF_HAS_DOUBLE, OFF_DOUBLE } from "./engine";
import { fma32, fma64 } from "./fma";
import { log256, sincos256, sinOut, cosOut } from "./avx2_math";

const F32_DIV: f32 = <f32>1.0 / <f32>16777216.0; // 2^-24
const F64_DIV: f64 = 1.0 / 9007199254740992.0;   // 2^-53

/** uniform_real<float>(random(), 0, 1): 24 random bits. */
@inline function uniformF32(g: usize): f32 {
  return <f32>(nextU32(g) & 0xffffff) * F32_DIV;
}

/** uniform_real<double>(random64(), 0, 1): 53 random bits. */
@inline function uniformF64(g: usize): f64 {
  return <f64>(nextU64(g) & 0x1fffffffffffff) * F64_DIV;
}

/** uniform_(from, to) on float32: x * (to - from) + from, contracted to one FMA as torch's build. */
export function rng_uniform_f32(g: usize, out: usize, n: i32, from: f32, to: f32): void {
  const range = to - from;
  for (let i: i32 = 0; i < n; i++) store<f32>(out + (<usize>i << 2), fma32(uniformF32(g), range, from));
}

/** at::normal_distribution<double> (Box–Muller, the second sample cached in the generator). */
function normalF64(g: usize, mean: f64, std: f64): f64 {
  if (load<i32>(g + OFF_HAS_DOUBLE) != 0) {
    store<i32>(g + OFF_HAS_DOUBLE, 0);
    return fma64(load<f64>(g + OFF_DOUBLE), std, mean);
  }
  const u1 = uniformF64(g);
  const u2 = uniformF64(g);
  const r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
  const theta = 2.0 * Math.PI * u1;
  store<f64>(g + OFF_DOUBLE, r * Math.sin(theta));
  store<i32>(g + OFF_HAS_DOUBLE, 1);
  return fma64(r * Math.cos(theta), std, mean);
}

/** normal_fill_16_AVX2: u1 = 1 - data[j], u2 = data[j + 8], eight pairs in place. */
function fill16(p: usize, mean: f32, std: f32): void {
  const twoPi = <f32>(2.0 * Math.PI);
  for (let j: usize = 0; j < 8; j++) {
    const a = p + (j << 2);
    const b = a + 32;
    const u1 = <f32>1 - load<f32>(a);
    const u2 = load<f32>(b);
    const radius = Mathf.sqrt(<f32>-2 * log256(u1));
    sincos256(twoPi * u2);
    store<f32>(a, fma32(radius * cosOut, std, mean));
    store<f32>(b, fma32(radius * sinOut, std, mean));
  }
}

/**
 * normal_(mean, std) on a contiguous float32 tensor: n >= 16 takes normal_fill (uniforms first,
 * Box–Muller in blocks of 16; a tail recomputes the last 16 from fresh uniforms), smaller
 * tensors the scalar normal_distribution<double> path.
 */
export function rng_normal_f32(g: usize, out: usize, n: i32, mean: f64, std: f64): void {
  if (n >= 16) {
    for (let i: i32 = 0; i < n; i++) store<f32>(out + (<usize>i << 2), uniformF32(g));
    const m = <f32>mean, s = <f32>std;
    for (let i: i32 = 0; i < n - 15; i += 16) fill16(out + (<usize>i << 2), m, s);
    if (n % 16 != 0) {
      const tail = out + (<usize>(n - 16) << 2);
      for (let i: usize = 0; i < 16; i++) store<f32>(tail + (i << 2), uniformF32(g));
      fill16(tail, m, s);
    }
    return;
  }
  for (let i: i32 = 0; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>normalF64(g, mean, std));
}

/**
 * random_(from, to) / randint: uniform_int_from_to (val % range + base). int64 and float draw
 * random64() when range >= 2^32; int64 results are stored as int32 (wrapping, as a cast would).
 */
export function rng_random_from_to(g: usize, out: usize, n: i32, range: f64, base: f64, asFloat: i32): void {
  const r = <u64>range;
  const b = <i64>base;
  const wide = r >= (<u64>1 << 32);
  for (let i: i32 = 0; i < n; i++) {
    const v = wide ? nextU64(g) : <u64>nextU32(g);
    const x = <i64>(v % r) + b;
    if (asFloat != 0) store<f32>(out + (<usize>i << 2), <f32>x);
    else store<i32>(out + (<usize>i << 2), <i32>x);
  }
}

/** random_() with no bounds: int64 takes random64() % 2^63 (stored as int32), float32 random() % (2^24 + 1). */
export function rng_random_default(g: usize, out: usize, n: i32, asFloat: i32): void {
  for (let i: i32 = 0; i < n; i++) {
    if (asFloat != 0) store<f32>(out + (<usize>i << 2), <f32>(nextU32(g) % 16777217));
    else store<i32>(out + (<usize>i << 2), <i32>(nextU64(g) % (<u64>1 << 63)));
  }
}

/** randperm_cpu (1.13, every n): swap r[i] with r[i + random() % (n - i)] for i < n - 1. */
export function rng_randperm(g: usize, out: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i++) store<i32>(out + (<usize>i << 2), i);
  for (let i: i32 = 0; i < n - 1; i++) {
    const z = <i32>(<u64>nextU32(g) % <u64>(n - i));
    const a = out + (<usize>i << 2), b = out + (<usize>(z + i) << 2);
    const t = load<i32>(a);
    store<i32>(a, load<i32>(b));
    store<i32>(b, t);
  }
}

/** bernoulli_(p) with a scalar p (non-MKL build): bernoulli_distribution<double>, one random64 each. */
export function rng_bernoulli_scalar(g: usize, out: usize, n: i32, p: f64): void {
  for (let i: i32 = 0; i < n; i++) store<f32>(out + (<usize>i << 2), uniformF64(g) < p ? 1 : 0);
}

/** bernoulli(probs) with float32 probabilities: bernoulli_distribution<float>, one random() each. */
export function rng_bernoulli_tensor(g: usize, out: usize, probs: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i++) {
    const p = load<f32>(probs + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), uniformF32(g) < p ? 1 : 0);
  }
}

/** exponential_(lambd): exponential_distribution<double>, -1/lambd * log(1 - u). */
export function rng_exponential_f32(g: usize, out: usize, n: i32, lambd: f64): void {
  for (let i: i32 = 0; i < n; i++) {
    const u = uniformF64(g);
    store<f32>(out + (<usize>i << 2), <f32>(-1.0 / lambd * Math.log(1.0 - u)));
  }
}
