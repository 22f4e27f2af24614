// Multi-threaded versions of fulgur.wasm exports, with the same signatures, built from the
// single-threaded exports run on disjoint pieces of the output. Every output element is computed
// by the same code in the same order as on one thread, so results are bit-identical for any
// thread count: matmul splits output columns, rows or whole batch matrices, never the k loop; the
// fused optimizer updates split parameters at 4-element lane boundaries, and every n % 4 tail
// stays on the calling thread (the kernels stage tails in one static scratch block).
import { SPLIT_KERNELS, splitAllElementwise, splitKernels } from "./split_kernels.ts";
import { CONV_KERNELS, convKernels, convThresholds } from "./conv_kernels.ts";
import { COPY_KERNELS, copyKernels, copyThresholds } from "./copy_kernels.ts";

import type { Fn, GetPool, Raw } from "./kernel_types.ts";

// Below these sizes the hand-off costs more than it saves (measured: bench/cases/threads_scaling.ts).
export const splitThresholds = { matmulMacs: 1 << 19, optimElements: 1 << 16 };

/** Tests: send every matmul, optimizer step and elementwise/reduction kernel through the pool, however small. */
export function splitEverything(): void {
  splitThresholds.matmulMacs = 0;
  splitThresholds.optimElements = 0;
  convThresholds.macs = 0;
  copyThresholds.elements = 0;
  splitAllElementwise();
}

// Every fused optimizer update is one flat elementwise pass over its descriptor table; those
// listed with coefs take (table, coefs, count, ...scalars), the others (table, count, ...scalars).
const OPTIMIZERS: Record<string, boolean> = {
  optim_adam: true, optim_sgd: true, optim_adagrad: true, optim_adamax: true, optim_nadam: true,
  optim_radam: true, optim_asgd: true, optim_rmsprop: false, optim_adadelta: false, optim_rprop: false,
};

/** Kernel exports a pool worker may run. */
export const POOL_KERNELS = ["matmul_f32", "matmul_f32_cols", ...Object.keys(OPTIMIZERS), ...SPLIT_KERNELS, ...CONV_KERNELS, ...COPY_KERNELS];

function matmul(raw: Raw, getPool: GetPool): Fn {
  const one = raw.matmul_f32 as Fn;
  return (a, b, out, M, K, N, ta, tb, batch, batchA, batchB) => {
    const pool = getPool();
    const T = pool ? pool.threads : 1;
    if (T < 2 || M * K * N * batch < splitThresholds.matmulMacs) return one(a, b, out, M, K, N, ta, tb, batch, batchA, batchB);
    if (batch >= T) {
      // whole matrices per piece
      const aBytes = M * K * 4, bBytes = K * N * 4, cBytes = M * N * 4;
      const per = Math.ceil(batch / T), pieces: number[][] = [];
      for (let b0 = 0; b0 < batch; b0 += per) {
        const nb = Math.min(per, batch - b0);
        pieces.push([batchA === 1 ? a : a + b0 * aBytes, batchB === 1 ? b : b + b0 * bBytes, out + b0 * cBytes,
          M, K, N, ta, tb, nb, batchA === 1 ? 1 : nb, batchB === 1 ? 1 : nb]);
      }
      pool!.run("matmul_f32", pieces);
      return;
    }
    if (batch !== 1 || M < 2) return one(a, b, out, M, K, N, ta, tb, batch, batchA, batchB);
    // Row blocks of op(a). With transA the kernel itself would first transpose a into [M×K];
    // doing that here once lets every piece start from plain rows (same values, same order).
    let rows = a, tmp = 0;
    if (ta) {
      tmp = raw.alloc(M * K * 4) >>> 0;
      transposeInto(raw, a, K, M, tmp);
      rows = tmp;
    }
    try {
      const np = Math.ceil(N / 8);
      if (np >= 4 * T) {
        // Column blocks of whole 8-wide panels: each thread packs only its share of B (a row
        // split had every thread pack all of it) and reads all of A, which costs the same A
        // traffic per thread as a row split. Blocks of 2 panels keep the boundary on a 64-byte line.
        const per = Math.ceil(np / T / 2) * 2, pieces: number[][] = [];
        for (let p0 = 0; p0 < np; p0 += per) pieces.push([rows, b, out, M, K, N, tb, p0, Math.min(np, p0 + per)]);
        pool!.run("matmul_f32_cols", pieces);
        return;
      }
      const per = Math.ceil(M / T / 4) * 4, pieces: number[][] = [];
      for (let r0 = 0; r0 < M; r0 += per) {
        pieces.push([rows + r0 * K * 4, b, out + r0 * N * 4, Math.min(per, M - r0), K, N, 0, tb, 1, 1, 1]);
      }
      pool!.run("matmul_f32", pieces);
    } finally {
      if (tmp !== 0) raw.dealloc(tmp);
    }
  };
}

