// Pool versions of the elementwise, softmax, reduction and clipping exports of fulgur.wasm (the
// matmul and optimizer ones are in parallel_kernels.ts), same signatures as the originals.
// Bit-identical for every thread count: an elementwise output element is computed by the same
// code as on one thread (pieces are cut where one thread's 4-lane groups are cut); a row reduction or softmax row never straddles two pieces; and a
// long single row is reduced in chunks fixed by its length alone (asm/kernels/reduce.ts), which
// the one-thread kernel uses too, combined in chunk order on the calling thread.

import type { Fn, GetPool, Raw } from "./kernel_types.ts";

/**
 * Below these sizes (output elements; reductions and softmax: input elements) the hand-off to
 * the workers costs more than it saves: a round trip through the pool measured ~15 µs, one
 * thread does an add or a relu in ~0.2–0.5 ns per element and an exp in ~4 ns, so a split pays
 * from ~2^15 cheap or ~2^12 transcendental elements. bench/cases/threads_thresholds.ts measures
 * both sides per family (on an idle machine: under load a second thread finds no core).
 */
export const elementwiseThresholds = {
  /** binary / compare ops (add, mul, max, …: a few ns per element) */
  binary: 1 << 15,
  /** cheap unary ops (neg, abs, relu, sqrt, clip, …) */
  unaryCheap: 1 << 15,
  /** transcendental unary ops (exp, log, tanh, sigmoid, erf, sin, …; atan2) */
  unaryTranscendental: 1 << 12,
  /** row reductions (sum, mean, max, min, prod, argmax, …) */
  reduce: 1 << 15,
  /** softmax rows (an exp per element) */
  softmax: 1 << 12,
  /** clip_grad_norm_'s scaling and clip_grad_value_'s clamping */
  clip: 1 << 16,
};

export function splitAllElementwise(): void {
  for (const k of Object.keys(elementwiseThresholds) as (keyof typeof elementwiseThresholds)[]) elementwiseThresholds[k] = 0;
}

/** Exports these splitters run on pool workers. */
export const SPLIT_KERNELS = [
  "binary_range_f32", "compare_range_f32", "unary_f32", "relu_f32", "relu_backward_f32", "trig_f32", "atan2_f32",
  "reduce_rows_f32", "reduce_rows_i32", "reduce_chunks_f32", "reduce_cols_f32", "argreduce_f32", "argreduce_rows_i32",
  "softmax_f32", "clip_scale", "clip_clamp", "clip_norm_chunks",
];

// UnaryOp codes (asm/kernels/unary.ts) whose per-element cost is a few instructions.
const CHEAP_UNARY = new Set([0, 1, 2, 6, 7, 8, 11, 12, 15, 16, 17, 18, 21, 22, 25]);

/** Thread count to use for `work` elements against `threshold` (1: stay on this thread). */
function threadsFor(getPool: GetPool, work: number, threshold: number): number {
  const pool = getPool();
  if (pool === null || work < threshold || work < 2) return 1;
  return pool.threads;
}

/** [start, count] pieces of n elements cut at multiples of 16 (whole SIMD lanes, whole cache lines). */
function ranges(n: number, T: number): [number, number][] {
  const per = Math.ceil(n / T / 16) * 16, out: [number, number][] = [];
  for (let s = 0; s < n; s += per) out.push([s, Math.min(per, n - s)]);
  return out;
}

/** binary_f32 / compare_f32(op, a, b, out, nd, meta): cut the broadcast output's flat index range. */
function broadcastOp(raw: Raw, getPool: GetPool, name: "binary_f32" | "compare_f32", rangeName: string): Fn {
  const one = raw[name] as Fn;
  return (op, a, b, out, nd, meta) => {
    const pool = getPool();
    if (pool === null || pool.threads < 2) return one(op, a, b, out, nd, meta);
    const shape = new Int32Array(raw.memory.buffer, meta, nd);
    let n = 1;
    for (let d = 0; d < nd; d++) n *= shape[d];
    const T = threadsFor(getPool, n, elementwiseThresholds.binary);
    if (T < 2) return one(op, a, b, out, nd, meta);
    // Cuts fall on a multiple of 4 within their row, so every row keeps one thread's split into
    // 4-lane SIMD groups and a scalar tail (they differ in the NaN a NaN operand of max/min gives).
    const row = shape[nd - 1], cuts = [0];
    for (const [s] of ranges(n, T).slice(1)) {
      const c = s - ((s % row) % 4);
      if (c > cuts[cuts.length - 1]) cuts.push(c);
    }
    cuts.push(n);
    const pieces: number[][] = [];
    for (let i = 0; i + 1 < cuts.length; i++) pieces.push([op, a, b, out, nd, meta, cuts[i], cuts[i + 1] - cuts[i]]);
    pool.run(rangeName, pieces);
  };
}

