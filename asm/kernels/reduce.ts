// Reductions over the innermost `inner` elements of `outer` contiguous rows (the JS side
// transposes reduced axes innermost first). Op codes match ts/backend/kernels/op_codes.ts
// (ReduceOp). Sums run left to right in float64: a fixed order, so every engine agrees,
// and accurate enough to sit within float32 rounding of torch's pairwise sums.
//
// A row of CHUNKED_MIN elements or more is reduced in fixed chunks of CHUNK elements (each
// summed left to right from 0 in float64), the chunk results then combined in chunk order.
// The chunking depends on the row length only, never on the thread count: the pool hands
// chunks to different threads (reduce_chunks_f32 + reduce_combine_f32) and gets one thread's bits.

const SUM: i32 = 0, MEAN: i32 = 1, MAX: i32 = 2, MIN: i32 = 3, PROD: i32 = 4;

export const CHUNKED_MIN: i32 = 1 << 16;
export const CHUNK: i32 = 1 << 13;

/** Chunks a row of `inner` elements is reduced in (1: one left-to-right pass). */
@inline export function chunksOf(inner: i32): i32 {
  return inner < CHUNKED_MIN ? 1 : (inner + CHUNK - 1) / CHUNK;
}

/** The float64 sum (or product) of n floats at p, left to right from the identity. */
@inline function accumulate(isProd: bool, p: usize, n: i32): f64 {
  let s: f64 = isProd ? 1 : 0;
  if (isProd) for (let i = 0; i < n; i++) s *= <f64>load<f32>(p + (<usize>i << 2));
  else for (let i = 0; i < n; i++) s += <f64>load<f32>(p + (<usize>i << 2));
  return s;
}

/** max/min of n ≥ 1 floats at p; NaN propagates (wasm's max/min), so the order is irrelevant. */
@inline function extreme(isMax: bool, p: usize, n: i32): f32 {
  let m: f32 = load<f32>(p);
  for (let i = 1; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    m = isMax ? max(m, v) : min(m, v);
  }
  return m;
}

/** Chunk c of a row: its partial result in float64 (sum/product, or the f32 max/min widened). */
@inline function chunkValue(op: i32, row: usize, inner: i32, c: i32): f64 {
  const from = c * CHUNK, n = min(CHUNK, inner - from), p = row + (<usize>from << 2);
  if (op == MAX || op == MIN) return <f64>extreme(op == MAX, p, n);
  return accumulate(op == PROD, p, n);
}

/** Combines a row's chunk partials (in chunk order) into its float32 result. */
@inline function combine(op: i32, partials: usize, chunks: i32, inner: i32): f32 {
  if (op == MAX || op == MIN) {
    let m = load<f64>(partials);
    for (let c = 1; c < chunks; c++) {
      const v = load<f64>(partials + (<usize>c << 3));
      m = op == MAX ? max(m, v) : min(m, v);
    }
    return <f32>m;
  }
  let s: f64 = op == PROD ? 1 : 0;
  for (let c = 0; c < chunks; c++) {
    const v = load<f64>(partials + (<usize>c << 3));
    s = op == PROD ? s * v : s + v;
  }
  return <f32>(op == MEAN ? s / <f64>inner : s);
}

/**
 * Sum / mean / product of one chunked row (inner ≥ CHUNKED_MIN), chunk partials combined in
 * chunk order: the same bits as reduce_chunks_f32 + reduce_combine_f32.
 */
export function chunkedRow(op: i32, row: usize, inner: i32): f32 {
  const chunks = chunksOf(inner);
  let s: f64 = op == PROD ? 1 : 0;
  for (let c = 0; c < chunks; c++) {
    const v = chunkValue(op, row, inner, c);
    s = op == PROD ? s * v : s + v;
  }
  return <f32>(op == MEAN ? s / <f64>inner : s);
}

/**
 * Pool piece of a chunked reduction: units u0..u1-1 of `outer` rows of `inner` (inner ≥
 * CHUNKED_MIN), unit u = row * chunksOf(inner) + chunk; partials[u] gets the chunk's float64.
 */
export function reduce_chunks_f32(op: i32, x: usize, inner: i32, u0: i32, u1: i32, partials: usize): void {
  const chunks = chunksOf(inner);
  for (let u = u0; u < u1; u++) {
    const r = u / chunks, c = u % chunks;
    store<f64>(partials + (<usize>u << 3), chunkValue(op, x + (<usize>r * <usize>inner << 2), inner, c));
  }
}

/** Combines reduce_chunks_f32's partials of `outer` rows into out[outer] (float32). */
export function reduce_combine_f32(op: i32, partials: usize, out: usize, outer: i32, inner: i32): void {
  const chunks = chunksOf(inner);
  for (let r = 0; r < outer; r++) {
    store<f32>(out + (<usize>r << 2), combine(op, partials + (<usize>(r * chunks) << 3), chunks, inner));
  }
}

