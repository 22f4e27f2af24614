// Gradient clipping reductions and in-place updates (torch.nn.utils.clip_grad_norm_ /
// clip_grad_value_). Reductions accumulate in float64 in index order, so every runtime
// gets the same bits; the JS side rounds each norm to float32 as torch's norm tensor is.
import { f32At, setF32 } from "./table";

const NORM_POW_SUM: i32 = 0, NORM_SQUARE_SUM: i32 = 1, NORM_ABS_MAX: i32 = 2,
  NORM_NONZERO_COUNT: i32 = 3, NORM_ABS_MIN: i32 = 4;

// A gradient of NORM_CHUNKED_MIN elements or more is reduced in fixed chunks of NORM_CHUNK
// (each in index order from the identity), the chunk results combined in chunk order: the
// chunking depends on n alone, so the pool (clip_norm_chunks + clip_norm_combine) spreads chunks
// over threads and gets one thread's bits.
const NORM_CHUNKED_MIN: i32 = 1 << 16;
const NORM_CHUNK: i32 = 1 << 13;

@inline function normChunks(n: i32): i32 {
  return n < NORM_CHUNKED_MIN ? 1 : (n + NORM_CHUNK - 1) / NORM_CHUNK;
}

@inline function normIdentity(mode: i32): f64 {
  return mode == NORM_ABS_MIN ? Infinity : 0;
}

/** Folds v (a value, or a chunk's partial) into acc as `mode` does. */
@inline function normFold(acc: f64, v: f64, mode: i32): f64 {
  if (mode == NORM_ABS_MAX) return (v != v || acc != acc) ? NaN : max(acc, v);
  if (mode == NORM_ABS_MIN) return (v != v || acc != acc) ? NaN : min(acc, v);
  return acc + v;
}

/** mode's reduction of elements [from, to) at ptr, in index order from the identity. */
function normRange(ptr: usize, from: i32, to: i32, p: f64, mode: i32): f64 {
  let acc = normIdentity(mode);
  for (let j = from; j < to; j++) {
    const x = <f64>abs<f32>(f32At(ptr, j));
    if (mode == NORM_SQUARE_SUM) acc += x * x;
    else if (mode == NORM_POW_SUM) acc += Math.pow(x, p);
    else if (mode == NORM_ABS_MAX || mode == NORM_ABS_MIN) acc = normFold(acc, x, mode);
    else if (x != 0) acc += 1;
  }
  return acc;
}

/** mode NORM_POW_SUM: Σ|x|^p; NORM_SQUARE_SUM: Σx²; NORM_ABS_MAX/MIN: max/min |x|; NORM_NONZERO_COUNT: #(x≠0). */
export function clip_norm_reduce(ptr: usize, n: i32, p: f64, mode: i32): f64 {
  const chunks = normChunks(n);
  if (chunks == 1) return normRange(ptr, 0, n, p, mode);
  let acc = normIdentity(mode);
  for (let c = 0; c < chunks; c++) acc = normFold(acc, normRange(ptr, c * NORM_CHUNK, min(n, (c + 1) * NORM_CHUNK), p, mode), mode);
  return acc;
}

/** Chunks clip_norm_reduce cuts n elements into (1: one pass). */
export function clip_norm_chunk_count(n: i32): i32 {
  return normChunks(n);
}

/** Pool piece: partials[c] = chunk c's reduction, for chunks c0..c1-1. */
export function clip_norm_chunks(ptr: usize, n: i32, p: f64, mode: i32, c0: i32, c1: i32, partials: usize): void {
  for (let c = c0; c < c1; c++) {
    store<f64>(partials + (<usize>c << 3), normRange(ptr, c * NORM_CHUNK, min(n, (c + 1) * NORM_CHUNK), p, mode));
  }
}

/** clip_norm_reduce's result from clip_norm_chunks' partials, folded in chunk order. */
export function clip_norm_combine(partials: usize, chunks: i32, mode: i32): f64 {
  let acc = normIdentity(mode);
  for (let c = 0; c < chunks; c++) acc = normFold(acc, load<f64>(partials + (<usize>c << 3)), mode);
  return acc;
}

/** x = x * c (float32), the clip coefficient multiply. */
export function clip_scale(ptr: usize, n: i32, c: f32): void {
  let j = 0;
  const cv = f32x4.splat(c);
  for (; j + 4 <= n; j += 4) {
    const a = ptr + (<usize>j << 2);
    v128.store(a, f32x4.mul(v128.load(a), cv));
  }
  for (; j < n; j++) setF32(ptr, j, f32At(ptr, j) * c);
}

/** x = clamp(x, lo, hi) as torch.clamp_ (NaN stays NaN). */
export function clip_clamp(ptr: usize, n: i32, lo: f32, hi: f32): void {
  for (let j = 0; j < n; j++) {
    const x = f32At(ptr, j);
    setF32(ptr, j, x != x ? x : min(max(x, lo), hi));
  }
}