/**
 * A kernel (…, x, out, n, …) over n contiguous float32 elements: pieces move x and out by their
 * offset. ptrs: positions of the pointer arguments; nAt: position of n; threshold(args).
 */
function flatOp(raw: Raw, getPool: GetPool, name: string, ptrs: number[], nAt: number, threshold: (args: number[]) => number): Fn {
  const one = raw[name] as Fn;
  return (...args) => {
    const n = args[nAt];
    const T = threadsFor(getPool, n, threshold(args));
    if (T < 2) return one(...args);
    getPool()!.run(name, ranges(n, T).map(([s, c]) => {
      const piece = args.slice();
      for (const p of ptrs) piece[p] = args[p] + s * 4;
      piece[nAt] = c;
      return piece;
    }));
  };
}

/**
 * A kernel (…, x, out, rows, cols) over `rows` independent rows: pieces are row blocks.
 * xAt/outAt: pointer positions; rowsAt/colsAt: sizes; inBytes/outBytes per input element /
 * per output row (reductions write one value per row, softmax a whole row).
 */
function rowsOp(raw: Raw, getPool: GetPool, name: string, at: { x: number; out: number; rows: number; cols: number },
                inBytes: number, outRowBytes: (cols: number) => number, threshold: () => number): Fn {
  const one = raw[name] as Fn;
  return (...args) => {
    const rows = args[at.rows], cols = args[at.cols];
    const T = threadsFor(getPool, rows * cols, threshold());
    if (T < 2 || rows < 2) return one(...args);
    const per = Math.ceil(rows / Math.min(T, rows)), pieces: number[][] = [];
    for (let r0 = 0; r0 < rows; r0 += per) {
      const piece = args.slice();
      piece[at.x] = args[at.x] + r0 * cols * inBytes;
      piece[at.out] = args[at.out] + r0 * outRowBytes(cols);
      piece[at.rows] = Math.min(per, rows - r0);
      pieces.push(piece);
    }
    getPool()!.run(name, pieces);
  };
}

/**
 * reduce_rows_f32(op, x, out, outer, inner): row blocks when there are rows enough for every
 * thread, else (a few long rows) the rows' fixed chunks spread over the pool and combined here.
 */
function reduceF32(raw: Raw, getPool: GetPool): Fn {
  const byRows = rowsOp(raw, getPool, "reduce_rows_f32", { x: 1, out: 2, rows: 3, cols: 4 }, 4, () => 4, () => elementwiseThresholds.reduce);
  const one = raw.reduce_rows_f32 as Fn;
  const chunkCount = raw.reduce_chunk_count as (inner: number) => number;
  const combine = raw.reduce_combine_f32 as Fn;
  return (op, x, out, outer, inner) => {
    const T = threadsFor(getPool, outer * inner, elementwiseThresholds.reduce);
    if (T < 2) return one(op, x, out, outer, inner);
    const chunks = chunkCount(inner);
    if (chunks === 1 || outer >= 2 * T) return byRows(op, x, out, outer, inner);
    const units = outer * chunks, partials = raw.alloc(units * 8) >>> 0;
    try {
      const per = Math.ceil(units / Math.min(T, units)), pieces: number[][] = [];
      for (let u = 0; u < units; u += per) pieces.push([op, x, inner, u, Math.min(units, u + per), partials]);
      getPool()!.run("reduce_chunks_f32", pieces);
      combine(op, partials, out, outer, inner);
    } finally {
      raw.dealloc(partials);
    }
  };
}

