// Sampling into plain typed arrays: each function runs one asm/random kernel on a scratch
// buffer in WASM memory and copies the result out. Tensors are built from these one layer up
// (ts/random/factories.ts, the Tensor methods uniform_/normal_/...).
import { fulgurWasm } from "../backend/wasm_module.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { defaultGenerator, Generator } from "./generator.ts";

interface SampleExports {
  alloc(n: number): number;
  dealloc(p: number): void;
  memory: WebAssembly.Memory;
  rng_uniform_f32(g: number, out: number, n: number, from: number, to: number): void;
  rng_normal_f32(g: number, out: number, n: number, mean: number, std: number): void;
  rng_random_from_to(g: number, out: number, n: number, range: number, base: number, asFloat: number): void;
  rng_random_default(g: number, out: number, n: number, asFloat: number): void;
  rng_randperm(g: number, out: number, n: number): void;
  rng_bernoulli_scalar(g: number, out: number, n: number, p: number): void;
  rng_bernoulli_tensor(g: number, out: number, probs: number, n: number): void;
  rng_exponential_f32(g: number, out: number, n: number, lambd: number): void;
}

const wasm = () => fulgurWasm() as unknown as SampleExports;

/** Runs `fill(ptr)` on n 4-byte slots of scratch memory and returns a copy of them. */
function withScratch<T extends Float32Array | Int32Array>(n: number, kind: "f32" | "i32", fill: (w: SampleExports, out: number) => void): T {
  const w = wasm();
  const out = w.alloc(Math.max(4, n * 4));
  try {
    fill(w, out);
    const buf = w.memory.buffer; // read after the call: the memory may have grown
    return (kind === "f32" ? new Float32Array(buf, out, n).slice() : new Int32Array(buf, out, n).slice()) as T;
  } finally {
    w.dealloc(out);
  }
}

const gen = (g?: Generator | null) => g ?? defaultGenerator;

/** uniform_(from, to) on a float32 tensor of n elements. */
export function sampleUniform(n: number, from = 0, to = 1, g?: Generator | null): Float32Array {
  const f = Math.fround(from), t = Math.fround(to);
  if (!(f <= t)) throw new FulgurRuntimeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  if (!(t - f <= 3.4028234663852886e38)) {
    throw new FulgurRuntimeError(`uniform_ expects to-from <= std::numeric_limits<float>::max(), but found to=${to} and from=${from} which result in to-from to exceed the limit`);
  }
  const p = gen(g).statePtr();
  return withScratch(n, "f32", (w, out) => w.rng_uniform_f32(p, out, n, f, t));
}

/** normal_(mean, std) on a contiguous float32 tensor of n elements (torch's two paths: n >= 16 and below). */
export function sampleNormal(n: number, mean = 0, std = 1, g?: Generator | null): Float32Array {
  if (!(std >= 0)) throw new FulgurRuntimeError(`normal expects std >= 0.0, but found std ${std}`);
  const p = gen(g).statePtr();
  return withScratch(n, "f32", (w, out) => w.rng_normal_f32(p, out, n, mean, std));
}

/** random_(from, to) / randint(low, high): integers in [low, high); int64 results are stored as int32. */
export function sampleRandint(n: number, low: number, high: number, g?: Generator | null, asFloat = false): Float32Array | Int32Array {
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) throw new FulgurRuntimeError(`random_: from=${low} and to=${high} must be integers`);
  if (!(low < high)) throw new FulgurRuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const p = gen(g).statePtr();
  return withScratch(n, asFloat ? "f32" : "i32", (w, out) => w.rng_random_from_to(p, out, n, high - low, low, asFloat ? 1 : 0));
}

/** random_() without bounds: [0, 2^63) for int64 (stored as int32, i.e. its low 32 bits), [0, 2^24] for float32. */
export function sampleRandomDefault(n: number, g?: Generator | null, asFloat = false): Float32Array | Int32Array {
  const p = gen(g).statePtr();
  return withScratch(n, asFloat ? "f32" : "i32", (w, out) => w.rng_random_default(p, out, n, asFloat ? 1 : 0));
}

/**
 * torch.empty((), dtype=torch.int64).random_(generator=g).item(): one int64 in [0, 2^63), exact
 * (the DataLoader's base seed, RandomSampler's seed).
 */
export function randomInt64(g?: Generator | null): bigint {
  return gen(g).random64() % (1n << 63n);
}

/** randperm(n): torch 1.13's CPU algorithm. */
export function sampleRandperm(n: number, g?: Generator | null): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new FulgurRuntimeError(`randperm: n must be non-negative, got ${n}`);
  if (n > 0x7fffffff) throw new FulgurRuntimeError(`randperm: n=${n} is too large for int32 storage`);
  const p = gen(g).statePtr();
  return withScratch(n, "i32", (w, out) => w.rng_randperm(p, out, n));
}

/** empty(n).bernoulli_(p) with a scalar p (one random64 per element; 1 or 0). */
export function sampleBernoulliScalar(n: number, p: number, g?: Generator | null): Float32Array {
  if (!(p >= 0 && p <= 1)) throw new FulgurRuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  const ptr = gen(g).statePtr();
  return withScratch(n, "f32", (w, out) => w.rng_bernoulli_scalar(ptr, out, n, p));
}

/** bernoulli(probs) with float32 probabilities (one 32-bit draw per element). */
export function sampleBernoulliTensor(probs: Float32Array, g?: Generator | null): Float32Array {
  for (let i = 0; i < probs.length; i++) {
    if (!(probs[i] >= 0 && probs[i] <= 1)) throw new FulgurRuntimeError(`Expected p_in >= 0 && p_in <= 1 to be true, but got false (probability ${probs[i]} at index ${i})`);
  }
  const ptr = gen(g).statePtr();
  const w = wasm();
  const n = probs.length;
  const pp = w.alloc(Math.max(4, n * 4));
  try {
    new Float32Array(w.memory.buffer, pp, n).set(probs);
    return withScratch(n, "f32", (w2, out) => w2.rng_bernoulli_tensor(ptr, out, pp, n));
  } finally {
    w.dealloc(pp);
  }
}

/** exponential_(lambd). */
export function sampleExponential(n: number, lambd = 1, g?: Generator | null): Float32Array {
  if (!(lambd > 0)) throw new FulgurRuntimeError(`exponential_ expects lambda > 0.0, but found lambda=${lambd}`);
  const p = gen(g).statePtr();
  return withScratch(n, "f32", (w, out) => w.rng_exponential_f32(p, out, n, lambd));
}