/**
 * dst[M×K] = src[K×M]ᵀ (a copy: no arithmetic on the values) by the module's tiled transpose
 * (copy_nd: shape [M, K], source strides [1, M], destination strides [K, 1]), on this thread.
 */
function transposeInto(raw: Raw, src: number, K: number, M: number, dst: number): void {
  const meta = raw.alloc(24) >>> 0;
  try {
    new Int32Array(raw.memory.buffer, meta, 6).set([M, K, 1, M, K, 1]);
    (raw.copy_nd as Fn)(4, src, dst, 2, meta);
  } finally {
    raw.dealloc(meta);
  }
}

const DESC = 8, COEF = 4;

/** A fused optimizer update (table, coefs, count, ...scalars), or (table, count, ...) without coefs, split across the pool. */
function optim(raw: Raw, getPool: GetPool, name: string, hasCoefs: boolean): Fn {
  const one = raw[name] as Fn;
  const call = (table: number, coefs: number, count: number, rest: number[]) =>
    hasCoefs ? one(table, coefs, count, ...rest) : one(table, count, ...rest);
  return (...args) => {
    const [table, coefs, count, ...rest] = hasCoefs ? args : [args[0], 0, ...args.slice(1)];
    const pool = getPool();
    const T = pool ? pool.threads : 1;
    if (T < 2) return call(table, coefs, count, rest);
    const buf = raw.memory.buffer;
    const desc = new Int32Array(buf, table, count * DESC).slice();
    const cf = hasCoefs ? new Float64Array(buf, coefs, count * COEF).slice() : null;
    let total = 0;
    for (let i = 0; i < count; i++) total += desc[i * DESC + 2] & ~3;
    if (total < splitThresholds.optimElements) return call(table, coefs, count, rest);
    const chunk = Math.ceil(total / T / 4) * 4;
    // entries per piece: [descriptor index, element offset, length]
    const pieces: number[][][] = Array.from({ length: T }, () => []);
    let t = 0, filled = 0;
    for (let i = 0; i < count; i++) {
      const n = desc[i * DESC + 2], full = n & ~3;
      for (let off = 0; off < full;) {
        const take = Math.min(full - off, chunk - filled);
        pieces[t].push([i, off, take]);
        off += take;
        filled += take;
        if (filled === chunk && t < T - 1) { t++; filled = 0; }
      }
      if (n > full) pieces[0].push([i, full, n - full]);
    }
    const blocks: number[] = [];
    try {
      const args: number[][] = [];
      for (const entries of pieces) {
        if (entries.length === 0) continue;
        const tp = raw.alloc(entries.length * DESC * 4) >>> 0, cp = cf ? raw.alloc(entries.length * COEF * 8) >>> 0 : 0;
        blocks.push(tp);
        if (cp !== 0) blocks.push(cp);
        const mem = raw.memory.buffer;
        const d = new Int32Array(mem, tp, entries.length * DESC), c = cf ? new Float64Array(mem, cp, entries.length * COEF) : null;
        entries.forEach(([i, off, len], e) => {
          for (let k = 0; k < DESC; k++) {
            const v = desc[i * DESC + k];
            // param, grad and state pointers move by the offset; an unused (0) state stays 0
            d[e * DESC + k] = k === 2 ? len : k === 7 || v === 0 ? v : v + off * 4;
          }
          if (c && cf) for (let k = 0; k < COEF; k++) c[e * COEF + k] = cf[i * COEF + k];
        });
        args.push(hasCoefs ? [tp, cp, entries.length, ...rest] : [tp, entries.length, ...rest]);
      }
      pool!.run(name, args);
    } finally {
      for (const p of blocks) raw.dealloc(p);
    }
  };
}

/**
 * The exports object the backend sees: the raw exports with the pool versions swapped in; they
 * use whatever pool getPool() gives at each call (none: the calling thread alone).
 */
export function withPool(raw: Raw, getPool: GetPool): Raw {
  const o: Raw = Object.assign(Object.create(null) as Raw, raw);
  o.matmul_f32 = matmul(raw, getPool);
  for (const [name, hasCoefs] of Object.entries(OPTIMIZERS)) o[name] = optim(raw, getPool, name, hasCoefs);
  Object.assign(o, splitKernels(raw, getPool));
  Object.assign(o, convKernels(raw, getPool));
  Object.assign(o, copyKernels(raw, getPool));
  return o;
}
