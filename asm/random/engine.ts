// torch 1.13's CPU generator: at::mt19937 (aten/src/ATen/core/MT19937RNGEngine.h) plus the two
// cached Box–Muller samples of CPUGeneratorImpl. One generator is one block of linear memory
// (the JS side allocates it); the layout is fixed so the state can be copied out and back in.
//
//   [0, 2496)  u32 state[624]      2496 i32 left      2500 i32 next     2504 u64 seed
//   2512 i32 has next double normal   2520 f64 next double normal
//   2528 i32 has next float normal    2532 f32 next float normal

const N: i32 = 624;
const M: i32 = 397;
const MATRIX_A: u32 = 0x9908b0df;
const UMASK: u32 = 0x80000000;
const LMASK: u32 = 0x7fffffff;

export const OFF_LEFT: usize = 2496;
export const OFF_NEXT: usize = 2500;
export const OFF_SEED: usize = 2504;
export const OFF_HAS_DOUBLE: usize = 2512;
export const OFF_DOUBLE: usize = 2520;
export const OFF_HAS_FLOAT: usize = 2528;
export const OFF_FLOAT: usize = 2532;
const STATE_BYTES: usize = 2536;

export function rng_state_bytes(): usize {
  return STATE_BYTES;
}

/** torch.manual_seed / CPUGeneratorImpl::set_current_seed: init_with_uint32 and the normal caches cleared. */
export function rng_seed(g: usize, lo: u32, hi: u32): void {
  store<u64>(g + OFF_SEED, (<u64>hi << 32) | <u64>lo);
  let prev = lo; // state_[0] = seed & 0xffffffff
  store<u32>(g, prev);
  for (let j: i32 = 1; j < N; j++) {
    prev = 1812433253 * (prev ^ (prev >> 30)) + <u32>j;
    store<u32>(g + (<usize>j << 2), prev);
  }
  store<i32>(g + OFF_LEFT, 1);
  store<i32>(g + OFF_NEXT, 0);
  store<i32>(g + OFF_HAS_DOUBLE, 0);
  store<f64>(g + OFF_DOUBLE, 0);
  store<i32>(g + OFF_HAS_FLOAT, 0);
  store<f32>(g + OFF_FLOAT, 0);
}

@inline function twist(u: u32, v: u32): u32 {
  return (((u & UMASK) | (v & LMASK)) >> 1) ^ ((v & 1) != 0 ? MATRIX_A : 0);
}

function nextState(g: usize): void {
  store<i32>(g + OFF_LEFT, N);
  store<i32>(g + OFF_NEXT, 0);
  let j: i32 = 0;
  for (; j < N - M; j++) {
    const p = g + (<usize>j << 2);
    store<u32>(p, load<u32>(p + (<usize>M << 2)) ^ twist(load<u32>(p), load<u32>(p + 4)));
  }
  for (; j < N - 1; j++) {
    const p = g + (<usize>j << 2);
    store<u32>(p, load<u32>(p - (<usize>(N - M) << 2)) ^ twist(load<u32>(p), load<u32>(p + 4)));
  }
  const p = g + (<usize>(N - 1) << 2);
  store<u32>(p, load<u32>(p - (<usize>(N - M) << 2)) ^ twist(load<u32>(p), load<u32>(g)));
}

/** CPUGeneratorImpl::random(): one tempered 32-bit draw. */
@inline export function nextU32(g: usize): u32 {
  const left = load<i32>(g + OFF_LEFT) - 1;
  store<i32>(g + OFF_LEFT, left);
  if (left == 0) nextState(g);
  const next = load<i32>(g + OFF_NEXT);
  store<i32>(g + OFF_NEXT, next + 1);
  let y = load<u32>(g + (<usize>next << 2));
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >> 18;
  return y;
}

/** CPUGeneratorImpl::random64(): two draws, the first is the high word. */
@inline export function nextU64(g: usize): u64 {
  const hi = <u64>nextU32(g);
  const lo = <u64>nextU32(g);
  return (hi << 32) | lo;
}

export function rng_random(g: usize): u32 {
  return nextU32(g);
}

/** n raw 32-bit draws into out (u32[n]); for random64 values read pairs (high word first). */
export function rng_random_fill(g: usize, out: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i++) store<u32>(out + (<usize>i << 2), nextU32(g));
}