/**
 * reduce_cols_f32(op, x, out, R, C, stride): column blocks cut at multiples of 16 columns, so each
 * column keeps one thread's 4-lane group (or the scalar tail: a NaN's sign may differ between them).
 */
function reduceCols(raw: Raw, getPool: GetPool): Fn {
  const one = raw.reduce_cols_f32 as Fn;
  return (op, x, out, R, C, stride) => {
    const T = threadsFor(getPool, R * C, elementwiseThresholds.reduce);
    if (T < 2 || C < 32) return one(op, x, out, R, C, stride);
    getPool()!.run("reduce_cols_f32", ranges(C, T).map(([c0, n]) => [op, x + c0 * 4, out + c0 * 4, R, n, stride]));
  };
}

/** clip_norm_reduce(ptr, n, p, mode) → f64: its fixed chunks spread over the pool, folded here. */
function clipNorm(raw: Raw, getPool: GetPool): Fn {
  const one = raw.clip_norm_reduce as Fn;
  const chunkCount = raw.clip_norm_chunk_count as (n: number) => number;
  const combine = raw.clip_norm_combine as (partials: number, chunks: number, mode: number) => number;
  return (ptr, n, p, mode) => {
    const T = threadsFor(getPool, n, elementwiseThresholds.clip);
    const chunks = T < 2 ? 1 : chunkCount(n);
    if (chunks === 1) return one(ptr, n, p, mode);
    const partials = raw.alloc(chunks * 8) >>> 0;
    try {
      const per = Math.ceil(chunks / Math.min(T, chunks)), pieces: number[][] = [];
      for (let c = 0; c < chunks; c += per) pieces.push([ptr, n, p, mode, c, Math.min(chunks, c + per), partials]);
      getPool()!.run("clip_norm_chunks", pieces);
      return combine(partials, chunks, mode);
    } finally {
      raw.dealloc(partials);
    }
  };
}

/** The splitters, by export name, to put in place of the single-threaded exports. */
export function splitKernels(raw: Raw, getPool: GetPool): Record<string, Fn> {
  const ew = elementwiseThresholds;
  const rows = (name: string, outRowBytes: (cols: number) => number, threshold: () => number, first: number) =>
    rowsOp(raw, getPool, name, { x: first, out: first + 1, rows: first + 2, cols: first + 3 }, 4, outRowBytes, threshold);
  return {
    binary_f32: broadcastOp(raw, getPool, "binary_f32", "binary_range_f32"),
    compare_f32: broadcastOp(raw, getPool, "compare_f32", "compare_range_f32"),
    unary_f32: flatOp(raw, getPool, "unary_f32", [1, 2], 3, (a) => (CHEAP_UNARY.has(a[0]) ? ew.unaryCheap : ew.unaryTranscendental)),
    relu_f32: flatOp(raw, getPool, "relu_f32", [0, 1], 2, () => ew.unaryCheap),
    relu_backward_f32: flatOp(raw, getPool, "relu_backward_f32", [0, 1, 2], 3, () => ew.unaryCheap),
    trig_f32: flatOp(raw, getPool, "trig_f32", [1, 2], 3, () => ew.unaryTranscendental),
    atan2_f32: flatOp(raw, getPool, "atan2_f32", [0, 1, 2], 3, () => ew.unaryTranscendental),
    reduce_rows_f32: reduceF32(raw, getPool),
    reduce_cols_f32: reduceCols(raw, getPool),
    reduce_rows_i32: rows("reduce_rows_i32", () => 4, () => ew.reduce, 1),
    argreduce_f32: rows("argreduce_f32", () => 4, () => ew.reduce, 1),
    argreduce_rows_i32: rows("argreduce_rows_i32", () => 4, () => ew.reduce, 1),
    softmax_f32: rows("softmax_f32", (c) => c * 4, () => ew.softmax, 0),
    clip_scale: flatOp(raw, getPool, "clip_scale", [0], 1, () => ew.clip),
    clip_clamp: flatOp(raw, getPool, "clip_clamp", [0], 1, () => ew.clip),
    clip_norm_reduce: clipNorm(raw, getPool),
  };
}