/** The reference order every float32 row reduction keeps (reduce_rows_f32 is its fast form). */
export function reduce_f32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + (<usize>r * <usize>inner << 2);
    let res: f32;
    if ((op == SUM || op == MEAN || op == PROD) && inner >= CHUNKED_MIN) {
      res = chunkedRow(op, row, inner);
    } else if (op == SUM || op == MEAN) {
      const s = accumulate(false, row, inner);
      res = <f32>(op == MEAN ? s / <f64>inner : s);
    } else if (op == PROD) {
      res = <f32>accumulate(true, row, inner);
    } else {
      // max/min propagate NaN (wasm f32.max/min do), as torch.max/min do
      res = extreme(op == MAX, row, inner);
    }
    store<f32>(out + (<usize>r << 2), res);
  }
}

/** Index of the first maximum (op 0) / minimum (op 1) of each row; a NaN wins, as in torch. */
export function argreduce_f32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + (<usize>r * <usize>inner << 2);
    let best: f32 = load<f32>(row);
    let bi = 0;
    if (best == best) {
      for (let i = 1; i < inner; i++) {
        const v = load<f32>(row + (<usize>i << 2));
        if (v != v) { bi = i; break; }
        if (op == 0 ? v > best : v < best) { best = v; bi = i; }
      }
    }
    store<i32>(out + (<usize>r << 2), bi);
  }
}

/** Chunks reduce_chunks_f32 cuts a row of `inner` elements into (the JS dispatcher asks). */
export function reduce_chunk_count(inner: i32): i32 {
  return chunksOf(inner);
}

/**
 * Reductions over the leading axis without a transpose: out[c] = op over r of x[r·stride + c],
 * for c < C, r < R. Each column runs down r in order in float64 (sum/mean/prod), so its bits are
 * those of reduce_f32 over the transposed rows (for R < CHUNKED_MIN: the JS side transposes
 * longer columns), two columns per f64x2 lane pair; max/min in float32, 4 columns at a time.
 */
export function reduce_cols_f32(op: i32, x: usize, out: usize, R: i32, C: i32, stride: i32): void {
  const rowB = <usize>stride << 2;
  let c = 0;
  if (op == MAX || op == MIN) {
    for (; c + 4 <= C; c += 4) {
      let p = x + (<usize>c << 2);
      let m = v128.load(p);
      for (let r = 1; r < R; r++) {
        p += rowB;
        m = op == MAX ? f32x4.max(m, v128.load(p)) : f32x4.min(m, v128.load(p));
      }
      v128.store(out + (<usize>c << 2), m);
    }
    for (; c < C; c++) {
      let p = x + (<usize>c << 2);
      let m = load<f32>(p);
      for (let r = 1; r < R; r++) {
        p += rowB;
        m = op == MAX ? max(m, load<f32>(p)) : min(m, load<f32>(p));
      }
      store<f32>(out + (<usize>c << 2), m);
    }
    return;
  }
  const isProd = op == PROD;
  const init = f64x2.splat(isProd ? 1 : 0);
  for (; c + 4 <= C; c += 4) {
    let p = x + (<usize>c << 2);
    let s0 = init, s1 = init;
    for (let r = 0; r < R; r++) {
      const v = v128.load(p);
      const lo = f64x2.promote_low_f32x4(v), hi = f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 1));
      if (isProd) { s0 = f64x2.mul(s0, lo); s1 = f64x2.mul(s1, hi); }
      else { s0 = f64x2.add(s0, lo); s1 = f64x2.add(s1, hi); }
      p += rowB;
    }
    const q = out + (<usize>c << 2);
    store<f32>(q, fin(op, f64x2.extract_lane(s0, 0), R));
    store<f32>(q + 4, fin(op, f64x2.extract_lane(s0, 1), R));
    store<f32>(q + 8, fin(op, f64x2.extract_lane(s1, 0), R));
    store<f32>(q + 12, fin(op, f64x2.extract_lane(s1, 1), R));
  }
  for (; c < C; c++) {
    let p = x + (<usize>c << 2);
    let s: f64 = isProd ? 1 : 0;
    for (let r = 0; r < R; r++) {
      s = isProd ? s * <f64>load<f32>(p) : s + <f64>load<f32>(p);
      p += rowB;
    }
    store<f32>(out + (<usize>c << 2), fin(op, s, R));
  }
}

@inline function fin(op: i32, s: f64, n: i32): f32 {
  return <f32>(op == MEAN ? s / <f64>n : s);
}
